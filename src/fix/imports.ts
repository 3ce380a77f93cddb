// Where `import os` goes when a fix starts reading the environment: after the
// module docstring and `from __future__` imports (which must come first, see
// the language reference, "Future statements"), at the head of the existing
// top-level imports, in the file's own line ending. And the name the fixed
// code reaches the os module by: `os`, unless the module binds `os` to
// something else (then `import os as _os`).
import type { Token } from '../types';
import { tokenize } from '../python/tokenize';

interface LogicalLine {
  tokens: Token[];
  /** Offset just past the line's NEWLINE token (its line break included). */
  end: number;
  /** Indentation level. */
  depth: number;
  /** Inside the body of a def or class: a name bound there is not the module's. */
  nested: boolean;
  /**
   * A statement of a top-level class's own body (not of a method): a name bound
   * there is what later statements of the body read, a class's SECRET_KEY included.
   */
  classBody: boolean;
}

const OS = 'os';

/**
 * The name the fixed code calls os.getenv through: `os`, unless the module
 * rebinds `os` (`os = "linux"`, `def os()`, `import json as os`, `for os in`)
 * or lets a function do so (`global os`), which would make `os.getenv` fail
 * at run time; then `_os` (or `_os2`, `_os3`... ) that the module never names.
 */
export function osNameFor(text: string): string {
  const tokens = tokenize(text);
  const lines = logicalLines(tokens);
  const shadowed = lines.some((line) => ((!line.nested || line.classBody) && rebinds(line.tokens, OS)) || declaresGlobal(line.tokens, OS));
  if (!shadowed) return OS;
  const named = new Set(tokens.filter((token) => token.kind === 'name').map((token) => token.text));
  let name = '_os';
  for (let suffix = 2; named.has(name); suffix++) name = `_os${suffix}`;
  return name;
}

/** The edit that adds `import os` (`import os as <name>`), or null when `os` is already imported before `usedAt`. */
export function importOsEdit(text: string, usedAt: number, name = OS): { start: number; end: number; text: string } | null {
  const lines = topLevelLines(tokenize(text));
  // Any other name is one the module never mentions (osNameFor): never imported yet.
  if (name === OS && lines.some((line) => line.tokens[0]!.start.offset < usedAt && bindsOs(line.tokens))) return null;
  const statement = name === OS ? 'import os' : `import os as ${name}`;

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
    return insertion(lineStart(firstImport.tokens[0]!), `${statement}${eol}`);
  }
  const at = after >= 0 ? after : lines[index] ? lineStart(lines[index]!.tokens[0]!) : 0;
  const lead = at > 0 && !/[\r\n]$/.test(text.slice(0, at)) ? eol : '';
  const nextLineBlank = /^[ \t\f]*(?:\r\n|\r|\n|$)/.test(text.slice(at));
  return insertion(at, `${lead}${statement}${eol}${nextLineBlank ? '' : eol}`);
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
  return logicalLines(tokens).filter((line) => line.depth === 0);
}

/** Every logical line, without comments and blank lines, with its depth and whether a def or class body holds it. */
function logicalLines(tokens: readonly Token[]): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let depth = 0;
  // The depth of the def or class whose body the lines are in, or -1 at module scope.
  let scopeDepth = -1;
  let scopeIsClass = false;
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'indent') depth++;
    else if (token.kind === 'dedent') depth = Math.max(0, depth - 1);
    else if (token.kind === 'comment' || token.kind === 'nl') continue;
    else if (token.kind === 'newline' || token.kind === 'eof') {
      if (current.length > 0) {
        if (scopeDepth >= 0 && depth <= scopeDepth) scopeDepth = -1;
        const nested = scopeDepth >= 0;
        const classBody = nested && scopeIsClass && depth === scopeDepth + 1;
        if (!nested && definedName(current) !== null) {
          scopeDepth = depth;
          scopeIsClass = current[current[0]?.text === 'async' ? 1 : 0]?.text === 'class';
        }
        lines.push({ tokens: current, end: token.end.offset, depth, nested, classBody });
      }
      current = [];
    } else current.push(token);
  }
  return lines;
}

/** The name a `def`, `async def` or `class` line binds, else null. */
function definedName(tokens: readonly Token[]): string | null {
  const at = tokens[0]?.text === 'async' ? 1 : 0;
  const keyword = tokens[at]?.text;
  const name = tokens[at + 1];
  return (keyword === 'def' || keyword === 'class') && name?.kind === 'name' ? name.text : null;
}

/** `global os` or `nonlocal os`: a function may rebind the module's name. */
function declaresGlobal(tokens: readonly Token[], name: string): boolean {
  // Anywhere in the line: `def f(): global os; os = 1` is one line.
  return tokens.some((token) => token.text === 'global' || token.text === 'nonlocal') && tokens.some((token) => token.kind === 'name' && token.text === name);
}

/**
 * A module-scope line binds `name` to something other than the os module, or
 * deletes it. Errs towards yes: a false yes only costs an `import os as _os`.
 */
function rebinds(tokens: readonly Token[], name: string): boolean {
  const defined = definedName(tokens);
  if (defined !== null) return defined === name;
  const first = tokens[0]?.text;
  if (first === 'import') return importsOtherThanOs(tokens, name);
  if (first === 'from') return fromImportBinds(tokens, name);
  if (first === 'del' || first === 'case') return tokens.some((token) => isPlainName(tokens, token, name));
  const loop = first === 'async' ? 1 : 0;
  if (tokens[loop]?.text === 'for' && forTargets(tokens, loop + 1).some((token) => token.text === name)) return true;
  return tokens.some((token, index) => {
    if (token.kind !== 'name' || token.text !== name) return false;
    const next = tokens[index + 1]?.text;
    // `os := ...`, `... as os` (with, except, case), or a target of `=` or `+=`.
    return next === ':=' || tokens[index - 1]?.text === 'as' || (isPlainName(tokens, token, name) && isAssignmentTarget(tokens, index));
  });
}

/** `name` as a whole variable: not an attribute (`x.os`) nor the base of one, a call or a subscript. */
function isPlainName(tokens: readonly Token[], token: Token, name: string): boolean {
  const index = tokens.indexOf(token);
  return token.kind === 'name' && token.text === name && tokens[index - 1]?.text !== '.' && !['.', '(', '['].includes(tokens[index + 1]?.text ?? '');
}

const ASSIGNMENT_OPERATORS = new Set(['=', '+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '>>=', '<<=', '**=']);

/** Some assignment operator outside brackets follows the token at `index`: it is in a target. */
function isAssignmentTarget(tokens: readonly Token[], index: number): boolean {
  let depth = 0;
  for (let at = 0; at < tokens.length; at++) {
    const text = tokens[at]!.text;
    if (tokens[at]!.kind !== 'op') continue;
    if (text === '(' || text === '[' || text === '{') depth++;
    else if (text === ')' || text === ']' || text === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && at > index && ASSIGNMENT_OPERATORS.has(text)) return true;
  }
  return false;
}

/** The names between `for` and its `in`. */
function forTargets(tokens: readonly Token[], from: number): Token[] {
  const end = tokens.findIndex((token, index) => index >= from && token.kind === 'name' && token.text === 'in');
  return tokens.slice(from, end < 0 ? tokens.length : end).filter((token) => token.kind === 'name');
}

/** `import json as os`, `import os.path as os`: `name` bound to another module. */
function importsOtherThanOs(tokens: readonly Token[], name: string): boolean {
  return tokens.some((token, index) => token.text === 'as' && tokens[index + 1]?.text === name && !(tokens[index - 1]?.text === OS && tokens[index - 2]?.text !== '.'));
}

/** `from x import os`, `from x import y as os`. */
function fromImportBinds(tokens: readonly Token[], name: string): boolean {
  const names = tokens.slice(tokens.findIndex((token) => token.text === 'import') + 1);
  return names.some((token, index) => token.kind === 'name' && token.text === name && names[index + 1]?.text !== 'as');
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
