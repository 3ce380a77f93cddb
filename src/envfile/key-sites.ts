// Key sites in dotenv-style files (.env, .env.production, web.env): lines of
// `[export] NAME=value`, the value bare, 'single-quoted' (taken as is) or
// "double-quoted" (backslash escapes, may span lines), as python-dotenv,
// docker compose and POSIX shells read them.
import { lineStartsOf, positionAt } from '../text/positions';
import type { Framework, KeySite, Range } from '../types';
import { SECRET_SETTINGS } from '../python/key-sites';

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*/gm;
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * The variables Node apps conventionally read their session, cookie and token
 * secrets from (what `fix` writes them to): in env and deployment files they
 * are keys like SECRET_KEY.
 */
export const NODE_SECRET_VARIABLES = ['SESSION_SECRET', 'COOKIE_SECRET', 'JWT_SECRET', 'NEXTAUTH_SECRET', 'AUTH_SECRET', 'SESSION_PASSWORD', 'SESSION_KEYS'];
const NODE_VARIABLES = new Set(NODE_SECRET_VARIABLES);

/** Which framework a variable of an env or deployment file feeds, by its name. */
export function frameworkOfVariable(name: string): Framework {
  const upper = name.toUpperCase();
  return NODE_VARIABLES.has(upper) ? 'node' : upper.startsWith('FLASK_') ? 'flask' : 'django';
}

export function extractEnvFileSites(text: string, extraSettings: readonly string[] = []): KeySite[] {
  const settings = new Set([...SECRET_SETTINGS, ...NODE_SECRET_VARIABLES, ...extraSettings]);
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[1]!;
    if (!settings.has(name)) continue;
    const valueStart = match.index + match[0].length;
    const value = readValue(text, valueStart);
    if (!value) continue;
    const range: Range = { start: positionAt(lineStarts, value.start), end: positionAt(lineStarts, value.end) };
    const defaulted = shellDefault(value.text);
    const lineStart = positionAt(lineStarts, match.index + (match[0].length - match[0].trimStart().length));
    sites.push({
      form: 'env-file',
      framework: frameworkOfVariable(name),
      setting: name,
      literal: { range, value: defaulted?.value ?? value.text, isBytes: false, notUtf8: false, quote: value.quote },
      ...(defaulted ? { variable: defaulted.variable } : {}),
      replaceable: false,
      inComment: false,
      statement: { start: lineStart, end: range.end },
    });
  }
  return sites;
}

function readValue(text: string, start: number): { text: string; start: number; end: number; quote: string } | null {
  const quote = text[start];
  if (quote === "'" || quote === '"') {
    let index = start + 1;
    let value = '';
    while (index < text.length && text[index] !== quote) {
      if (quote === '"' && text[index] === '\\' && index + 1 < text.length) {
        const escaped = text[index + 1]!;
        value += DOUBLE_QUOTED_ESCAPES[escaped] ?? `\\${escaped}`;
        index += 2;
        continue;
      }
      if (quote === "'" && (text[index] === '\n' || text[index] === '\r')) break;
      value += text[index];
      index++;
    }
    if (text[index] !== quote) return null; // unterminated: not a value anyone can read
    return { text: value, start, end: index + 1, quote };
  }
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') {
    // A comment needs a blank before it: `KEY=#abc` is the value #abc to python-dotenv, django-environ and shells.
    if (text[end] === '#' && (text[end - 1] === ' ' || text[end - 1] === '\t')) break;
    end++;
  }
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return { text: text.slice(start, end), start, end, quote: '' };
}

// A value computed when the file is read, not written in it: ${X}, $X, ${X:?error},
// $(command), `command`. Such a line passes a key along; it holds none.
const ENV_REFERENCE = /^(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?+-=].*)?\}|\$[A-Za-z_][A-Za-z0-9_]*|\$\(.*\)|`.*`)$/s;
// ${X:-default}, ${X-default}, ${X:=default}: the default is written in the file, and used wherever X is unset.
const SHELL_DEFAULT = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=](.*)\}$/s;

// A value built when the file is read, around `${NAME}` or a GitHub `${{ expression }}`:
// no key is written in the file (Django's key alphabet has no braces).
const INTERPOLATION = /\$\{\{[\s\S]*?\}\}|\$\{[A-Za-z_][A-Za-z0-9_.]*\}/;

/** `${SECRET}` in an env file is the right way to pass a key, not a key; `${SECRET:-literal}` holds one. */
export function isEnvReference(value: string): boolean {
  return (ENV_REFERENCE.test(value.trim()) && shellDefault(value) === null) || INTERPOLATION.test(value);
}

/**
 * The variable and literal default of `${X:-default}` (also `-`, `:=`, `=`);
 * null when there is no default, or it is a reference itself (`${X:-${Y}}`).
 */
export function shellDefault(value: string): { variable: string; value: string } | null {
  const match = SHELL_DEFAULT.exec(value.trim());
  const fallback = match?.[2]?.trim().replace(/^(['"])(.*)\1$/s, '$2');
  return match && fallback && !ENV_REFERENCE.test(fallback) ? { variable: match[1]!, value: fallback } : null;
}
