// LogicalLines finds logical lines without keeping tokens, then scans one line
// at a time on demand. Scanned together, the lines must give exactly the
// tokens of the whole text, and the pass's hints must be what the tokens say.
// The pass exists twice: in TypeScript for every text, and compiled to
// WebAssembly for ASCII texts; the two must agree to the last field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeSource } from '../../src/text/decode';
import {
  KIND_DEDENT,
  KIND_EOF,
  KIND_INDENT,
  KIND_NEWLINE,
  KIND_NL,
  KIND_COMMENT,
  KIND_STRING,
  LogicalLines,
  scanTokens,
  skimText,
  type TokenStream,
} from '../../src/python/tokenize';
import { skimAscii } from '../../src/python/skim-wasm';
import { lineStartsOf } from '../../src/text/positions';
import { programArbitrary, renderProgram } from './generate-settings';
import { REPO_ROOT, filesUnder } from './python-oracle';

type Triple = [kind: number, start: number, end: number];

/** The tokens that do not depend on where a scan starts (INDENT and DEDENT do, and EOF marks the end). */
function tokensOf(stream: TokenStream): Triple[] {
  const found: Triple[] = [];
  for (let index = 0; index < stream.count; index++) {
    const kind = stream.kinds[index]!;
    if (kind !== KIND_INDENT && kind !== KIND_DEDENT && kind !== KIND_EOF) found.push([kind, stream.starts[index]!, stream.ends[index]!]);
  }
  return found;
}

/** What statementRanges concludes per line: a string after a string, or a string holding a backslash. */
function spellsNamesOf(text: string, lineTokens: Triple[]): number {
  let previousIsString = false;
  let spells = 0;
  for (const [kind, start, end] of lineTokens) {
    if (kind === KIND_NL || kind === KIND_COMMENT) continue;
    if (kind === KIND_STRING && (previousIsString || text.slice(start, end).includes('\\'))) spells = 1;
    previousIsString = kind === KIND_STRING;
  }
  return spells;
}

function expectSameAsWholeScan(text: string): void {
  const whole = tokensOf(scanTokens(text));
  const lines = new LogicalLines(text);
  const newlineEnds = whole.filter(([kind, , end]) => kind === KIND_NEWLINE && end > 0).map(([, , end]) => end);
  expect(lines.starts[0]).toBe(0);
  expect(lines.starts[lines.count]).toBe(text.length);
  expect(Array.from(lines.starts.slice(1, lines.count))).toEqual(newlineEnds.filter((end) => end < text.length));
  const perLine = Array.from({ length: lines.count }, (_, line) => tokensOf(lines.tokens(line)));
  expect(perLine.flat()).toEqual(whole);
  expect(Array.from(lines.spellsNames)).toEqual(perLine.map((lineTokens) => spellsNamesOf(text, lineTokens)));
  expectPassesAgree(text);
  expectSearchesAgree(text);
}

const NEEDLES = ['SECRET_KEY', 'x', '"""', '\\', '\r\n', '1.', 'é', '\0', 'x'.repeat(300)];

/** linesMentioning names each line holding a needle, once, in order. */
function expectSearchesAgree(text: string): void {
  const lines = new LogicalLines(text);
  const expected = (needle: string): number[] => {
    const found: number[] = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const line = lines.lineAt(at);
      if (found[found.length - 1] !== line) found.push(line);
    }
    return found;
  };
  for (const needle of NEEDLES) expect(lines.linesMentioning(needle)).toEqual(expected(needle));
  expect(lines.includes('SECRET_KEY')).toBe(text.includes('SECRET_KEY'));
}

const isAscii = (text: string): boolean => /^[\x00-\x7f]*$/.test(text);

/** On an ASCII text the WebAssembly pass answers, and exactly as the TypeScript one; on any other text it declines. */
function expectPassesAgree(text: string): void {
  const compiled = skimAscii(text);
  if (!isAscii(text)) {
    expect(compiled).toBeNull();
    return;
  }
  const { lineStarts, ...skimmed } = compiled!;
  expect(skimmed).toEqual(skimText(text));
  expect(Array.from(lineStarts)).toEqual(lineStartsOf(text));
}

describe('logical lines, scanned one at a time, are the whole scan', () => {
  it.each([
    ['empty', ''],
    ['no final newline', 'x = 1\ny = 2'],
    ['blank and comment lines', '\n\n# c\nx = 1\n\n   # c\n\\\n'],
    ['brackets across lines', 'x = (1,\n  2)  # c\ny = [\n]\n'],
    ['unbalanced closing brackets', 'x = 1)]}\ny = 2\n'],
    ['continuations', 'x = 1 + \\\n  2\ny = \\\r\n 3\r\n'],
    ['CR line ends', 'x = 1\ry = "a"\r'],
    ['adjacent strings', 'x = "SECRET" "_KEY"\ny = ("a"\n  # c\n  "b")\nz = "a"; w = "b"\n'],
    ['escapes', 'x = "\\x41"\ny = r"\\d"\nz = b"\\\\"\n'],
    ['triple-quoted strings', 'x = """a\n"""\ny = \'\'\'b\n\'\'\'\n'],
    ['unterminated triple quotes', 'x = """open\ny = 1\nz = """\nw = \'\'\'\n'],
    ['unterminated single quotes', 'x = "open\ny = 1\n'],
    ['f-strings', 'x = f"{a["b"]}" f\'{c:{d}}\'\ny = rf"{e}\\n"\n'],
    ['prefixes that are names', 'x = if"a"\ny = rb"b" + Rb\'c\' + ur"d"\nz = 1if"x"else 2\n'],
    ['lone backslash and odd characters', 'x = 1 \\ 2\ny = $ ? `\nz = "\ud83d\ude00"\n'],
    ['semicolons', 'a = 1; b = "x"; c = (1; 2)\n'],
    ['prefixed strings after strings', 'x = "a" rb"b"\ny = "a" x rb"b"\nz = "a"\nrb"b"\nw = ("a"\n rb"b")\n'],
    ['numbers before quotes', 'x = 1rb"a" 1e-5f"b" 0x1f"c" 1.f"d" 1.j"e" 1_0u"f" x.rb"g" x...b"h" 1.e5f"i" 0.e1u"j"\n'],
    ['an f-string whose prefix follows a number', 'x = 1.e5f"""{"""\n"""}"""\ny = 0x1f"""{"""\n"""}"""\n'],
    ['non-ASCII before quotes', 'x = éf"a" €f"b" ñ"c"\n'],
  ])('%s', (_name, text) => expectSameAsWholeScan(text));

  it('on every fixture', () => {
    const paths = filesUnder(join(REPO_ROOT, 'fixtures'), '.py');
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) expectSameAsWholeScan(decodeSource(readFileSync(path)).text);
  });

  it('on generated settings modules', () => {
    fc.assert(fc.property(programArbitrary, (program) => expectSameAsWholeScan(renderProgram(program))), { seed: 20_261_123, numRuns: 300 });
  });

  const asciiPieces = ['x', ' ', '\n', '\r\n', '\r', '\\', '"', "'", '"""', "'''", '#', '(', ')', '[', ']', '{', '}', ';', 'f', 'rb', 'u', 'Br', '1', '.5', '.', 'e', 'j', '-', '0x', '=', ':', '\t', 'SECRET_KEY', '$', '!', '\0', '\f'];
  const soupOf = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

  it('on token soup', () => {
    fc.assert(fc.property(soupOf([...asciiPieces, 'é', '€']), expectSameAsWholeScan), { seed: 20_261_124, numRuns: 6000 });
  });

  // Most soups above hold a non-ASCII piece and go to the TypeScript pass; these all go to WebAssembly.
  it('on ASCII token soup', () => {
    fc.assert(fc.property(soupOf(asciiPieces), expectSameAsWholeScan), { seed: 20_261_125, numRuns: 6000 });
  });

  // Runs longer than the sixteen bytes the WebAssembly pass looks at together.
  it('on ASCII token soup with long runs', () => {
    const long = ['x'.repeat(17), ' '.repeat(33), 'SECRET_KEY = ', '# ' + 'c'.repeat(40), '"' + 'a'.repeat(31) + '"'];
    fc.assert(fc.property(soupOf([...asciiPieces, ...long]), expectSameAsWholeScan), { seed: 20_261_126, numRuns: 3000 });
  });
});
