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

describe('what a finding says about a Flask key and a lookup', () => {
  const findingsOf = (path: string, code: string) => analyzeFile({ path, content: Buffer.from(code) });
  const FLASK_APP = 'from flask import Flask\n\napp = Flask(__name__)\n';

  it('does not judge a Flask key by Django rules', () => {
    const [bytesKey] = findingsOf('app.py', `${FLASK_APP}app.secret_key = b"\\xff\\xfe\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08"\n`);
    expect(bytesKey).toMatchObject({ ruleId: 'flask-hardcoded-secret-key', severity: 'error' });
    expect(bytesKey!.message).not.toContain('Django');
    const [short] = findingsOf('app.py', `${FLASK_APP}app.config["SECRET_KEY"] = "hard to guess string"\n`);
    expect(short!.message).toMatch(/^\.config\["SECRET_KEY"\] is assigned a hardcoded key: it looks like a placeholder; it has only 20 characters \(a key should have at least 50\)/);
  });

  it('tells to put the key in the variable the code already reads', () => {
    const [fallback] = findingsOf('config.py', "import os\n\nclass Config:\n    SECRET_KEY = os.environ.get('SECRET_KEY') or 'you-will-never-guess'\n");
    expect(fallback!.suggestion).toContain('in SECRET_KEY where the app runs');
    const [lookup] = findingsOf('mysite/settings.py', 'import os\n\nSECRET_KEY = os.getenv("MYSITE_KEY", "kx9v2mqa77rtp0zdkx9v2mqa77rtp0zd")\n');
    expect(lookup!.suggestion).toContain('in MYSITE_KEY where the app runs');
    const [fallbackBranch] = findingsOf('dev_env/settings.py', 'import os\n\nSECRET_KEY = os.getenv("SECRET_KEY")\nif not SECRET_KEY:\n    SECRET_KEY = "kx9v2mqa77rtp0zdkx9v2mqa77rtp0zd"\n');
    expect(fallbackBranch!.suggestion).toContain('rewrites it to os.getenv("SECRET_KEY"); then put a fresh key (`npx settings-guard generate-key`) in SECRET_KEY');
  });

  it("does not take configparser's get(section, option) for a default", () => {
    expect(findingsOf('mysite/settings.py', 'import configparser\n\nconfig = configparser.ConfigParser()\nSECRET_KEY = config.get("django", "secret_key")\nSECRET_KEY = config.get("security", "key")\n')).toEqual([]);
  });

  it('reads a default through an alias of os.environ', () => {
    const [aliased] = findingsOf('settings.py', 'import os\nos_env = os.environ\n\nclass Config(object):\n    SECRET_KEY = os_env.get("APP_SECRET", "secret-key")  # TODO: Change me\n');
    expect(aliased).toMatchObject({ ruleId: 'django-key-env-default', line: 5 });
    expect(aliased!.suggestion).toContain('in APP_SECRET where the app runs');
  });
});

describe('text about the key is not a key', () => {
  const findingsOf = (path: string, code: string) => analyzeFile({ path, content: Buffer.from(code) }).map((finding) => finding.ruleId);

  it.each([
    ['checks/remediation.py', 'REMEDIATION = {\n    "DEBUG": "Set DEBUG = False in production",\n    "SECRET_KEY": "Generate a strong, unique SECRET_KEY",\n}\n'],
    ['checks/messages.py', "MESSAGES = {'SECRET_KEY': 'The secret key environment variable is missing'}\n"],
    ['locale/en.json', '{"errors": {"settings": {"SECRET_KEY": "The secret key environment variable is missing"}}}\n'],
    ['checks.yaml', 'hints:\n  SECRET_KEY: Read SECRET_KEY from the environment\n'],
  ])('a message table (%s)', (path, code) => {
    expect(findingsOf(path, code)).toEqual([]);
  });

  it.each([
    ['logger.warning("SECRET_KEY", "is missing from the environment")'],
    ['log_validation_error("SECRET_KEY", "secret", "length")'],
    ['raise SecretValidationError("SECRET_KEY", "Invalid secret key")'],
    ['validate_secret_key("SECRET_KEY", "abcd1234")'],
  ])('a call that names the setting but looks nothing up: %s', (call) => {
    expect(findingsOf('app/security.py', `${call}\n`)).toEqual([]);
  });

  it('still reports a sentence assigned to the key itself, and a helper that looks the key up', () => {
    expect(findingsOf('mysite/settings.py', 'SECRET_KEY = "please change this before going live"\n')).toEqual(['django-hardcoded-key']);
    expect(findingsOf('mysite/settings.py', 'SECRET_KEY = get_env_setting("SECRET_KEY", "kx9v2mqa77rtp0zdkx9v2mqa77rtp0zd")\n')).toEqual(['django-key-env-default']);
    expect(findingsOf('mysite/settings.py', 'SETTINGS = {"SECRET_KEY": "kx9v2mqa77rtp0zdkx9v2mqa77rtp0zd"}\n')).toEqual(['django-hardcoded-key']);
  });
});
