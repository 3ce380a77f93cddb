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

export function extractTomlSites(text: string, names: SettingNames): KeySite[] {
  const toml = require('smol-toml') as TomlModule;
  const parsedValues = stringsUnderSecretNames(toml, text, names);
  const lineStarts = lineStartsOf(text);
  const headers = [...text.matchAll(TABLE_HEADER)].map((match) => ({ at: match.index, path: splitKey(match[1]!) }));
  const sites: KeySite[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const keyPath = splitKey(match[1]!);
    const name = keyPath[keyPath.length - 1]!;
    if (!names.hasIgnoringCase(name)) continue;
    const valueStart = match.index + match[0].length;
    const written = readTomlString(text, valueStart);
    if (!written) continue;
    let value: unknown;
    try {
      value = toml.parse(`v = ${written}`).v;
    } catch {
      continue;
    }
    if (typeof value !== 'string' || value.trim() === '' || isReference(value)) continue;
    if (parsedValues && !parsedValues.has(value)) continue;
    const table = [...headers].reverse().find((header) => header.at < match.index)?.path ?? [];
    const parent = [...table, ...keyPath.slice(0, -1)].pop();
    const form = parent !== undefined && ENVIRONMENT_TABLES.has(parent.toLowerCase()) ? 'deploy-env' : 'config-file';
    const keyStart = match.index + match[0].indexOf(match[1]!);
    const quote = written.startsWith('"') ? '"' : "'";
    sites.push(deploySite(lineStarts, form, name, { start: valueStart, end: valueStart + written.length, statementStart: keyStart, value, quote }));
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
