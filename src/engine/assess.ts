// Judging a key's value the way Django does (django/core/checks/security/base.py,
// security.W009: at least 50 characters, at least 5 distinct ones, no
// `django-insecure-` prefix).
import { INSECURE_PREFIX, MIN_DISTINCT_CHARACTERS, MIN_KEY_LENGTH, isWeakKey } from '../django/key-rules';
import type { KeySite, ValueClass } from '../types';

// Filled in by a template engine or a deploy tool, not a key: {{ x }}, {% x %},
// ${X}, $X, <your-key>, %(x)s, @@X@@.
const TEMPLATE_PLACEHOLDER = /^\s*(?:\{\{.*\}\}|\{%.*%\}|\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]+>|%\([^)]*\)s|@@\w+@@)\s*$/s;
const PLACEHOLDER_WORDS = /^(?:change[-_ ]?me|changethis|replace[-_ ]?me|your[-_ ]?secret[-_ ]?key(?:[-_ ]?here)?|secret(?:[-_ ]?key)?|dev|development|test|testing|x+|todo|fixme|placeholder|insecure|not[-_ ]?secret|dummy|default|s3cr3t|you-will-never-guess|super[-_ ]?secret)$/i;
// Or a phrase of words that asks to be replaced or says what it is for:
// your-django-secret-key, change-me-in-production, ci-key-not-for-production-use-2.
const WORD_PHRASE = /^[a-z0-9]+(?:[-_ .]+[a-z0-9]+)+$/i;
const ASKS_TO_BE_REPLACED =
  /(?:^|[-_ .])(?:your|change|changeme|replace|placeholder|example|dummy|fake|todo|fixme|insecure|unsafe|guess|not[-_ .]for[-_ .]production|test|testing|ci|dev|local)(?:[-_ .]|$)/i;
// What startproject writes after the prefix: 50 characters of get_random_secret_key()'s alphabet.
const STARTPROJECT_SUFFIX = /^[a-z0-9!@#$%^&*(\-_=+)]{50}$/;

// Four words or more of plain text: a sentence, not a key.
const SENTENCE = /^[A-Za-z][A-Za-z'’,.;:!?()-]*(?:[ ]+[A-Za-z'’,.;:!?()-]+){3,}$/;

/**
 * A value that reads as text about the setting: `{"SECRET_KEY": "Generate a
 * strong, unique SECRET_KEY"}` is a table of messages, not of settings.
 */
export function looksLikeProse(value: string, setting: string): boolean {
  const text = value.trim();
  return text.toUpperCase().includes(setting.toUpperCase()) || SENTENCE.test(text);
}

// What a template engine fills in when it renders the file: Jinja, Django templates, Helm.
const RENDERED_PLACEHOLDER = /^\s*(?:\{\{.*\}\}|\{%.*%\})\s*$/s;

/** `{{ secret_key }}`: the value a template of settings should hold, filled in when it is rendered. */
export function isRenderedPlaceholder(value: string): boolean {
  return RENDERED_PLACEHOLDER.test(value);
}

export function looksLikePlaceholder(value: string): boolean {
  const text = value.trim();
  return PLACEHOLDER_WORDS.test(text) || (WORD_PHRASE.test(text) && ASKS_TO_BE_REPLACED.test(text));
}

export function classifyValue(site: KeySite): ValueClass {
  const value = site.literal.value;
  if (site.literal.notUtf8) return 'not-utf8';
  if (value.startsWith(INSECURE_PREFIX)) return 'insecure';
  if (TEMPLATE_PLACEHOLDER.test(value)) return 'template';
  if (isWeakKey(value)) return 'weak';
  return 'strong';
}

/** What is wrong with the value, each reason in a few words. */
export function valueProblems(site: KeySite, valueClass: ValueClass): string[] {
  const value = site.literal.value;
  // Django's key checks say nothing about a password or a Node session secret.
  if (site.custom || site.framework === 'node') return valueClass === 'template' ? ['it looks like a template placeholder'] : [];
  const problems: string[] = [];
  // Flask signs with any bytes; the 50 characters are Django's rule, and a good size for any key.
  const flask = site.framework === 'flask';
  if (valueClass === 'not-utf8' && !flask) problems.push('it is bytes that are not valid UTF-8, so Django cannot use it as a key');
  if (valueClass === 'template') return ['it looks like a template placeholder'];
  if (value.startsWith(INSECURE_PREFIX)) {
    const rest = value.slice(INSECURE_PREFIX.length);
    problems.push(
      STARTPROJECT_SUFFIX.test(rest)
        ? 'it is a django-insecure- key, the throw-away kind that startproject generates'
        : 'it starts with django-insecure-, the prefix Django gives keys that are not for production',
    );
    if (looksLikePlaceholder(rest)) problems.push('it looks like a placeholder');
  } else if (looksLikePlaceholder(value)) {
    problems.push('it looks like a placeholder');
  }
  const length = Array.from(value).length;
  const wants = flask ? 'a key should have' : 'Django wants';
  if (length < MIN_KEY_LENGTH) problems.push(`it has only ${length} character${length === 1 ? '' : 's'} (${wants} at least ${MIN_KEY_LENGTH})`);
  const distinct = new Set(value).size;
  if (distinct < MIN_DISTINCT_CHARACTERS) problems.push(`it has only ${distinct} distinct character${distinct === 1 ? '' : 's'} (${wants} at least ${MIN_DISTINCT_CHARACTERS})`);
  return problems;
}
