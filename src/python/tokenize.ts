// A Python tokenizer that is exact for what settings-guard needs (strings,
// comments, brackets, logical lines) and never throws: what it cannot read
// becomes an `error` token and it carries on after it, so a syntax error
// later in a file never hides a key earlier in it.
//
// Follows CPython's lexical analysis (Python Language Reference, chapter 2),
// with 3.12 f-strings (PEP 701: replacement fields may reuse the quote).
import type { Position, Token, TokenKind } from '../types';
import { lineStartsOf, positionAt } from '../text/positions';
import { skimAscii, type Skimmed } from './skim-wasm';

// `ur` is Python 2 only; read anyway, so a legacy settings module keeps its key sites.
const STRING_PREFIXES = new Set(['r', 'u', 'ur', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);

const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}\u00b7\u2118\u212e\u309b\u309c]*/uy;

// Token kinds as small integers: the scanner stores tokens in typed arrays
// (kind, start, end) and builds Token objects only for the tokens a caller asks for.
export const KIND_NAME = 0;
export const KIND_NUMBER = 1;
export const KIND_STRING = 2;
export const KIND_OP = 3;
export const KIND_NEWLINE = 4;
export const KIND_NL = 5;
export const KIND_COMMENT = 6;
export const KIND_INDENT = 7;
export const KIND_DEDENT = 8;
export const KIND_ERROR = 9;
export const KIND_EOF = 10;
export const TOKEN_KINDS: readonly TokenKind[] = ['name', 'number', 'string', 'op', 'newline', 'nl', 'comment', 'indent', 'dedent', 'error', 'eof'];

/** Length of the line break at `index` (2 for \r\n), or 0. */
function newlineLength(text: string, index: number): number {
  const char = text.charCodeAt(index);
  if (char === 10) return 1;
  if (char === 13) return text.charCodeAt(index + 1) === 10 ? 2 : 1;
  return 0;
}

/** Where the line holding `index` ends (at its \n or \r, or at `length`). */
function lineEndAt(text: string, index: number, length: number, onlyLineFeeds: boolean): number {
  if (onlyLineFeeds) {
    const end = text.indexOf('\n', index);
    return end < 0 || end > length ? length : end;
  }
  let end = index;
  while (end < length) {
    const code = text.charCodeAt(end);
    if (code === 10 || code === 13) break;
    end++;
  }
  return end;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isDigitOrUnderscore(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 95;
}

/** r R b B u U f F t T: the letters of string prefixes. */
function isPrefixLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower === 114 || lower === 98 || lower === 117 || lower === 102 || lower === 116;
}

/** f F t T: a prefix letter that makes a formatted (or template) string. */
function isFormatLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower === 102 || lower === 116;
}

function hasFormatLetter(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (isFormatLetter(text.charCodeAt(index))) return true;
  return false;
}

// CPython's tokenizer refuses f-strings nested deeper than this (MAXFSTRINGLEVEL in
// Parser/lexer/state.h); stopping there also bounds the recursion below.
const MAX_FSTRING_NESTING = 150;
/** scanStringEnd's result for a string still open at the end of the text. */
const OPEN_AT_END = -2;

/**
 * End offset of the string literal whose quote starts at `quoteStart`, or a
 * negative number when it is not terminated: -1 when it fails early (a
 * single-quoted string at the end of its line, an f-string nested too deep),
 * OPEN_AT_END (-2) when it is still open at the end of the text.
 */
export function scanStringEnd(text: string, quoteStart: number, isFormat: boolean, nesting = 0): number {
  if (nesting > MAX_FSTRING_NESTING) return -1;
  const length = text.length;
  const quote = text.charCodeAt(quoteStart);
  const triple = text.charCodeAt(quoteStart + 1) === quote && text.charCodeAt(quoteStart + 2) === quote;
  let index = quoteStart + (triple ? 3 : 1);
  while (index < length) {
    const char = text.charCodeAt(index);
    if (char === 92) {
      index += 1 + Math.max(1, newlineLength(text, index + 1));
      continue;
    }
    if (char === quote) {
      if (!triple) return index + 1;
      if (text.charCodeAt(index + 1) === quote && text.charCodeAt(index + 2) === quote) return index + 3;
    } else if ((char === 10 || char === 13) && !triple) {
      return -1;
    } else if (isFormat && char === 123) {
      if (text.charCodeAt(index + 1) === 123) {
        index += 2;
        continue;
      }
      const fieldEnd = scanReplacementField(text, index + 1, triple, nesting + 1);
      if (fieldEnd < 0) return fieldEnd;
      index = fieldEnd;
      continue;
    }
    index++;
  }
  return OPEN_AT_END;
}

/** End offset (after the closing brace) of an f-string replacement field starting after `{`, or negative as scanStringEnd. */
function scanReplacementField(text: string, start: number, inTriple: boolean, nesting: number): number {
  if (nesting > MAX_FSTRING_NESTING) return -1;
  const length = text.length;
  let depth = 0;
  let index = start;
  while (index < length) {
    const char = text.charCodeAt(index);
    if ((char === 10 || char === 13) && !inTriple) return -1;
    if (char === 34 || char === 39) {
      const prefixStart = stringPrefixStart(text, index);
      const end = scanStringEnd(text, index, hasFormatLetter(text, prefixStart, index), nesting);
      if (end < 0) return end;
      index = end;
      continue;
    }
    if (char === 40 || char === 91 || char === 123) depth++;
    else if (char === 41 || char === 93 || char === 125) {
      if (depth === 0) return char === 125 ? index + 1 : -1;
      depth--;
    } else if (char === 58 && depth === 0 && text.charCodeAt(index + 1) !== 61) {
      // Format spec: literal text with nested replacement fields, up to the closing brace.
      index++;
      while (index < length && text.charCodeAt(index) !== 125) {
        const specChar = text.charCodeAt(index);
        if ((specChar === 10 || specChar === 13) && !inTriple) return -1;
        if (specChar === 123) {
          const nestedEnd = scanReplacementField(text, index + 1, inTriple, nesting + 1);
          if (nestedEnd < 0) return nestedEnd;
          index = nestedEnd;
        } else index++;
      }
      return index < length ? index + 1 : OPEN_AT_END;
    }
    index++;
  }
  return OPEN_AT_END;
}

/** Where the string prefix (r, b, f, ...) before the quote at `quoteIndex` starts. */
function stringPrefixStart(text: string, quoteIndex: number): number {
  let start = quoteIndex;
  while (start > 0 && start > quoteIndex - 2 && isPrefixLetter(text.charCodeAt(start - 1))) start--;
  return start;
}

/** [A-Za-z_] */
function isAsciiIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

/** [A-Za-z0-9_] */
function isAsciiIdentifierPart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57);
}

/** Length of the identifier at `index`, or 0: ASCII names without the Unicode pattern. */
function identifierLengthAt(text: string, index: number, first: number): number {
  if (first < 0x80) {
    // An ASCII character that is not [A-Za-z_] starts no identifier.
    if (!isAsciiIdentifierStart(first)) return 0;
    let end = index + 1;
    while (end < text.length && isAsciiIdentifierPart(text.charCodeAt(end))) end++;
    if (!(text.charCodeAt(end) >= 0x80)) return end - index;
  }
  IDENTIFIER.lastIndex = index;
  return IDENTIFIER.exec(text)?.[0].length ?? 0;
}

/**
 * End of the number at `index` (a digit, or `.` before a digit): the same as
 * 0[xX][0-9a-fA-F_]* | 0[oO][0-7_]* | 0[bB][01_]* | (\d[\d_]*(\.[\d_]*)? | \.\d[\d_]*)([eE][+-]?\d[\d_]*)?
 * followed by an optional [jJlL].
 */
function numberEnd(text: string, index: number): number {
  let end = index;
  const first = text.charCodeAt(end);
  const radix = first === 48 ? text.charCodeAt(end + 1) | 0x20 : 0;
  if (radix === 120) {
    end += 2;
    for (;;) {
      const code = text.charCodeAt(end);
      const lower = code | 0x20;
      if ((code >= 48 && code <= 57) || (lower >= 97 && lower <= 102) || code === 95) end++;
      else break;
    }
  } else if (radix === 111) {
    end += 2;
    for (;;) {
      const code = text.charCodeAt(end);
      if ((code >= 48 && code <= 55) || code === 95) end++;
      else break;
    }
  } else if (radix === 98) {
    end += 2;
    for (;;) {
      const code = text.charCodeAt(end);
      if (code === 48 || code === 49 || code === 95) end++;
      else break;
    }
  } else {
    if (first === 46) {
      end += 2; // `.` and its digit
      while (isDigitOrUnderscore(text.charCodeAt(end))) end++;
    } else {
      end++;
      while (isDigitOrUnderscore(text.charCodeAt(end))) end++;
      if (text.charCodeAt(end) === 46) {
        end++;
        while (isDigitOrUnderscore(text.charCodeAt(end))) end++;
      }
    }
    const exponent = text.charCodeAt(end);
    if (exponent === 101 || exponent === 69) {
      let cursor = end + 1;
      const sign = text.charCodeAt(cursor);
      if (sign === 43 || sign === 45) cursor++;
      if (isDigitCode(text.charCodeAt(cursor))) {
        cursor++;
        while (isDigitOrUnderscore(text.charCodeAt(cursor))) cursor++;
        end = cursor;
      }
    }
  }
  const suffix = text.charCodeAt(end) | 0x20;
  if (suffix === 106 || suffix === 108) end++;
  return end;
}

/** Length of the operator at `index` (the longest that matches), or 0. */
function operatorLength(text: string, index: number, char: number): number {
  const next = text.charCodeAt(index + 1);
  switch (char) {
    case 40: case 41: case 91: case 93: case 123: case 125: case 44: case 59: case 126: // ( ) [ ] { } , ; ~
      return 1;
    case 42: case 47: case 62: // * / >: doubled, doubled with =, or with =
      if (next === char) return text.charCodeAt(index + 2) === 61 ? 3 : 2;
      return next === 61 ? 2 : 1;
    case 60: // < << <= <<= <>
      if (next === 60) return text.charCodeAt(index + 2) === 61 ? 3 : 2;
      return next === 61 || next === 62 ? 2 : 1;
    case 46: // . ...
      return next === 46 && text.charCodeAt(index + 2) === 46 ? 3 : 1;
    case 45: // - -> -=
      return next === 62 || next === 61 ? 2 : 1;
    case 33: case 58: case 61: case 43: case 37: case 38: case 124: case 94: case 64: // ! : = + % & | ^ @ and each with =
      return next === 61 ? 2 : 1;
    default:
      return 0;
  }
}

/**
 * A file's tokens in three parallel arrays. Token objects (text and
 * line/column positions) are made only by `token(i)` and `tokens()`, for the
 * few tokens a caller needs; most of a file is only scanned.
 */
export class TokenStream {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  private lineStarts: ArrayLike<number> | null = null;

  /** `lineStarts`: the text's line starts, when the caller has them (shared by the streams of one text's logical lines). */
  constructor(
    readonly text: string,
    lineStarts: () => ArrayLike<number> = () => lineStartsOf(text),
    expectedLength = text.length,
  ) {
    this.lineStartsOf = lineStarts;
    const capacity = 16 + (expectedLength >> 2);
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(kind: number, start: number, end: number): void {
    if (this.count === this.kinds.length) {
      const capacity = this.count * 2;
      const kinds = new Uint8Array(capacity);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const starts = new Int32Array(capacity);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(capacity);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.kinds[this.count] = kind;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  textOf(index: number): string {
    return this.text.slice(this.starts[index]!, this.ends[index]!);
  }

  /** Token `index` spells exactly `expected`. */
  textIs(index: number, expected: string): boolean {
    const start = this.starts[index]!;
    return this.ends[index]! - start === expected.length && this.text.startsWith(expected, start);
  }

  private readonly lineStartsOf: () => ArrayLike<number>;

  positionOf(offset: number): Position {
    this.lineStarts ??= this.lineStartsOf();
    return positionAt(this.lineStarts, offset);
  }

  token(index: number): Token {
    return {
      kind: TOKEN_KINDS[this.kinds[index]!]!,
      text: this.textOf(index),
      start: this.positionOf(this.starts[index]!),
      end: this.positionOf(this.ends[index]!),
    };
  }

  /** Every token as an object. */
  tokens(): Token[] {
    this.lineStarts ??= this.lineStartsOf();
    const lineStarts = this.lineStarts;
    // Tokens come in order, so each position is found by walking forward
    // from the last one rather than by a binary search over every line.
    let line = 0;
    const locate = (offset: number): Position => {
      if (offset < lineStarts[line]!) return positionAt(lineStarts, offset);
      while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
      return { line: line + 1, column: offset - lineStarts[line]! + 1, offset };
    };
    const tokens: Token[] = new Array(this.count);
    for (let index = 0; index < this.count; index++) {
      const start = this.starts[index]!;
      const end = this.ends[index]!;
      tokens[index] = { kind: TOKEN_KINDS[this.kinds[index]!]!, text: this.text.slice(start, end), start: locate(start), end: locate(end) };
    }
    return tokens;
  }
}

export function tokenize(text: string): Token[] {
  return scanTokens(text).tokens();
}

/**
 * Where scanTokens starts and stops, for the tokens of one logical line (see
 * LogicalLines): offsets stay those of the whole text.
 */
export interface ScanRange {
  start: number;
  end: number;
  lineStarts: () => ArrayLike<number>;
  /** What the whole text's scan knew by `start`: the triple-quoted strings open to the end before it. */
  openTriples: OpenTriples;
  /** The text has no \r. */
  onlyLineFeeds: boolean;
}

export function scanTokens(text: string, range?: ScanRange): TokenStream {
  const stream = range ? new TokenStream(text, range.lineStarts, range.end - range.start) : new TokenStream(text);
  const length = range ? range.end : text.length;
  const indents = [0];
  let index = range ? range.start : 0;
  let bracketDepth = 0;
  let atLineStart = true;
  let lineHasCode = false;
  // Most files end lines with \n alone: comments then end where indexOf finds one.
  const onlyLineFeeds = range ? range.onlyLineFeeds : text.indexOf('\r') < 0;
  const openTriples: OpenTriples = range ? { ...range.openTriples } : { double: -1, single: -1 };

  while (index < length) {
    if (atLineStart && bracketDepth === 0) {
      atLineStart = false;
      let width = 0;
      let cursor = index;
      for (; cursor < length; cursor++) {
        const char = text.charCodeAt(cursor);
        if (char === 32) width++;
        else if (char === 9) width = (Math.floor(width / 8) + 1) * 8;
        else if (char === 12) width = 0;
        else break;
      }
      const next = text.charCodeAt(cursor);
      const blank = cursor >= length || next === 10 || next === 13 || next === 35 || (next === 92 && newlineLength(text, cursor + 1) > 0);
      if (!blank) {
        if (width > indents[indents.length - 1]!) {
          indents.push(width);
          stream.push(KIND_INDENT, index, cursor);
        } else {
          while (width < indents[indents.length - 1]!) {
            indents.pop();
            stream.push(KIND_DEDENT, cursor, cursor);
          }
        }
      }
      index = cursor;
      continue;
    }

    const char = text.charCodeAt(index);
    if (char === 32 || char === 9 || char === 12) {
      index++;
      continue;
    }
    if (char === 35) {
      const end = lineEndAt(text, index, length, onlyLineFeeds);
      stream.push(KIND_COMMENT, index, end);
      index = end;
      continue;
    }
    if (char === 10 || char === 13) {
      const breakLength = char === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1;
      stream.push(bracketDepth === 0 && lineHasCode ? KIND_NEWLINE : KIND_NL, index, index + breakLength);
      index += breakLength;
      if (bracketDepth === 0) {
        lineHasCode = false;
        atLineStart = true;
      }
      continue;
    }
    if (char === 92) {
      const continuation = newlineLength(text, index + 1);
      if (continuation > 0) {
        index += 1 + continuation; // explicit line joining
      } else {
        stream.push(KIND_ERROR, index, index + 1);
        index++;
      }
      continue;
    }

    lineHasCode = true;
    if (char === 34 || char === 39) {
      index = pushString(index, index, false);
      continue;
    }

    const identifierLength = identifierLengthAt(text, index, char);
    if (identifierLength > 0) {
      const end = index + identifierLength;
      const quote = text.charCodeAt(end);
      if ((quote === 34 || quote === 39) && identifierLength <= 2 && STRING_PREFIXES.has(text.slice(index, end).toLowerCase())) {
        index = pushString(index, end, hasFormatLetter(text, index, end));
      } else {
        stream.push(KIND_NAME, index, end);
        index = end;
      }
      continue;
    }

    if (isDigitCode(char) || (char === 46 && isDigitCode(text.charCodeAt(index + 1)))) {
      const end = numberEnd(text, index);
      stream.push(KIND_NUMBER, index, end);
      index = end;
      continue;
    }

    const operator = operatorLength(text, index, char);
    if (operator > 0) {
      if (char === 40 || char === 91 || char === 123) bracketDepth++;
      else if (char === 41 || char === 93 || char === 125) bracketDepth = Math.max(0, bracketDepth - 1);
      stream.push(KIND_OP, index, index + operator);
      index += operator;
      continue;
    }

    const width = char >= 0xd800 && char <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    stream.push(KIND_ERROR, index, index + width);
    index += width;
  }

  if (lineHasCode) stream.push(KIND_NEWLINE, length, length);
  while (indents.length > 1) {
    indents.pop();
    stream.push(KIND_DEDENT, length, length);
  }
  stream.push(KIND_EOF, length, length);
  return stream;

  /** Pushes the string starting at `start` (prefix) with its quote at `quoteStart`; returns where to go on. */
  function pushString(start: number, quoteStart: number, isFormat: boolean): number {
    const end = stringTokenEnd(text, quoteStart, isFormat, openTriples, length, onlyLineFeeds);
    if (end >= 0) {
      stream.push(KIND_STRING, start, end);
      return end;
    }
    stream.push(KIND_ERROR, start, ~end);
    return ~end;
  }
}

/**
 * Where a triple-quoted string of each quote was first found open to the end
 * of the text, or -1. Every later opening of that quote runs to the end as
 * well, and scanning each again would make a file of them quadratic.
 */
interface OpenTriples {
  double: number;
  single: number;
}

/**
 * The end of the string token whose quote is at `quoteStart`; when it is not
 * terminated, `~end` of the error token that marks its opening: the opening
 * quotes of a triple-quoted string, the rest of the line otherwise, so the
 * rest of the line (or of the file) is still read.
 */
function stringTokenEnd(text: string, quoteStart: number, isFormat: boolean, open: OpenTriples, length: number, onlyLineFeeds: boolean): number {
  const quote = text.charCodeAt(quoteStart);
  const triple = text.charCodeAt(quoteStart + 1) === quote && text.charCodeAt(quoteStart + 2) === quote;
  const openBefore = triple ? (quote === 34 ? open.double : open.single) : -1;
  const end = openBefore >= 0 ? OPEN_AT_END : scanStringEnd(text, quoteStart, isFormat);
  if (end >= 0) return end;
  if (triple && end === OPEN_AT_END && openBefore < 0) {
    if (quote === 34) open.double = quoteStart;
    else open.single = quoteStart;
  }
  return ~(triple ? quoteStart + 3 : lineEndAt(text, quoteStart, length, onlyLineFeeds));
}

// Character classes for LogicalLines' pass over a text; every character from U+0080 on is code.
const SKIM_CODE = 0;
const SKIM_SPACE = 1;
const SKIM_QUOTE = 2;
const SKIM_HASH = 3;
const SKIM_BREAK = 4;
const SKIM_BACKSLASH = 5;
const SKIM_OPEN = 6;
const SKIM_CLOSE = 7;
const SKIM_CLASSES = new Uint8Array(128);
for (const [chars, kind] of [[' \t\f', SKIM_SPACE], ['"\'', SKIM_QUOTE], ['#', SKIM_HASH], ['\n\r', SKIM_BREAK], ['\\', SKIM_BACKSLASH], ['([{', SKIM_OPEN], [')]}', SKIM_CLOSE]] as const) {
  for (const char of chars) SKIM_CLASSES[char.charCodeAt(0)] = kind;
}

/**
 * Where the string whose quote is at `quoteIndex` starts: at its prefix (r, b,
 * f, ...) when the token scanTokens reads just before the quote is one, else
 * at the quote. The word before the quote (names, numbers, dots) is read again
 * as scanTokens reads it, from a character no token runs across.
 */
function stringStartBefore(text: string, quoteIndex: number): number {
  let wordStart = quoteIndex;
  while (wordStart > 0) {
    const code = text.charCodeAt(wordStart - 1);
    if (!isAsciiIdentifierPart(code) && code !== 46 && code < 0x80) break;
    wordStart--;
  }
  let at = wordStart;
  while (at < quoteIndex) {
    const char = text.charCodeAt(at);
    const identifierLength = identifierLengthAt(text, at, char);
    if (identifierLength > 0) {
      if (at + identifierLength === quoteIndex) {
        return identifierLength <= 2 && STRING_PREFIXES.has(text.slice(at, quoteIndex).toLowerCase()) ? at : quoteIndex;
      }
      at += identifierLength;
    } else if (isDigitCode(char) || (char === 46 && isDigitCode(text.charCodeAt(at + 1)))) {
      at = numberEnd(text, at);
    } else {
      const operator = operatorLength(text, at, char);
      at += operator > 0 ? operator : char >= 0xd800 && char <= 0xdbff && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    }
  }
  return quoteIndex;
}

/**
 * A module cut into logical lines, each scanned into tokens only when asked
 * for. Line i covers [starts[i], starts[i + 1]): a logical line and the blank
 * and comment lines after it, ending right after a NEWLINE token of the whole
 * text's scan, so the tokens of all lines together are the tokens of the text
 * (but for INDENT and DEDENT). The pass that finds the lines follows
 * scanTokens step for step and keeps nothing but line ends: it is what every
 * line of a module costs, most of which is never looked at token by token.
 */
export class LogicalLines {
  /** Where each line starts; the last entry is the text's length. */
  readonly starts: Int32Array;
  /**
   * Per line, 1 when it holds a string with a backslash in it, or a string
   * right after another string, either of which can spell a name that is not
   * in the text (escapes, implicit concatenation).
   */
  readonly spellsNames: Uint8Array;
  private readonly streams = new Map<number, TokenStream>();
  private lineStarts: ArrayLike<number> | null = null;
  private readonly sharedLineStarts = (): ArrayLike<number> => (this.lineStarts ??= lineStartsOf(this.text));
  private readonly onlyLineFeeds: boolean;
  private readonly openTriples: OpenTriples = { double: -1, single: -1 };
  /** The text is known to be ASCII (the WebAssembly pass read it); false when unknown. */
  readonly ascii: boolean;

  constructor(readonly text: string) {
    this.onlyLineFeeds = text.indexOf('\r') < 0;
    // The same pass, compiled to WebAssembly, reads ASCII texts several times faster.
    const ascii = skimAscii(text);
    const skimmed = ascii ?? skimText(text);
    if (ascii) this.lineStarts = ascii.lineStarts;
    this.ascii = ascii !== null;
    this.starts = skimmed.starts;
    this.spellsNames = skimmed.spellsNames;
    this.openTriples.double = skimmed.openDouble;
    this.openTriples.single = skimmed.openSingle;
  }

  get count(): number {
    return this.spellsNames.length;
  }

  /** The line holding `offset`. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** The lines where `needle` occurs, in order, each once. */
  linesMentioning(needle: string): number[] {
    const found: number[] = [];
    for (let at = this.indexOf(needle, 0); at >= 0; ) {
      const line = this.lineAt(at);
      found.push(line);
      at = this.indexOf(needle, Math.max(at + 1, this.starts[line + 1]!));
    }
    return found;
  }

  includes(needle: string): boolean {
    return this.indexOf(needle, 0) >= 0;
  }

  private indexOf(needle: string, from: number): number {
    return this.text.indexOf(needle, from);
  }

  tokens(line: number): TokenStream {
    let stream = this.streams.get(line);
    if (!stream) {
      const start = this.starts[line]!;
      stream = scanTokens(this.text, {
        start,
        end: this.starts[line + 1]!,
        lineStarts: this.sharedLineStarts,
        openTriples: {
          double: this.openTriples.double < start ? this.openTriples.double : -1,
          single: this.openTriples.single < start ? this.openTriples.single : -1,
        },
        onlyLineFeeds: this.onlyLineFeeds,
      });
      this.streams.set(line, stream);
    }
    return stream;
  }
}

/**
 * LogicalLines' pass in TypeScript: scanTokens' loop with its pushes replaced
 * by what statementRanges in key-sites.ts would conclude from them: where
 * NEWLINE tokens end, and whether a string token follows a string token or
 * holds a backslash. skim.as.ts is the same pass for ASCII texts.
 */
export function skimText(text: string): Skimmed {
  const length = text.length;
  const onlyLineFeeds = text.indexOf('\r') < 0;
  const starts = [0];
  const spellsNames: number[] = [];
  const openTriples: OpenTriples = { double: -1, single: -1 };
  let index = 0;
  let bracketDepth = 0;
  let lineHasCode = false;
  let previousIsString = false;
  let spellsName = 0;
  let nextBackslash = -1;
  // Where a name right after a string token began, or -1: when that name turns out to be a
  // string's prefix, the string follows the string after all.
  let nameAfterString = -1;
  // No closures over these: the loop below sees every character of every file, and
  // variables a closure captures live on the heap rather than in registers.
  while (index < length) {
    const char = text.charCodeAt(index);
    const kind = char < 128 ? SKIM_CLASSES[char]! : SKIM_CODE;
    // Names, numbers, operators: which token a character belongs to changes nothing here.
    if (kind === SKIM_CODE) {
      lineHasCode = true;
      if (previousIsString) {
        previousIsString = false;
        nameAfterString = index;
      }
      index++;
      continue;
    }
    if (kind === SKIM_SPACE) {
      index++;
      continue;
    }
    if (kind === SKIM_OPEN || kind === SKIM_CLOSE) {
      if (kind === SKIM_OPEN) bracketDepth++;
      else if (bracketDepth > 0) bracketDepth--;
      lineHasCode = true;
      previousIsString = false;
      nameAfterString = -1;
      index++;
      continue;
    }
    if (kind === SKIM_HASH) {
      index = lineEndAt(text, index, length, onlyLineFeeds);
      continue;
    }
    if (kind === SKIM_BREAK) {
      index += char === 13 && text.charCodeAt(index + 1) === 10 ? 2 : 1;
      if (bracketDepth === 0) {
        if (lineHasCode) {
          previousIsString = false;
          nameAfterString = -1;
          starts.push(index);
          spellsNames.push(spellsName);
          spellsName = 0;
        }
        lineHasCode = false;
      }
      continue;
    }
    if (kind === SKIM_BACKSLASH) {
      const continuation = newlineLength(text, index + 1);
      if (continuation > 0) {
        index += 1 + continuation;
      } else {
        previousIsString = false;
        nameAfterString = -1;
        index++;
      }
      continue;
    }

    // A quote: as scanTokens' pushString, a string token or an error token for its unterminated opening.
    lineHasCode = true;
    const quoteStart = index;
    const stringStart = stringStartBefore(text, quoteStart);
    const end = stringTokenEnd(text, quoteStart, hasFormatLetter(text, stringStart, quoteStart), openTriples, length, onlyLineFeeds);
    if (end >= 0) {
      if (nextBackslash < stringStart) {
        nextBackslash = text.indexOf('\\', stringStart);
        if (nextBackslash < 0) nextBackslash = length;
      }
      // The string's prefix was read as code a moment ago; the token before the prefix is what counts.
      if (stringStart < quoteStart) previousIsString = nameAfterString === stringStart;
      if (previousIsString || nextBackslash < end) spellsName = 1;
      previousIsString = true;
      nameAfterString = -1;
      index = end;
      continue;
    }
    previousIsString = false;
    nameAfterString = -1;
    index = ~end;
  }
  // The last line runs to the end of the text (only blank or comment lines when the text ends with a NEWLINE).
  if (starts[starts.length - 1] !== length || starts.length === 1) {
    starts.push(length);
    spellsNames.push(spellsName);
  }
  return { starts: Int32Array.from(starts), spellsNames: Uint8Array.from(spellsNames), openDouble: openTriples.double, openSingle: openTriples.single };
}
