// A Python tokenizer that is exact for what settings-guard needs (strings,
// comments, brackets, logical lines) and never throws: what it cannot read
// becomes an `error` token and it carries on after it, so a syntax error
// later in a file never hides a key earlier in it.
//
// Follows CPython's lexical analysis (Python Language Reference, chapter 2),
// with 3.12 f-strings (PEP 701: replacement fields may reuse the quote).
import type { Position, Token, TokenKind } from '../types';

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '!=', '->', ':=',
  '**', '//', '==', '<=', '>=', '<<', '>>', '<>', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=',
  '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '+', '-', '*', '/', '%', '&', '|', '^', '~', '<', '>', '=', '@', '!',
];
const OPERATORS_BY_FIRST_CHAR = new Map<string, string[]>();
for (const operator of OPERATORS) {
  const list = OPERATORS_BY_FIRST_CHAR.get(operator[0]!) ?? [];
  list.push(operator);
  OPERATORS_BY_FIRST_CHAR.set(operator[0]!, list);
}

const NUMBER = /(?:0[xX][0-9a-fA-F_]*|0[oO][0-7_]*|0[bB][01_]*|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[jJlL]?/y;
const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}\u00b7\u2118\u212e\u309b\u309c]*/uy;
const OPENERS = '([{';
const CLOSERS = ')]}';

/** Offsets where each line starts, with \r\n, \r and \n all ending a line. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10) starts.push(index + 1);
    else if (char === 13) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    }
  }
  return starts;
}

export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
}

function isNewline(char: string | undefined): boolean {
  return char === '\n' || char === '\r';
}

/** Length of the line break at `index` (2 for \r\n), or 0. */
function newlineLength(text: string, index: number): number {
  const char = text[index];
  if (char === '\n') return 1;
  if (char === '\r') return text[index + 1] === '\n' ? 2 : 1;
  return 0;
}

/**
 * End offset of the string literal whose quote starts at `quoteStart`, or -1
 * when it is not terminated (a single-quoted string at the end of its line, a
 * triple-quoted one at the end of the text).
 */
export function scanStringEnd(text: string, quoteStart: number, isFormat: boolean): number {
  const quote = text[quoteStart]!;
  const triple = text[quoteStart + 1] === quote && text[quoteStart + 2] === quote;
  let index = quoteStart + (triple ? 3 : 1);
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\') {
      index += 1 + Math.max(1, newlineLength(text, index + 1));
      continue;
    }
    if (char === quote) {
      if (!triple) return index + 1;
      if (text[index + 1] === quote && text[index + 2] === quote) return index + 3;
    } else if (isNewline(char) && !triple) {
      return -1;
    } else if (isFormat && char === '{') {
      if (text[index + 1] === '{') {
        index += 2;
        continue;
      }
      const fieldEnd = scanReplacementField(text, index + 1, triple);
      if (fieldEnd < 0) return -1;
      index = fieldEnd;
      continue;
    }
    index++;
  }
  return -1;
}

/** End offset (after the closing brace) of an f-string replacement field starting after `{`, or -1. */
function scanReplacementField(text: string, start: number, inTriple: boolean): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    if (isNewline(char) && !inTriple) return -1;
    if (char === '"' || char === "'") {
      const prefixStart = stringPrefixStart(text, index);
      const isFormat = /[fFtT]/.test(text.slice(prefixStart, index));
      const end = scanStringEnd(text, index, isFormat);
      if (end < 0) return -1;
      index = end;
      continue;
    }
    if (OPENERS.includes(char)) depth++;
    else if (CLOSERS.includes(char)) {
      if (depth === 0) return char === '}' ? index + 1 : -1;
      depth--;
    } else if (char === ':' && depth === 0 && text[index + 1] !== '=') {
      // Format spec: literal text with nested replacement fields, up to the closing brace.
      index++;
      while (index < text.length && text[index] !== '}') {
        if (isNewline(text[index]) && !inTriple) return -1;
        if (text[index] === '{') {
          const nestedEnd = scanReplacementField(text, index + 1, inTriple);
          if (nestedEnd < 0) return -1;
          index = nestedEnd;
        } else index++;
      }
      return index < text.length ? index + 1 : -1;
    }
    index++;
  }
  return -1;
}

/** Where the string prefix (r, b, f, ...) before the quote at `quoteIndex` starts. */
function stringPrefixStart(text: string, quoteIndex: number): number {
  let start = quoteIndex;
  while (start > 0 && start > quoteIndex - 2 && /[rRbBuUfFtT]/.test(text[start - 1]!)) start--;
  return start;
}

/** Length of the ASCII identifier at `index` ([A-Za-z_][A-Za-z0-9_]*), or 0. */
function asciiIdentifierLength(text: string, index: number): number {
  let end = index;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    const letter = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
    if (!letter && !(end > index && code >= 48 && code <= 57)) break;
  }
  return end - index;
}

export function tokenize(text: string): Token[] {
  const lineStarts = lineStartsOf(text);
  const tokens: Token[] = [];
  const indents = [0];
  let index = 0;
  let bracketDepth = 0;
  let atLineStart = true;
  let lineHasCode = false;

  // Tokens are pushed in order, so each position is found by walking forward
  // from the last one rather than by a binary search over every line.
  let line = 0;
  const locate = (offset: number): Position => {
    if (offset < lineStarts[line]!) return positionAt(lineStarts, offset);
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, column: offset - lineStarts[line]! + 1, offset };
  };
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, text: text.slice(start, end), start: locate(start), end: locate(end) });
  };

  while (index < text.length) {
    if (atLineStart && bracketDepth === 0) {
      atLineStart = false;
      let width = 0;
      let cursor = index;
      for (; cursor < text.length; cursor++) {
        const char = text[cursor];
        if (char === ' ') width++;
        else if (char === '\t') width = (Math.floor(width / 8) + 1) * 8;
        else if (char === '\f') width = 0;
        else break;
      }
      const next = text[cursor];
      const blank = next === undefined || isNewline(next) || next === '#' || (next === '\\' && newlineLength(text, cursor + 1) > 0);
      if (!blank) {
        if (width > indents[indents.length - 1]!) {
          indents.push(width);
          push('indent', index, cursor);
        } else {
          while (width < indents[indents.length - 1]!) {
            indents.pop();
            push('dedent', cursor, cursor);
          }
        }
      }
      index = cursor;
      continue;
    }

    const char = text[index]!;
    if (char === ' ' || char === '\t' || char === '\f') {
      index++;
      continue;
    }
    if (char === '#') {
      let end = index;
      while (end < text.length && !isNewline(text[end])) end++;
      push('comment', index, end);
      index = end;
      continue;
    }
    const breakLength = newlineLength(text, index);
    if (breakLength > 0) {
      push(bracketDepth === 0 && lineHasCode ? 'newline' : 'nl', index, index + breakLength);
      index += breakLength;
      if (bracketDepth === 0) {
        lineHasCode = false;
        atLineStart = true;
      }
      continue;
    }
    if (char === '\\') {
      const continuation = newlineLength(text, index + 1);
      if (continuation > 0) {
        index += 1 + continuation; // explicit line joining
      } else {
        push('error', index, index + 1);
        index++;
      }
      continue;
    }

    lineHasCode = true;
    if (char === '"' || char === "'") {
      index = pushString(index, index, false);
      continue;
    }

    // Most names are ASCII: the Unicode pattern runs only when a name has other characters.
    let identifierLength = asciiIdentifierLength(text, index);
    if (identifierLength === 0 || text.charCodeAt(index + identifierLength) >= 0x80) {
      IDENTIFIER.lastIndex = index;
      identifierLength = IDENTIFIER.exec(text)?.[0].length ?? 0;
    }
    if (identifierLength > 0) {
      const end = index + identifierLength;
      const quote = text[end];
      if ((quote === '"' || quote === "'") && STRING_PREFIXES.has(text.slice(index, end).toLowerCase())) {
        index = pushString(index, end, /[fFtT]/.test(text.slice(index, end)));
      } else {
        push('name', index, end);
        index = end;
      }
      continue;
    }

    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[index + 1] ?? ''))) {
      NUMBER.lastIndex = index;
      const number = NUMBER.exec(text);
      const end = number && number[0].length > 0 ? index + number[0].length : index + 1;
      push('number', index, end);
      index = end;
      continue;
    }

    const operator = OPERATORS_BY_FIRST_CHAR.get(char)?.find((candidate) => text.startsWith(candidate, index));
    if (operator) {
      if (OPENERS.includes(operator)) bracketDepth++;
      else if (CLOSERS.includes(operator)) bracketDepth = Math.max(0, bracketDepth - 1);
      push('op', index, index + operator.length);
      index += operator.length;
      continue;
    }

    const codePoint = text.codePointAt(index)!;
    const width = codePoint > 0xffff ? 2 : 1;
    push('error', index, index + width);
    index += width;
  }

  if (lineHasCode) push('newline', text.length, text.length);
  while (indents.length > 1) {
    indents.pop();
    push('dedent', text.length, text.length);
  }
  push('eof', text.length, text.length);
  return tokens;

  /** Pushes the string starting at `start` (prefix) with its quote at `quoteStart`; returns where to go on. */
  function pushString(start: number, quoteStart: number, isFormat: boolean): number {
    const end = scanStringEnd(text, quoteStart, isFormat);
    if (end >= 0) {
      push('string', start, end);
      return end;
    }
    // Unterminated: mark the prefix and opening quote(s) only and read on, so
    // the rest of the line (or file) is still analysed.
    const quote = text[quoteStart]!;
    const triple = text[quoteStart + 1] === quote && text[quoteStart + 2] === quote;
    if (triple) {
      push('error', start, quoteStart + 3);
      return quoteStart + 3;
    }
    let lineEnd = quoteStart;
    while (lineEnd < text.length && !isNewline(text[lineEnd])) lineEnd++;
    push('error', start, lineEnd);
    return lineEnd;
  }
}
