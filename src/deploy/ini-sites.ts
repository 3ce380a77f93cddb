// Key sites in .ini/.cfg settings files read with configparser (or a similar
// reader): `secret_key = value` or `SECRET_KEY: value` at the start of a line.
// configparser lowercases option names, so names match in any case. Indented
// lines continue the previous value (tox `setenv`, pytest-env) and are not keys.
import { lineStartsOf } from '../python/tokenize';
import type { KeySite } from '../types';
import { deploySite, isReference, type SettingNames } from './common';

const OPTION = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*([^\r\n]*)$/gm;

export function extractIniSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const match of text.matchAll(OPTION)) {
    const name = match[1]!;
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
