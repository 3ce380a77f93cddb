// Key sites in shell scripts (entrypoint.sh, docker-entrypoint, deploy.bash):
// `export SECRET_KEY=value`, `SECRET_KEY=value python manage.py ...` (an
// assignment in front of a command), and a literal default of an expansion,
// `: "${SECRET_KEY:=value}"` or `SECRET_KEY=${SECRET_KEY:-value}`. This is not a
// shell parser: a word is read as POSIX quoting reads it, comment lines are
// skipped, and a value the shell computes ($X, ${X}, $(cmd), `cmd`) holds no key.
import { shellDefault } from '../envfile/key-sites';
import { lineStartsOf } from '../text/positions';
import type { KeySite } from '../types';
import { deploySite, isReference, readShellWord, type SettingNames } from './common';

// An assignment word: at the start of a command (after `;`, `&&`, `|`, `(`, `then`, `do`...)
// or an argument (`docker run -e NAME=value`, `env NAME=value cmd`); `export`, `readonly`,
// `local` and `declare -x` assign too.
const ASSIGNMENT = /(?:^|[\s;&|(])(?:(?:export|readonly|local|declare[ \t]+-[a-zA-Z]+)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/g;
// `${NAME:-default}`, `${NAME-default}`, `${NAME:=default}`, `${NAME=default}` anywhere on a line.
const EXPANSION_WITH_DEFAULT = /\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]/g;
// A command substitution or a parameter expansion makes a value computed, not written; so does a
// value that is only a positional or special parameter ("$1", "$@"), or that starts with a
// variable (`$COOKIE_SECRET"`, read out of `echo "export X=$COOKIE_SECRET"`). A `$` inside a
// key-like value leaves the rest of the key written in the file.
const EXPANDS = /\$[({]|`|^\$[0-9@*#?!$-]$|^\$[A-Za-z_]/;
// A bare word ends at an operator as well as at white space.
const OPERATOR = /[;&|<>)]/;

export function extractShellSites(text: string, names: SettingNames): KeySite[] {
  const lineStarts = lineStartsOf(text);
  const sites: KeySite[] = [];
  for (let line = 0; line < lineStarts.length; line++) {
    const start = lineStarts[line]!;
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
    const body = text.slice(start, end).replace(/\r?\n$|\r$/, '');
    if (/^[ \t]*#/.test(body)) continue;
    const taken: [number, number][] = [];
    for (const match of body.matchAll(ASSIGNMENT)) {
      const name = match[1]!;
      if (!names.has(name)) continue;
      const valueStart = start + match.index + match[0].length;
      const word = readValueWord(text, valueStart);
      if (!word) continue;
      taken.push([valueStart, word.end]);
      const defaulted = shellDefault(word.value) !== null;
      if (!defaulted && (word.value.trim() === '' || isReference(word.value) || (word.quote !== "'" && EXPANDS.test(word.value)))) continue;
      const statementStart = start + match.index + match[0].indexOf(name);
      sites.push(deploySite(lineStarts, 'deploy-env', name, { start: valueStart, end: word.end, statementStart, value: word.value, quote: word.quote }));
    }
    for (const match of body.matchAll(EXPANSION_WITH_DEFAULT)) {
      const name = match[1]!;
      const at = start + match.index;
      if (!names.has(name) || taken.some(([from, to]) => at >= from && at < to)) continue;
      const close = text.indexOf('}', at);
      if (close < 0 || close >= start + body.length) continue;
      const expansion = text.slice(at, close + 1);
      const defaulted = shellDefault(expansion);
      if (!defaulted || EXPANDS.test(defaulted.value)) continue;
      sites.push(deploySite(lineStarts, 'deploy-env', name, { start: at, end: close + 1, statementStart: at, value: expansion, quote: '' }));
    }
  }
  return sites;
}

/** The word at `start`, on its line: a quoted one as readShellWord reads it, a bare one up to an operator. */
function readValueWord(text: string, start: number): { value: string; end: number; quote: string } | null {
  const word = readShellWord(text, start);
  if (!word || word.quote !== '') return word;
  // `${X:-a b}` keeps its braces together; otherwise the word ends at the first operator.
  if (word.value.startsWith('${')) {
    const close = /^\$\{[^}\r\n]*\}/.exec(text.slice(start, start + 512));
    if (close) return { value: close[0], end: start + close[0].length, quote: '' };
  }
  const operator = OPERATOR.exec(word.value);
  if (!operator) return word;
  return operator.index === 0 ? null : { value: word.value.slice(0, operator.index), end: start + operator.index, quote: '' };
}
