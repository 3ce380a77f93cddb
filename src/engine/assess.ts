// Judging a key's value the way Django does (django/core/checks/security/base.py,
// security.W009: at least 50 characters, at least 5 distinct ones, no
// `django-insecure-` prefix), and describing a site in words.
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

/** The site in words: "the default of os.environ.get() for SECRET_KEY". */
export function describeSite(site: KeySite): string {
  const through = site.via ? ` (through ${site.via})` : '';
  const call = site.call ? `${site.call}()` : 'a call';
  if (site.inComment) return `commented-out code sets ${site.setting} to a key${through}`;
  switch (site.form) {
    case 'assignment':
      return `${site.setting} is hardcoded${through}`;
    case 'attribute':
      return `.${site.setting} is assigned a hardcoded key${through}`;
    case 'subscript':
      return `${site.framework === 'flask' ? '.config' : ''}["${site.setting}"] is assigned a hardcoded key${through}`;
    case 'keyword':
      return `${site.setting}= passed to ${call} is hardcoded${through}`;
    case 'dict-entry':
      return `the "${site.setting}" entry of a dict is hardcoded${through}`;
    case 'env-default':
      return `the default of ${call} for ${site.setting} is a hardcoded key${through}`;
    case 'or-fallback':
      return `the \`or\` fallback for ${site.setting} is a hardcoded key${through}`;
    case 'conditional':
      return `a branch of the conditional that sets ${site.setting} is a hardcoded key${through}`;
    case 'fallbacks-list':
      return `${site.setting} holds a hardcoded key${through}`;
    case 'env-file':
      return site.variable ? `${site.setting} defaults to a literal (\${${site.variable}:-…}) in a committed env file` : `${site.setting} is set in a committed env file`;
    case 'deploy-env':
      return site.variable
        ? `${site.setting} defaults to a literal (\${${site.variable}:-…}) in the environment of a deployment file`
        : `${site.setting} is set to a literal in the environment of a deployment file`;
    case 'config-file':
      return `the ${site.setting} setting is set in a committed settings file`;
    case 'k8s-secret':
      return `a committed Kubernetes Secret manifest holds ${site.setting} as literal data`;
    case 'js-secret':
      if (site.setting === 'keys') return `a key in ${site.call ? `the keys passed to ${site.call}()` : 'app.keys'} is hardcoded${through}`;
      return site.call ? `the ${site.setting} passed to ${site.call}() is hardcoded${through}` : `the ${site.setting} option is hardcoded${through}`;
    case 'js-env-fallback':
      return `the fallback for process.env.${site.setting} is a hardcoded secret${through}`;
  }
}
