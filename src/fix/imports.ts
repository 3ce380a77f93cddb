// Where `import os` goes when a fix starts reading the environment: after the
// module docstring and `from __future__` imports (which must come first, see
// the language reference, "Future statements"), at the head of the existing
// top-level imports, in the file's own line ending.
import type { Token } from '../types';
import { tokenize } from '../python/tokenize';

interface LogicalLine {
  tokens: Token[];
  /** Offset just past the line's NEWLINE token (its line break included). */
  end: number;
}

/** The edit that adds `import os`, or null when `os` is already imported before `usedAt`. */
export function importOsEdit(text: string, usedAt: number): { start: number; end: number; text: string } | null {
  const lines = topLevelLines(tokenize(text));
  if (lines.some((line) => line.tokens[0]!.start.offset < usedAt && bindsOs(line.tokens))) return null;

  const eol = lineEndingOf(text);
  let index = 0;
  let after = -1; // offset after the docstring and __future__ imports
  if (lines[0] && lines[0].tokens.every((token) => token.kind === 'string')) {
    after = lines[0].end;
    index = 1;
  }
  while (lines[index] && isFutureImport(lines[index]!.tokens)) {
    after = lines[index]!.end;
    index++;
  }
  const firstImport = lines.slice(index).find((line) => isImport(line.tokens));
  if (firstImport && firstImport.tokens[0]!.start.offset < usedAt) {
    return insertion(lineStart(firstImport.tokens[0]!), `import os${eol}`);
  }
  const at = after >= 0 ? after : lines[index] ? lineStart(lines[index]!.tokens[0]!) : 0;
  const lead = at > 0 && !/[\r\n]$/.test(text.slice(0, at)) ? eol : '';
  const nextLineBlank = /^[ \t\f]*(?:\r\n|\r|\n|$)/.test(text.slice(at));
  return insertion(at, `${lead}import os${eol}${nextLineBlank ? '' : eol}`);
}

function insertion(at: number, text: string): { start: number; end: number; text: string } {
  return { start: at, end: at, text };
}

/** The line break the file uses first; \n for a one-line file. */
export function lineEndingOf(text: string): string {
  return /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
}

function lineStart(token: Token): number {
  return token.start.offset - (token.start.column - 1);
}

/** Logical lines at indentation level 0, without comments and blank lines. */
function topLevelLines(tokens: readonly Token[]): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'indent') depth++;
    else if (token.kind === 'dedent') depth = Math.max(0, depth - 1);
    else if (token.kind === 'comment' || token.kind === 'nl') continue;
    else if (token.kind === 'newline' || token.kind === 'eof') {
      if (current.length > 0 && depth === 0) lines.push({ tokens: current, end: token.end.offset });
      current = [];
    } else current.push(token);
  }
  return lines;
}

function isFutureImport(tokens: readonly Token[]): boolean {
  return tokens[0]?.text === 'from' && tokens[1]?.text === '__future__';
}

function isImport(tokens: readonly Token[]): boolean {
  const first = tokens[0];
  return first?.kind === 'name' && (first.text === 'import' || first.text === 'from');
}

/** `import os`, `import sys, os`, `import os.path`, `import os as os`: the name `os` is bound. */
function bindsOs(tokens: readonly Token[]): boolean {
  if (tokens[0]?.text !== 'import') return false;
  let i = 1;
  while (i < tokens.length) {
    const first = tokens[i]?.text;
    let j = i + 1;
    while (tokens[j]?.text === '.' && tokens[j + 1]?.kind === 'name') j += 2;
    let bound = first;
    if (tokens[j]?.text === 'as') {
      bound = tokens[j + 1]?.text;
      j += 2;
    }
    if (bound === 'os') return true;
    if (tokens[j]?.text !== ',') return false;
    i = j + 1;
  }
  return false;
}
