// Key sites in a Procfile: `web: SECRET_KEY=value gunicorn app:app`, an
// environment assignment in front of (or exported inside) a process command.
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, readShellWord, type SettingNames } from './common';

const PROCESS_LINE = /^[ \t]*[A-Za-z0-9_-]+[ \t]*:[^\r\n]*$/gm;
const ASSIGNMENT = /(?:^|[\s;&|(:])(?:export[ \t]+|env[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/g;

export function extractProcfileSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const line of text.matchAll(PROCESS_LINE)) {
    for (const match of line[0].matchAll(ASSIGNMENT)) {
      const name = match[1]!;
      if (!names.has(name)) continue;
      const start = line.index + match.index + match[0].length;
      const word = readShellWord(text, start);
      if (!word || word.value.trim() === '' || isReference(word.value)) continue;
      const statementStart = line.index + match.index + match[0].indexOf(name);
      sites.push(deploySite(lineStarts, 'deploy-env', name, { start, end: word.end, statementStart, value: word.value, quote: word.quote }));
    }
  }
  return sites;
}
