// What a finding's message says about the value: the words a user reads.
import { analyzeFile } from '../../src/engine/analyze';

const messageFor = (value: string) => analyzeFile({ path: 'mysite/settings.py', content: Buffer.from(`SECRET_KEY = "${value}"\n`) })[0]!.message;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
const startprojectLike = () => Array.from({ length: 50 }, (_, i) => ALPHABET[(i * 7 + 3) % ALPHABET.length]).join('');

describe('what the message says about a value', () => {
  it.each([['changeme'], ['your-secret-key'], ['your-django-secret-key'], ['your-default-secret-key'], ['change-me-in-production'], ['replace_this_with_a_real_key'], ['Dummy Key For Local Use']])(
    '%s looks like a placeholder',
    (value) => {
      expect(messageFor(value)).toContain('it looks like a placeholder');
    },
  );

  it.each([['kx9v-2mqa-77rt-p0zd'], ['correct-horse-battery-staple'], ['production_signing_key_2019']])('%s is not called a placeholder', (value) => {
    expect(messageFor(value)).not.toContain('placeholder');
  });

  it('says startproject made a django-insecure- key only when it has startproject\'s shape', () => {
    expect(messageFor(`django-insecure-${startprojectLike()}`)).toContain('the throw-away kind that startproject generates');
    const handWritten = messageFor('django-insecure-change-me-in-production-please-and-thank-you');
    expect(handWritten).not.toContain('startproject');
    expect(handWritten).toContain('it starts with django-insecure-, the prefix Django gives keys that are not for production');
    expect(handWritten).toContain('it looks like a placeholder');
  });
});
