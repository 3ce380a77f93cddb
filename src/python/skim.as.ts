// AssemblyScript, compiled to WebAssembly by scripts/build.mjs: LogicalLines'
// pass over a text (src/python/tokenize.ts, `skimText`) for texts that are all
// ASCII, where a byte is a character and offsets are the same in both. The
// TypeScript pass stays the reference for every other text, and a test holds
// this one to it. What it adds is speed: the pass sees every character of every
// file, and here runs of plain code are skipped sixteen bytes at a time.
//
// Memory, laid out by the caller from heapBase() on: the text (with four zero
// bytes after it, which read as no character at all, like charCodeAt past the
// end), then room for one line start (i32) and one flag (u8) per byte of text,
// plus two.

/** The triple-quoted strings found open to the end, as OpenTriples in tokenize.ts. */
export let openDouble: i32 = -1;
export let openSingle: i32 = -1;

let text: usize = 0;
let textLength: i32 = 0;

/** Where the caller's part of memory begins. */
export function heapBase(): usize {
  return __heap_base;
}

const MAX_FSTRING_NESTING: i32 = 150;
const OPEN_AT_END: i32 = -2;

// @ts-ignore: decorator
@inline function at(index: i32): i32 {
  return <i32>load<u8>(text + <usize>index);
}

/**
 * The pass over the `length` ASCII bytes at `textAt`: writes where each line
 * starts (i32 each, the text's length last) at `startsAt` and whether it can
 * spell a name (u8 each) at `spellsAt`, and returns the number of lines.
 */
export function skim(textAt: usize, length: i32, startsAt: usize, spellsAt: usize): i32 {
  text = textAt;
  textLength = length;
  openDouble = -1;
  openSingle = -1;
  let count = 0;
  store<i32>(startsAt, 0);
  let index = 0;
  let bracketDepth = 0;
  let lineHasCode = false;
  let previousIsString = false;
  let spellsName: u8 = 0;
  let nextBackslash = -1;
  let nameAfterString = -1;
  while (index < length) {
    // Plain code on a line that already has code, right after no string: nothing changes until the next structural byte.
    if (lineHasCode && !previousIsString) index = nextStructural(index, length);
    if (index >= length) break;
    const char = at(index);
    if (char === 32 || char === 9 || char === 12) {
      index++;
      continue;
    }
    if (char === 40 || char === 91 || char === 123 || char === 41 || char === 93 || char === 125) {
      if (char === 40 || char === 91 || char === 123) bracketDepth++;
      else if (bracketDepth > 0) bracketDepth--;
      lineHasCode = true;
      previousIsString = false;
      nameAfterString = -1;
      index++;
      continue;
    }
    if (char === 35) {
      index = lineEndAt(index, length);
      continue;
    }
    if (char === 10 || char === 13) {
      index += char === 13 && at(index + 1) === 10 ? 2 : 1;
      if (bracketDepth === 0) {
        if (lineHasCode) {
          previousIsString = false;
          nameAfterString = -1;
          store<u8>(spellsAt + <usize>count, spellsName);
          count++;
          store<i32>(startsAt + (<usize>count << 2), index);
          spellsName = 0;
        }
        lineHasCode = false;
      }
      continue;
    }
    if (char === 92) {
      const continuation = newlineLength(index + 1);
      if (continuation > 0) {
        index += 1 + continuation;
      } else {
        previousIsString = false;
        nameAfterString = -1;
        index++;
      }
      continue;
    }
    if (char !== 34 && char !== 39) {
      lineHasCode = true;
      if (previousIsString) {
        previousIsString = false;
        nameAfterString = index;
      }
      index++;
      continue;
    }

    lineHasCode = true;
    const quoteStart = index;
    const stringStart = stringStartBefore(quoteStart);
    const end = stringTokenEnd(quoteStart, hasFormatLetter(stringStart, quoteStart), length);
    if (end >= 0) {
      if (nextBackslash < stringStart) {
        nextBackslash = indexOfByte(92, stringStart, length);
        if (nextBackslash < 0) nextBackslash = length;
      }
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
  if (load<i32>(startsAt + (<usize>count << 2)) !== length || count === 0) {
    store<u8>(spellsAt + <usize>count, spellsName);
    count++;
    store<i32>(startsAt + (<usize>count << 2), length);
  }
  return count;
}

/**
 * Where each physical line of the `length` ASCII bytes at `textAt` starts
 * (\r\n, \r and \n each end one), as lineStartsOf in tokenize.ts: written as
 * i32s at `outAt`, the first being 0. Returns how many.
 */
export function lineStarts(textAt: usize, length: i32, outAt: usize): i32 {
  text = textAt;
  textLength = length;
  store<i32>(outAt, 0);
  let count = 1;
  for (let index = lineEndAt(0, length); index < length; index = lineEndAt(index, length)) {
    index += at(index) === 13 && at(index + 1) === 10 ? 2 : 1;
    store<i32>(outAt + (<usize>count << 2), index);
    count++;
  }
  return count;
}

/** The first byte from `index` on that is not plain code or space: a quote, #, a line break, a backslash or a bracket. */
function nextStructural(index: i32, length: i32): i32 {
  while (index + 16 <= length) {
    const mask = structuralMask(v128.load(text + <usize>index));
    if (mask !== 0) return index + <i32>ctz<u32>(mask);
    index += 16;
  }
  while (index < length && !isStructural(at(index))) index++;
  return index;
}

// Sixteen bytes classified at once by their two halves: a byte is structural
// when the bits its high half selects in HIGH_HALVES meet those its low half
// selects in LOW_HALVES. Bit 0: \n \r (high half 0); bit 1: " # ' ( ) (2);
// bit 2: [ \ ] (5); bit 3: { } (7).
// @ts-ignore: decorator
@inline function structuralMask(bytes: v128): i32 {
  const lowHalves = v128(0, 0, 2, 2, 0, 0, 0, 2, 2, 2, 1, 12, 4, 13, 0, 0);
  const highHalves = v128(1, 0, 2, 0, 0, 4, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0);
  const low = i8x16.swizzle(lowHalves, v128.and(bytes, i8x16.splat(15)));
  const high = i8x16.swizzle(highHalves, i8x16.shr_u(bytes, 4));
  return i8x16.bitmask(i8x16.ne(v128.and(low, high), i8x16.splat(0)));
}

// @ts-ignore: decorator
@inline function isStructural(char: i32): bool {
  return char === 34 || char === 39 || char === 35 || char === 10 || char === 13 || char === 92 || char === 40 || char === 41 || char === 91 || char === 93 || char === 123 || char === 125;
}

function indexOfByte(byte: i32, from: i32, length: i32): i32 {
  const wanted = i8x16.splat(<i8>byte);
  let index = from;
  for (; index + 16 <= length; index += 16) {
    const mask = i8x16.bitmask(i8x16.eq(v128.load(text + <usize>index), wanted));
    if (mask !== 0) return index + <i32>ctz<u32>(mask);
  }
  for (; index < length; index++) if (at(index) === byte) return index;
  return -1;
}

/** The first line break (\n or \r) from `index` on, or `length`. */
function lineEndAt(index: i32, length: i32): i32 {
  const lineFeed = i8x16.splat(10);
  const carriageReturn = i8x16.splat(13);
  for (; index + 16 <= length; index += 16) {
    const bytes = v128.load(text + <usize>index);
    const mask = i8x16.bitmask(v128.or(i8x16.eq(bytes, lineFeed), i8x16.eq(bytes, carriageReturn)));
    if (mask !== 0) return index + <i32>ctz<u32>(mask);
  }
  for (; index < length; index++) {
    const code = at(index);
    if (code === 10 || code === 13) break;
  }
  return index;
}

/** The first byte from `index` on that can end or change a string: its quote, a backslash, a line break, or `{` in an f-string. */
function nextInString(index: i32, length: i32, quote: i32, isFormat: bool): i32 {
  const quotes = i8x16.splat(<i8>quote);
  const backslash = i8x16.splat(92);
  const lineFeed = i8x16.splat(10);
  const carriageReturn = i8x16.splat(13);
  const brace = i8x16.splat(isFormat ? 123 : 92);
  for (; index + 16 <= length; index += 16) {
    const bytes = v128.load(text + <usize>index);
    const found = v128.or(v128.or(i8x16.eq(bytes, quotes), i8x16.eq(bytes, backslash)), v128.or(v128.or(i8x16.eq(bytes, lineFeed), i8x16.eq(bytes, carriageReturn)), i8x16.eq(bytes, brace)));
    const mask = i8x16.bitmask(found);
    if (mask !== 0) return index + <i32>ctz<u32>(mask);
  }
  for (; index < length; index++) {
    const char = at(index);
    if (char === quote || char === 92 || char === 10 || char === 13 || (isFormat && char === 123)) break;
  }
  return index;
}

function newlineLength(index: i32): i32 {
  const char = at(index);
  if (char === 10) return 1;
  if (char === 13) return at(index + 1) === 10 ? 2 : 1;
  return 0;
}

// @ts-ignore: decorator
@inline function isDigitCode(code: i32): bool {
  return code >= 48 && code <= 57;
}

// @ts-ignore: decorator
@inline function isDigitOrUnderscore(code: i32): bool {
  return (code >= 48 && code <= 57) || code === 95;
}

// @ts-ignore: decorator
@inline function isPrefixLetter(code: i32): bool {
  const lower = code | 0x20;
  return lower === 114 || lower === 98 || lower === 117 || lower === 102 || lower === 116;
}

// @ts-ignore: decorator
@inline function isFormatLetter(code: i32): bool {
  const lower = code | 0x20;
  return lower === 102 || lower === 116;
}

// @ts-ignore: decorator
@inline function isAsciiIdentifierStart(code: i32): bool {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

// @ts-ignore: decorator
@inline function isAsciiIdentifierPart(code: i32): bool {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57);
}

function hasFormatLetter(start: i32, end: i32): bool {
  for (let index = start; index < end; index++) if (isFormatLetter(at(index))) return true;
  return false;
}

/** r u ur b br rb f fr rf t tr rt, in any case: the string prefixes tokenize.ts's STRING_PREFIXES holds. */
function isStringPrefix(start: i32, length: i32): bool {
  const first = at(start) | 0x20;
  if (length === 1) return first === 114 || first === 117 || first === 98 || first === 102 || first === 116;
  if (length !== 2) return false;
  const second = at(start + 1) | 0x20;
  if (first === 117) return second === 114; // ur
  if (first === 114) return second === 98 || second === 102 || second === 116; // rb rf rt
  if (second === 114) return first === 98 || first === 102 || first === 116; // br fr tr
  return false;
}

function scanStringEnd(quoteStart: i32, isFormat: bool, nesting: i32): i32 {
  if (nesting > MAX_FSTRING_NESTING) return -1;
  const length = textLength;
  const quote = at(quoteStart);
  const triple = at(quoteStart + 1) === quote && at(quoteStart + 2) === quote;
  let index = quoteStart + (triple ? 3 : 1);
  while (index < length) {
    index = nextInString(index, length, quote, isFormat);
    if (index >= length) break;
    const char = at(index);
    if (char === 92) {
      const continuation = newlineLength(index + 1);
      index += 1 + (continuation > 1 ? continuation : 1);
      continue;
    }
    if (char === quote) {
      if (!triple) return index + 1;
      if (at(index + 1) === quote && at(index + 2) === quote) return index + 3;
    } else if ((char === 10 || char === 13) && !triple) {
      return -1;
    } else if (isFormat && char === 123) {
      if (at(index + 1) === 123) {
        index += 2;
        continue;
      }
      const fieldEnd = scanReplacementField(index + 1, triple, nesting + 1);
      if (fieldEnd < 0) return fieldEnd;
      index = fieldEnd;
      continue;
    }
    index++;
  }
  return OPEN_AT_END;
}

function scanReplacementField(start: i32, inTriple: bool, nesting: i32): i32 {
  if (nesting > MAX_FSTRING_NESTING) return -1;
  const length = textLength;
  let depth = 0;
  let index = start;
  while (index < length) {
    const char = at(index);
    if ((char === 10 || char === 13) && !inTriple) return -1;
    if (char === 34 || char === 39) {
      const prefixStart = stringPrefixStart(index);
      const end = scanStringEnd(index, hasFormatLetter(prefixStart, index), nesting);
      if (end < 0) return end;
      index = end;
      continue;
    }
    if (char === 40 || char === 91 || char === 123) depth++;
    else if (char === 41 || char === 93 || char === 125) {
      if (depth === 0) return char === 125 ? index + 1 : -1;
      depth--;
    } else if (char === 58 && depth === 0 && at(index + 1) !== 61) {
      index++;
      while (index < length && at(index) !== 125) {
        const specChar = at(index);
        if ((specChar === 10 || specChar === 13) && !inTriple) return -1;
        if (specChar === 123) {
          const nestedEnd = scanReplacementField(index + 1, inTriple, nesting + 1);
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

function stringPrefixStart(quoteIndex: i32): i32 {
  let start = quoteIndex;
  while (start > 0 && start > quoteIndex - 2 && isPrefixLetter(at(start - 1))) start--;
  return start;
}

function stringTokenEnd(quoteStart: i32, isFormat: bool, length: i32): i32 {
  const quote = at(quoteStart);
  const triple = at(quoteStart + 1) === quote && at(quoteStart + 2) === quote;
  const openBefore = triple ? (quote === 34 ? openDouble : openSingle) : -1;
  const end = openBefore >= 0 ? OPEN_AT_END : scanStringEnd(quoteStart, isFormat, 0);
  if (end >= 0) return end;
  if (triple && end === OPEN_AT_END && openBefore < 0) {
    if (quote === 34) openDouble = quoteStart;
    else openSingle = quoteStart;
  }
  return ~(triple ? quoteStart + 3 : lineEndAt(quoteStart, length));
}

function stringStartBefore(quoteIndex: i32): i32 {
  let wordStart = quoteIndex;
  while (wordStart > 0) {
    const code = at(wordStart - 1);
    if (!isAsciiIdentifierPart(code) && code !== 46) break;
    wordStart--;
  }
  let index = wordStart;
  while (index < quoteIndex) {
    const char = at(index);
    if (isAsciiIdentifierStart(char)) {
      let end = index + 1;
      while (isAsciiIdentifierPart(at(end))) end++;
      if (end === quoteIndex) return isStringPrefix(index, end - index) ? index : quoteIndex;
      index = end;
    } else if (isDigitCode(char) || (char === 46 && isDigitCode(at(index + 1)))) {
      index = numberEnd(index);
    } else {
      const operator = operatorLength(index, char);
      index += operator > 0 ? operator : 1;
    }
  }
  return quoteIndex;
}

function numberEnd(index: i32): i32 {
  let end = index;
  const first = at(end);
  const radix = first === 48 ? at(end + 1) | 0x20 : 0;
  if (radix === 120) {
    end += 2;
    for (;;) {
      const code = at(end);
      const lower = code | 0x20;
      if ((code >= 48 && code <= 57) || (lower >= 97 && lower <= 102) || code === 95) end++;
      else break;
    }
  } else if (radix === 111) {
    end += 2;
    for (;;) {
      const code = at(end);
      if ((code >= 48 && code <= 55) || code === 95) end++;
      else break;
    }
  } else if (radix === 98) {
    end += 2;
    for (;;) {
      const code = at(end);
      if (code === 48 || code === 49 || code === 95) end++;
      else break;
    }
  } else {
    if (first === 46) {
      end += 2;
      while (isDigitOrUnderscore(at(end))) end++;
    } else {
      end++;
      while (isDigitOrUnderscore(at(end))) end++;
      if (at(end) === 46) {
        end++;
        while (isDigitOrUnderscore(at(end))) end++;
      }
    }
    const exponent = at(end);
    if (exponent === 101 || exponent === 69) {
      let cursor = end + 1;
      const sign = at(cursor);
      if (sign === 43 || sign === 45) cursor++;
      if (isDigitCode(at(cursor))) {
        cursor++;
        while (isDigitOrUnderscore(at(cursor))) cursor++;
        end = cursor;
      }
    }
  }
  const suffix = at(end) | 0x20;
  if (suffix === 106 || suffix === 108) end++;
  return end;
}

function operatorLength(index: i32, char: i32): i32 {
  const next = at(index + 1);
  switch (char) {
    case 40: case 41: case 91: case 93: case 123: case 125: case 44: case 59: case 126:
      return 1;
    case 42: case 47: case 62:
      if (next === char) return at(index + 2) === 61 ? 3 : 2;
      return next === 61 ? 2 : 1;
    case 60:
      if (next === 60) return at(index + 2) === 61 ? 3 : 2;
      return next === 61 || next === 62 ? 2 : 1;
    case 46:
      return next === 46 && at(index + 2) === 46 ? 3 : 1;
    case 45:
      return next === 62 || next === 61 ? 2 : 1;
    case 33: case 58: case 61: case 43: case 37: case 38: case 124: case 94: case 64:
      return next === 61 ? 2 : 1;
    default:
      return 0;
  }
}
