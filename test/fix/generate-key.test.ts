import { UserError } from '../../src/errors';
import { KEY_ALPHABET } from '../../src/django/key-rules';
import { envLine, generateKey } from '../../src/fix/generate-key';

describe('generateKey', () => {
  it('makes 50 characters from Django get_random_secret_key alphabet by default', () => {
    expect(KEY_ALPHABET).toBe('abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)');
    const key = generateKey();
    expect(key).toHaveLength(50);
    expect(key).toMatch(/^[a-z0-9!@#$%^&*(\-_=+)]{50}$/);
    expect(key.startsWith('django-insecure-')).toBe(false);
  });

  it('honours a longer length and refuses one below 50', () => {
    expect(generateKey(80)).toHaveLength(80);
    expect(() => generateKey(49)).toThrow(UserError);
    expect(() => generateKey(50.5)).toThrow(UserError);
    expect(() => generateKey(Number.NaN)).toThrow(UserError);
  });

  it('draws every symbol equally often (chi-square over 200,000 characters)', () => {
    const counts = new Map<string, number>();
    const keys = 4000;
    for (let i = 0; i < keys; i++) for (const char of generateKey()) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...KEY_ALPHABET].sort().join(''));
    const expected = (keys * 50) / KEY_ALPHABET.length;
    let chiSquare = 0;
    for (const count of counts.values()) chiSquare += (count - expected) ** 2 / expected;
    // 49 degrees of freedom: mean 49, sd ~9.9. 130 is beyond p = 1e-8 for a fair
    // generator; a modulo bias such as `byte % 50` (first 6 symbols 6/256 vs 5/256) gives ~800.
    expect(chiSquare).toBeLessThan(130);
  });

  it('keys differ from each other', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateKey()));
    expect(keys.size).toBe(1000);
  });

  it('single-quotes the env line so $, # and & stay literal', () => {
    expect(envLine('DJANGO_SECRET_KEY', 'a$b#c&d')).toBe("DJANGO_SECRET_KEY='a$b#c&d'");
  });
});
