// Key sites in TOML settings (fly.toml `[env]`, dynaconf settings.toml and
// .secrets.toml, pyproject tables) and Terraform's *.tfvars, whose variables are
// written the same way: `NAME = "value"` at the top of a line or in
// an inline table. smol-toml (loaded only when a TOML file passes the byte
// prefilter) decodes each string as TOML does and checks the document: when it
// parses, only keys that really hold that string are sites; when it does not,
// the scanned sites stand, so one syntax error does not hide the rest.
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, type SettingNames } from './common';

type TomlModule = typeof import('smol-toml');

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*')`;
const ASSIGNMENT = new RegExp(String.raw`(?:^|[{,])[ \t]*(${KEY_PART}(?:[ \t]*\.[ \t]*${KEY_PART})*)[ \t]*=[ \t]*`, 'gm');
const TABLE_HEADER = /^[ \t]*\[\[?[ \t]*([^\]\r\n]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$/gm;
const ENVIRONMENT_TABLES = new Set(['env', 'environment', 'envs', 'variables', 'vars']);
// pytest-env in pyproject.toml: `env = ["SECRET_KEY=...", "D:NAME=..."]` under [tool.pytest.ini_options],
// or `NAME = "..."` in its own [tool.pytest_env] table.
const PYTEST_OPTIONS = 'tool.pytest.ini_options';
const PYTEST_ENV_TABLE = 'tool.pytest_env';
const PYTEST_ENV_ENTRY = /^(?:[DR]:){0,2}([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

export function extractTomlSites(text: string, names: SettingNames): KeySite[] {
  const toml = require('smol-toml') as TomlModule;
  const parsedValues = stringsUnderSecretNames(toml, text, names);
  const lineStarts = lineStartsOf(text);
  const headers = [...text.matchAll(TABLE_HEADER)].map((match) => ({ at: match.index, path: splitKey(match[1]!) }));
  const sites: KeySite[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const keyPath = splitKey(match[1]!);
    const name = keyPath[keyPath.length - 1]!;
    const table = [...headers].reverse().find((header) => header.at < match.index)?.path ?? [];
    const fullPath = [...table, ...keyPath].join('.');
    if (fullPath === `${PYTEST_OPTIONS}.env`) {
      sites.push(...pytestEnvSites(toml, text, lineStarts, match.index + match[0].length, names));
      continue;
    }
    if (!names.hasIgnoringCase(name)) continue;
    const valueStart = match.index + match[0].length;
    const string = readDecodedString(toml, text, valueStart);
    if (!string) continue;
    const { written, value } = string;
    if (value.trim() === '' || isReference(value)) continue;
    if (parsedValues && !parsedValues.has(value)) continue;
    const parent = [...table, ...keyPath.slice(0, -1)].pop();
    const testConfig = fullPath.startsWith(`${PYTEST_ENV_TABLE}.`);
    const form = testConfig || (parent !== undefined && ENVIRONMENT_TABLES.has(parent.toLowerCase())) ? 'deploy-env' : 'config-file';
    const keyStart = match.index + match[0].indexOf(match[1]!);
    const quote = written.startsWith('"') ? '"' : "'";
    const site = deploySite(lineStarts, form, name, { start: valueStart, end: valueStart + written.length, statementStart: keyStart, value, quote });
    sites.push(testConfig ? { ...site, testConfig } : site);
  }
  return sites;
}

/** Every string held by a secret-named key, or null when the document does not parse. */
function stringsUnderSecretNames(toml: TomlModule, text: string, names: SettingNames): Set<string> | null {
  let document: unknown;
  try {
    document = toml.parse(text);
  } catch {
    return null;
  }
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && names.hasIgnoringCase(key)) found.add(value);
        else visit(value);
      }
    }
  };
  visit(document);
  return found;
}

function splitKey(key: string): string[] {
  return [...key.matchAll(new RegExp(KEY_PART, 'g'))].map((part) => part[0].replace(/^(["'])([\s\S]*)\1$/, '$2'));
}

/** The TOML string written at `start` (quotes included) and its value as TOML decodes it, or null. */
function readDecodedString(toml: TomlModule, text: string, start: number): { written: string; value: string } | null {
  const written = readTomlString(text, start);
  if (!written) return null;
  try {
    const value: unknown = toml.parse(`v = ${written}`).v;
    return typeof value === 'string' ? { written, value } : null;
  } catch {
    return null;
  }
}

/** The TOML string literal written at `start`, quotes included, or null. */
function readTomlString(text: string, start: number): string | null {
  for (const delimiter of ['"""', "'''"]) {
    if (text.startsWith(delimiter, start)) {
      let end = text.indexOf(delimiter, start + 3);
      while (end >= 0 && delimiter === '"""' && isEscaped(text, end)) end = text.indexOf(delimiter, end + 1);
      if (end < 0) return null;
      // Up to two quotes may sit right before the closing delimiter.
      while (text[end + 3] === delimiter[0] && end + 3 - start < text.length) end++;
      return text.slice(start, end + 3);
    }
  }
  const quote = text[start];
  if (quote !== '"' && quote !== "'") return null;
  let index = start + 1;
  while (index < text.length && text[index] !== quote && text[index] !== '\n' && text[index] !== '\r') {
    index += quote === '"' && text[index] === '\\' ? 2 : 1;
  }
  return text[index] === quote ? text.slice(start, index + 1) : null;
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let index = at - 1; index >= 0 && text[index] === '\\'; index--) backslashes++;
  return backslashes % 2 === 1;
}

/** The secret variables of a pytest-env `env = [...]` array whose `[` is at `start`: each string a `NAME=value`. */
function pytestEnvSites(toml: TomlModule, text: string, lineStarts: readonly number[], start: number, names: SettingNames): KeySite[] {
  if (text[start] !== '[') return [];
  const sites: KeySite[] = [];
  let at = start + 1;
  while (at < text.length) {
    const skipped = /^(?:[\s,]|#[^\r\n]*)*/.exec(text.slice(at, at + 4096))![0].length;
    at += skipped;
    const string = readDecodedString(toml, text, at);
    if (!string) break;
    const { written, value: entry } = string;
    const pair = PYTEST_ENV_ENTRY.exec(entry);
    if (pair && names.has(pair[1]!) && pair[2]!.trim() !== '' && !isReference(pair[2]!)) {
      // Point at the value when the string is written as is; otherwise (escapes) at the whole string.
      const asIs = written.slice(1, -1) === entry;
      const span = asIs
        ? { start: at + written.length - 1 - pair[2]!.length, end: at + written.length - 1, quote: '' }
        : { start: at, end: at + written.length, quote: written.startsWith('"') ? '"' : "'" };
      sites.push({ ...deploySite(lineStarts, 'deploy-env', pair[1]!, { ...span, statementStart: at, value: pair[2]! }), testConfig: true });
    }
    at += written.length;
  }
  return sites;
}
