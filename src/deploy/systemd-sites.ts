// Key sites in systemd units (web.service, and drop-ins such as
// web.service.d/override.conf): `Environment=SECRET_KEY=value`, and several
// assignments on one line, each a word, quoted whole when it holds spaces:
// `Environment="SECRET_KEY=value" "DEBUG=0"` (systemd.exec(5), "Environment=";
// quoting as systemd.syntax(7) describes). `EnvironmentFile=` names a file on the
// server: a file in the repository is read by its own name (web.env is an env file).
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, type SettingNames } from './common';

const ENVIRONMENT = /^[ \t]*Environment[ \t]*=[ \t]*([^\r\n]*)$/gm;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

export function extractSystemdSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const line of text.matchAll(ENVIRONMENT)) {
    const valuesStart = line.index + line[0].length - line[1]!.length;
    for (const word of wordsOf(line[1]!)) {
      const assignment = ASSIGNMENT.exec(word.value);
      if (!assignment || !names.has(assignment[1]!)) continue;
      const value = word.value.slice(assignment[0].length);
      if (value.trim() === '' || isReference(value)) continue;
      // The literal is the value's text in the file: after `NAME=` inside the quotes, up to the closing one.
      const start = valuesStart + word.start + word.quote.length + assignment[0].length;
      const end = valuesStart + word.end - word.quote.length;
      sites.push(deploySite(lineStarts, 'deploy-env', assignment[1]!, { start, end, statementStart: valuesStart + word.start, value, quote: '' }));
    }
  }
  return sites;
}

/** The words of a line: bare up to white space, or 'single' / "double" quoted whole (backslash escapes). */
function wordsOf(line: string): { value: string; start: number; end: number; quote: string }[] {
  const words: { value: string; start: number; end: number; quote: string }[] = [];
  let at = 0;
  while (at < line.length) {
    while (at < line.length && (line[at] === ' ' || line[at] === '\t')) at++;
    if (at >= line.length) break;
    const start = at;
    const quote = line[at] === '"' || line[at] === "'" ? line[at]! : '';
    let value = '';
    if (quote) at++;
    while (at < line.length && (quote ? line[at] !== quote : line[at] !== ' ' && line[at] !== '\t')) {
      if (line[at] === '\\' && at + 1 < line.length) {
        value += line[at + 1];
        at += 2;
        continue;
      }
      value += line[at];
      at++;
    }
    if (quote && line[at] !== quote) break; // unterminated: nothing systemd would read
    if (quote) at++;
    words.push({ value, start, end: at, quote });
  }
  return words;
}
