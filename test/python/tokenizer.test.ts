// The tokenizer against Python 3.11's `tokenize` module (test/oracle/tokens.py):
// strings, comments, names, numbers and operators with their positions, over
// every fixture, generated modules, and inputs CPython itself refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeSource } from '../../src/text/decode';
import { tokenize } from '../../src/python/tokenize';
import type { Token } from '../../src/types';
import { programArbitrary, renderProgram } from './generate-settings';
import {
  type ComparableToken,
  REPO_ROOT,
  comparableTokens,
  filesUnder,
  oracleSitesOfFiles,
  oracleTokensOfFiles,
  oracleTokensOfSources,
  repoRelative,
} from './python-oracle';

function describeTokenDiff(expected: ComparableToken[], actual: ComparableToken[]): string {
  const length = Math.max(expected.length, actual.length);
  for (let index = 0; index < length; index++) {
    const want = JSON.stringify(expected[index] ?? null);
    const got = JSON.stringify(actual[index] ?? null);
    if (want !== got) {
      const context = expected.slice(Math.max(0, index - 2), index).map((token) => `  ${JSON.stringify(token)}`);
      return [`first difference at token ${index}:`, ...context, `- python    ${want}`, `+ tokenizer ${got}`].join('\n');
    }
  }
  return 'no difference';
}

function expectSameTokens(expected: ComparableToken[], text: string): void {
  const actual = comparableTokens(tokenize(text));
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(describeTokenDiff(expected, actual));
  }
}

const stringTokens = (text: string): Token[] => tokenize(text).filter((token) => token.kind === 'string');

describe('tokens agree with Python tokenize on every fixture CPython parses', () => {
  const paths = filesUnder(join(REPO_ROOT, 'fixtures'), '.py');
  const parses = oracleSitesOfFiles(paths);
  const parsed = paths.filter((path) => parses[path]?.sites !== undefined);
  const oracle = oracleTokensOfFiles(parsed);

  it.each(parsed.map((path) => [repoRelative(path), path]))('%s', (_name, path) => {
    const result = oracle[path]!;
    expect(result.error).toBeNull();
    expectSameTokens(result.tokens, decodeSource(readFileSync(path)).text);
  });
});

describe('tokens agree with Python tokenize on generated settings modules', () => {
  const programs = fc.sample(programArbitrary, { seed: 611, numRuns: 200 });
  const texts = programs.map(renderProgram);
  const oracle = oracleTokensOfSources(texts);

  it('reads every string, comment, name, number and operator where Python does', () => {
    const failures: string[] = [];
    texts.forEach((text, index) => {
      const result = oracle[index]!;
      const actual = comparableTokens(tokenize(text));
      if (result.error !== null) failures.push(`python failed on program ${index}: ${result.error}`);
      else if (JSON.stringify(actual) !== JSON.stringify(result.tokens)) {
        failures.push(`program ${index} ${JSON.stringify(text)}\n${describeTokenDiff(result.tokens, actual)}`);
      }
    });
    expect(failures.slice(0, 3)).toEqual([]);
  });
});

describe('tokens of inputs CPython cannot parse but the scanner must read', () => {
  // For each: the text, and how much of it Python's tokenize still reads (it
  // stops at an unterminated string; the tokenizer goes on after an error token).
  const cases: Record<string, string> = {
    'a Python 2 print statement before the key': 'import os\nprint "loading", __file__\nSECRET_KEY = u\'abc\'\n',
    'a syntax error after the key': 'SECRET_KEY = "abc"\nx = = 1\nclass\n',
    'a CR-only file': 'import os\rSECRET_KEY = "abc"\rX = """a\rb"""\r',
    'form feeds between statements and in indentation': 'import os\n\f\nSECRET_KEY = "abc"\nif x:\n\f    y = \'d\'\n',
    'tabs and spaces': 'if x:\n\tSECRET_KEY\t=\t"abc"\t# tab\n',
    'CRLF with a triple-quoted string': 'X = """a\r\nb"""\r\nSECRET_KEY = \'k\'\r\n',
    'backslash-newline inside and between strings': "SECRET_KEY = 'ab\\\ncd' \\\n    'ef'\n",
    'astral and combining characters before a string': 'X = "😀é"; SECRET_KEY = "k😀"  # 😀\n',
  };

  const oracle = oracleTokensOfSources(Object.values(cases));

  it.each(Object.keys(cases).map((name, index) => [name, index]))('%s', (name, index) => {
    const result = oracle[index]!;
    expect(result.error).toBeNull();
    expectSameTokens(result.tokens, cases[name]!);
  });

  it('reads the key before an unterminated string, and goes on after it', () => {
    const text = 'SECRET_KEY = "abc"\nBROKEN = "no end\nOTHER = \'x\'\n';
    const strings = stringTokens(text).map((token) => [token.text, token.start.line, token.start.column]);
    expect(strings[0]).toEqual(['"abc"', 1, 14]);
    expect(strings).toContainEqual(["'x'", 3, 9]);
    const python = oracleTokensOfSources([text])[0]!;
    expect(python.tokens.filter((token) => token.kind === 'string').map((token) => [token.text, token.line, token.column])[0]).toEqual(['"abc"', 1, 14]);
  });

  it('reads the key before an unterminated triple-quoted string', () => {
    const text = 'SECRET_KEY = "abc"\nDOC = """never closed\nmore\n';
    expect(stringTokens(text)[0]).toMatchObject({ text: '"abc"', start: { line: 1, column: 14 }, end: { line: 1, column: 19 } });
    expect(() => tokenize(text)).not.toThrow();
  });

  it('reads a file with a UTF-8 BOM after decoding, with columns that do not count the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('SECRET_KEY = "abc"\n', 'utf8')]);
    const decoded = decodeSource(bytes);
    expect(decoded.hasBom).toBe(true);
    expect(stringTokens(decoded.text)[0]).toMatchObject({ text: '"abc"', start: { line: 1, column: 14 } });
  });

  it('reads a latin-1 file declared with a PEP 263 coding line', () => {
    const bytes = Buffer.from('# -*- coding: latin-1 -*-\nNAME = "caf\xe9"\nSECRET_KEY = "k\xe9y"\n', 'latin1');
    const decoded = decodeSource(bytes);
    expect(decoded.encoding).toBe('latin1');
    const strings = stringTokens(decoded.text);
    expect(strings.map((token) => token.text)).toEqual(['"café"', '"kéy"']);
    expect(strings[1]).toMatchObject({ start: { line: 3, column: 14 }, end: { line: 3, column: 19 } });
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        tokenize(text);
      }),
      { seed: 7, numRuns: 500 },
    );
  });
});
