// Key sites in a Dockerfile or Containerfile: `ENV SECRET_KEY=value` (several
// pairs may share one instruction) and the older `ENV SECRET_KEY value` bake
// the key into every image built from the file. An `ARG SECRET_KEY=value`
// default lives only while the image builds: it is a key when it looks like
// one, and a dummy for a build step (collectstatic) when it does not.
import { isWeakKey } from '../django/key-rules';
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, readShellWord, type SettingNames } from './common';

// An ENV or ARG instruction, with the lines a trailing backslash continues it onto.
const INSTRUCTION = /^[ \t]*(ENV|ARG)[ \t]+((?:[^\r\n]*\\\r?\n)*[^\r\n]*)/gim;
const PAIR = /(?:^|[ \t\r\n\\]+)([A-Za-z_][A-Za-z0-9_]*)=/g;
const LEGACY_FORM = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]+(?=\S)/;

export function extractDockerfileSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (const instruction of text.matchAll(INSTRUCTION)) {
    const isArg = instruction[1]!.toUpperCase() === 'ARG';
    const body = instruction[2]!;
    const bodyStart = instruction.index + instruction[0].length - body.length;
    const legacy = isArg ? null : LEGACY_FORM.exec(body);
    if (legacy) {
      // `ENV NAME the rest of the line`: one variable, its value all that follows.
      const name = legacy[1]!;
      const start = bodyStart + legacy[0].length;
      const end = bodyStart + body.trimEnd().length;
      const value = text.slice(start, end);
      if (names.has(name) && !isReference(value)) sites.push(deploySite(lineStarts, 'deploy-env', name, { start, end, statementStart: bodyStart, value, quote: '' }));
      continue;
    }
    for (const pair of body.matchAll(PAIR)) {
      const name = pair[1]!;
      if (!names.has(name)) continue;
      const start = bodyStart + pair.index + pair[0].length;
      const word = readShellWord(text, start);
      if (!word || word.value.trim() === '' || isReference(word.value) || (isArg && isWeakKey(word.value))) continue;
      const statementStart = bodyStart + pair.index + pair[0].indexOf(name);
      sites.push(deploySite(lineStarts, 'deploy-env', name, { start, end: word.end, statementStart, value: word.value, quote: word.quote }));
    }
  }
  return sites;
}
