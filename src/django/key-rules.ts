// Django's own rules for a secret key, in one place for the analysis, the
// deployment-file readers and the key generator: security.W009
// (django/core/checks/security/base.py) wants at least 50 characters, at least
// 5 distinct ones and no `django-insecure-` prefix; get_random_secret_key()
// (django/core/management/utils.py) draws 50 characters from this alphabet.

export const MIN_KEY_LENGTH = 50;
export const MIN_DISTINCT_CHARACTERS = 5;
export const INSECURE_PREFIX = 'django-insecure-';
export const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

/** Shorter than Django's 50 characters, or fewer than its 5 distinct ones. */
export function isWeakKey(value: string): boolean {
  return Array.from(value).length < MIN_KEY_LENGTH || new Set(value).size < MIN_DISTINCT_CHARACTERS;
}
