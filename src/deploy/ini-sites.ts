// Key sites in .ini/.cfg settings files read with configparser (or a similar
// reader): `secret_key = value` or `SECRET_KEY: value` at the start of a line.
// configparser lowercases option names, so names match in any case. Indented
// lines continue the previous value: options that set an environment (tox
// `setenv`, pytest-env's `env`) are read a line at a time, each `NAME=value`.
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, readShellWord, type SettingNames } from './common';

const OPTION = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*([^\r\n]*)$/gm;

// uWSGI's `env = NAME=value` and supervisord's `environment = NAME="value",NAME2=...`
// set a process's environment from the file.
const ENVIRONMENT_OPTIONS = new Set(['env', 'environment']);
const ENVIRONMENT_PAIR = /(?:^|,)[ \t]*([A-Za-z_][A-Za-z0-9_]*)=/g;
// tox's `setenv` (tox 4: `set_env`), one `NAME = value` a line; pytest-env's `env` lines,
// `NAME=value`, or `D:NAME=value` (only when unset) and `R:NAME=value` (raw).
const LINE_ENVIRONMENT_OPTIONS = new Set(['setenv', 'set_env', 'env']);
const CONTINUATION = /^(?:[ \t]+[^\r\n]*(?:\r\n|\r|\n|$))+/;
const LINE_PAIR = /^[ \t]*(?:[DR]:){0,2}([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*([^\r\n]*?)[ \t]*$/gm;
// tox's substitution of an environment variable, `{env:NAME}`, with a literal default after a second colon.
const TOX_ENV = /^\{env:[A-Za-z_][A-Za-z0-9_]*(?::([^{}]*))?\}$/;

export function extractIniSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const match of text.matchAll(OPTION)) {
    const name = match[1]!;
    const option = name.toLowerCase();
    if (LINE_ENVIRONMENT_OPTIONS.has(option)) {
      const after = match.index + match[0].length;
      const next = after + (text.startsWith('\r\n', after) ? 2 : 1);
      const continued = CONTINUATION.exec(text.slice(next, next + 65536))?.[0] ?? '';
      // uWSGI's one-line `env = NAME=value` keeps its shell-word reading; setenv's first line is one of its lines.
      if (option !== 'setenv' && option !== 'set_env') sites.push(...environmentSites(text, lineStarts, after - match[2]!.length, match[2]!, names));
      else sites.push(...lineEnvironmentSites(lineStarts, after - match[2]!.length, match[2]!, names));
      if (continued) sites.push(...lineEnvironmentSites(lineStarts, next, continued, names));
      continue;
    }
    if (ENVIRONMENT_OPTIONS.has(option)) {
      sites.push(...environmentSites(text, lineStarts, match.index + match[0].length - match[2]!.length, match[2]!, names));
      continue;
    }
    if (!names.hasIgnoringCase(name)) continue;
    let written = match[2]!;
    // Inline comments are not part of the value for most readers; never take them as key text.
    const comment = /[ \t][#;]/.exec(written);
    if (comment) written = written.slice(0, comment.index);
    written = written.trimEnd();
    const start = match.index + match[0].length - match[2]!.length;
    const quoted = /^(["'])([\s\S]*)\1$/.exec(written);
    const value = quoted ? quoted[2]! : written;
    if (value.trim() === '' || isReference(value)) continue;
    sites.push(deploySite(lineStarts, 'config-file', name, { start, end: start + written.length, statementStart: match.index, value, quote: quoted ? quoted[1]! : '' }));
  }
  return sites;
}

/** The secret variables an `env =` / `environment =` option sets, each value a shell word. */
function environmentSites(text: string, lineStarts: readonly number[], valueStart: number, written: string, names: SettingNames): KeySite[] {
  const sites: KeySite[] = [];
  for (const pair of written.matchAll(ENVIRONMENT_PAIR)) {
    const variable = pair[1]!;
    if (!names.has(variable)) continue;
    const start = valueStart + pair.index + pair[0].length;
    const word = readShellWord(text, start);
    if (!word) continue;
    // supervisord separates pairs with commas: a bare value ends at the next one.
    const comma = word.quote === '' ? word.value.indexOf(',') : -1;
    const value = comma >= 0 ? word.value.slice(0, comma) : word.value;
    const end = comma >= 0 ? start + comma : word.end;
    if (value.trim() === '' || isReference(value)) continue;
    sites.push(deploySite(lineStarts, 'deploy-env', variable, { start, end, statementStart: valueStart + pair.index + pair[0].indexOf(variable), value, quote: word.quote }));
  }
  return sites;
}

/** The secret variables set by the lines of a tox `setenv` or pytest-env `env` value (starting at `start`), a `NAME=value` each. */
function lineEnvironmentSites(lineStarts: readonly number[], start: number, lines: string, names: SettingNames): KeySite[] {
  const sites: KeySite[] = [];
  for (const pair of lines.matchAll(LINE_PAIR)) {
    const variable = pair[1]!;
    if (!names.has(variable)) continue;
    const written = pair[2]!;
    const quoted = /^(["'])([\s\S]*)\1$/.exec(written);
    const tox = TOX_ENV.exec(written);
    const value = tox ? (tox[1] ?? '') : quoted ? quoted[2]! : written;
    if (value.trim() === '' || isReference(value)) continue;
    const valueStart = start + pair.index + pair[0].length - written.length - (pair[0].length - pair[0].trimEnd().length);
    const statementStart = start + pair.index + pair[0].indexOf(variable);
    sites.push({ ...deploySite(lineStarts, 'deploy-env', variable, { start: valueStart, end: valueStart + written.length, statementStart, value, quote: quoted ? quoted[1]! : '' }), testConfig: true });
  }
  return sites;
}
