// The value of a Python string or bytes literal token, as the compiler would
// build it (Python Language Reference 2.4.1, "String and Bytes literals").
import { isUtf8 } from 'node:buffer';

export interface StringToken {
  prefix: string;
  /** ' or " (the first quote character; triple quotes use three of them). */
  quote: string;
  triple: boolean;
  body: string;
  isRaw: boolean;
  isBytes: boolean;
  isFormat: boolean;
}

export function splitStringToken(text: string): StringToken {
  let prefixLength = 0;
  while (prefixLength < text.length && text[prefixLength] !== '"' && text[prefixLength] !== "'") prefixLength++;
  const prefix = text.slice(0, prefixLength).toLowerCase();
  const quote = text[prefixLength] ?? '"';
  const triple = text.startsWith(quote.repeat(3), prefixLength) && text.length >= prefixLength + 6;
  const quoteLength = triple ? 3 : 1;
  return {
    prefix,
    quote,
    triple,
    body: text.slice(prefixLength + quoteLength, text.length - quoteLength),
    isRaw: prefix.includes('r'),
    isBytes: prefix.includes('b'),
    isFormat: prefix.includes('f') || prefix.includes('t'),
  };
}

/** An f-string (or t-string) with a `{field}`: its value is computed. `f"abc"` and `f"{{x}}"` are constants. */
export function hasReplacementField(tokenText: string): boolean {
  const token = splitStringToken(tokenText);
  return token.isFormat && /\{(?!\{)/.test(token.body.replace(/\{\{/g, ''));
}

const SIMPLE_ESCAPES: Record<string, number> = {
  '\\': 0x5c, "'": 0x27, '"': 0x22, a: 0x07, b: 0x08, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b,
};

/** Where a decoded body goes: runs of source text as they stand, and the code point or byte value of each escape. */
interface DecodeSink {
  text(chunk: string): void;
  unit(value: number): void;
}

/**
 * Decodes a literal's body to code points (str) or byte values (bytes).
 * Escapes CPython rejects (a short \x) are kept as written: the value is
 * what a reader sees, and the file would not run anyway.
 */
function decodeBody(body: string, isRaw: boolean, isBytes: boolean, sink: DecodeSink): void {
  // The compiler reads source with universal newlines: every line break in a literal is \n.
  const text = body.replace(/\r\n?/g, '\n');
  if (isRaw) {
    sink.text(text);
    return;
  }
  let index = 0;
  while (index < text.length) {
    const backslash = text.indexOf('\\', index);
    if (backslash < 0) {
      sink.text(text.slice(index));
      break;
    }
    if (backslash > index) sink.text(text.slice(index, backslash));
    const next = text[backslash + 1];
    index = backslash + 2;
    if (next === undefined) {
      sink.unit(0x5c);
      break;
    }
    if (next === '\n') continue; // backslash-newline: the line break is not part of the value
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      sink.unit(simple);
      continue;
    }
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(backslash + 1, backslash + 4))![0];
      sink.unit(parseInt(digits, 8) & (isBytes ? 0xff : 0x1ff));
      index = backslash + 1 + digits.length;
      continue;
    }
    const hexLength = next === 'x' ? 2 : !isBytes && next === 'u' ? 4 : !isBytes && next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = text.slice(index, index + hexLength);
      if (digits.length === hexLength && /^[0-9a-fA-F]+$/.test(digits)) {
        sink.unit(parseInt(digits, 16));
        index += hexLength;
        continue;
      }
    }
    // \N{NAME} and unknown escapes stay as written.
    sink.unit(0x5c);
    sink.text(next);
  }
}

export interface DecodedLiteral {
  value: string;
  notUtf8: boolean;
}

/** The value of implicitly concatenated literal tokens (all str or all bytes). */
export function decodeStringTokens(tokens: readonly StringToken[]): DecodedLiteral {
  const isBytes = tokens.some((token) => token.isBytes);
  // In a constant f-string, doubled braces stand for one brace.
  const bodyOf = (token: StringToken) => (token.isFormat ? token.body.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : token.body);
  if (!isBytes) {
    // Runs of text are kept whole: a 10 MB literal is a few slices, not ten million code points.
    const parts: string[] = [];
    const sink: DecodeSink = {
      text: (chunk) => parts.push(chunk),
      unit: (value) => parts.push(String.fromCodePoint(Math.min(value, 0x10ffff))),
    };
    for (const token of tokens) decodeBody(bodyOf(token), token.isRaw, false, sink);
    return { value: parts.join(''), notUtf8: false };
  }
  const units: number[] = [];
  for (const token of tokens) {
    decodeBody(bodyOf(token), token.isRaw, token.isBytes, {
      // Bytes literals hold ASCII; anything else counts as its UTF-8 bytes. A str token among
      // bytes ones (a syntax error) keeps its code points, cut to a byte below like every unit.
      text: (chunk) => {
        for (const char of chunk) {
          const codePoint = char.codePointAt(0)!;
          if (token.isBytes && codePoint > 0x7f) units.push(...Buffer.from(char, 'utf8'));
          else units.push(codePoint);
        }
      },
      unit: (value) => units.push(value),
    });
  }
  const bytes = Buffer.from(units.map((unit) => unit & 0xff));
  return { value: bytes.toString('utf8'), notUtf8: !isUtf8(bytes) };
}
