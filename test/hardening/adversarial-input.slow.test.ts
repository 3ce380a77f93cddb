// Adversarial input for the Python pipeline: the tokenizer, the key-site
// extractor and analyzeFile never throw and take time linear in the input,
// whatever the bytes. Time budgets are per MB and relative to a plain
// Buffer.indexOf pass over the same input on the same machine, never absolute.
import fc from 'fast-check';
import { redact } from '../../src/cli/messages';
import { analyzeFile } from '../../src/engine/analyze';
import { extractKeySites } from '../../src/python/key-sites';
import { tokenize } from '../../src/python/tokenize';
import { findIgnoreDirectives } from '../../src/engine/ignores';
import { extractEnvFileSites } from '../../src/envfile/key-sites';
import { declaredEncoding, decodeSource } from '../../src/text/decode';
import { decodeStringTokens, splitStringToken } from '../../src/python/string-literal';

const SEED = 7_0707;
const MB = 1024 * 1024;
// indexOf runs at memory speed (about 0.01 ms per MB); the whole pipeline reads a
// megabyte of the worst linear inputs here in well under 80,000 of those passes,
// while the quadratic failures this suite found took millions. The factor leaves
// room for a slow, shared 2-core CI machine.
const BUDGET_FACTOR = 400_000;

/** Milliseconds per MB of one Buffer.indexOf pass over `input`, timed over enough passes to be measurable. */
function indexOfMsPerMb(input: Buffer): number {
  const needle = Buffer.from('\u0000settings-guard-absent\u0000');
  let rounds = 0;
  const started = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < 10 || rounds < 5) {
    input.indexOf(needle);
    rounds++;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return elapsedMs / rounds / Math.max(input.length / MB, 1 / 64);
}

/** Runs `work` on `text` and fails when it throws or overruns the per-MB budget. */
function expectLinear(label: string, text: string, work: (text: string) => unknown): void {
  const bytes = Buffer.from(text, 'utf8');
  const perMb = indexOfMsPerMb(bytes);
  const budgetMs = perMb * Math.max(bytes.length / MB, 1 / 64) * BUDGET_FACTOR;
  const started = process.hrtime.bigint();
  let failure: unknown = null;
  try {
    work(text);
  } catch (error) {
    failure = error;
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (failure) throw new Error(`${label}: threw ${failure instanceof Error ? `${failure.name}: ${failure.message.slice(0, 120)}` : String(failure)}`);
  if (elapsedMs > budgetMs) {
    throw new Error(`${label}: ${elapsedMs.toFixed(0)} ms for ${(bytes.length / MB).toFixed(2)} MB, over the budget of ${budgetMs.toFixed(0)} ms (${BUDGET_FACTOR} indexOf passes per MB)`);
  }
}

const pipeline: Record<string, (text: string) => unknown> = {
  tokenize: (text) => tokenize(text),
  extractKeySites: (text) => extractKeySites(text),
  // The prefilter needs the setting's name in the file: put it first so the whole pipeline runs.
  analyzeFile: (text) => analyzeFile({ path: 'project/settings.py', content: Buffer.from(`SECRET_KEY = "x"\n${text}`, 'utf8') }),
};

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const KEY = 'k'.repeat(50);
const NESTING = 100_000;

// Each input is built lazily: some are tens of megabytes.
const PATHOLOGICAL: [string, () => string][] = [
  ['1 MB of double quotes', () => repeatTo('"', MB)],
  ['1 MB of single quotes', () => repeatTo("'", MB)],
  ['1 MB of backslashes', () => repeatTo('\\', MB)],
  ['1 MB of backslash-quote pairs', () => repeatTo('\\"', MB)],
  ['an unterminated triple-quoted string of 1 MB', () => `SECRET_KEY = """${repeatTo('a', MB)}`],
  ['unterminated triple quotes whose closers are all escaped', () => `"""${repeatTo('\\"""', MB)}`],
  ["the same with single quotes", () => `'''${repeatTo("\\'''", MB)}`],
  ['unterminated triple-quoted f-strings, repeated', () => repeatTo('f"""{\\"""', MB)],
  ['f-strings nested 100,000 deep', () => repeatTo("f'{", 3 * NESTING)],
  ['triple-quoted f-strings nested 100,000 deep', () => repeatTo('f"""{', 5 * NESTING)],
  ['format specs nested 100,000 deep', () => `f'{x:${repeatTo('{x:', 3 * NESTING)}'`],
  ['100,000 nested parentheses', () => `SECRET_KEY = ${'('.repeat(NESTING)}"${KEY}"${')'.repeat(NESTING)}`],
  ['100,000 nested brackets', () => `SECRET_KEY = ${'['.repeat(NESTING)}"${KEY}"${']'.repeat(NESTING)}`],
  ['100,000 nested braces', () => `SECRET_KEY = ${'{'.repeat(NESTING)}"${KEY}"${'}'.repeat(NESTING)}`],
  ['100,000 unclosed parentheses', () => `SECRET_KEY = ${'('.repeat(NESTING)}`],
  ['100,000 unclosed parentheses after print', () => `print ${'('.repeat(NESTING)}\nSECRET_KEY = "${KEY}"`],
  ['100,000 nested calls', () => `SECRET_KEY = ${'f('.repeat(NESTING)}"${KEY}"${')'.repeat(NESTING)}`],
  ['100,000 nested dicts', () => `SECRET_KEY = ${'{1:'.repeat(NESTING)}"${KEY}"${'}'.repeat(NESTING)}`],
  ['100,000 nested subscripts', () => `SECRET_KEY = ${'x['.repeat(NESTING)}1${']'.repeat(NESTING)}`],
  ['100,000 chained attributes', () => `SECRET_KEY = x${'.a'.repeat(NESTING)}`],
  ['100,000 chained calls', () => `SECRET_KEY = x${'()'.repeat(NESTING)}`],
  ['100,000 additions', () => `SECRET_KEY = ${`"${KEY}" + `.repeat(NESTING)}"${KEY}"`],
  ['100,000 `or`s', () => `SECRET_KEY = ${'a or '.repeat(NESTING)}"${KEY}"`],
  ['100,000 `not`s', () => `SECRET_KEY = ${'not '.repeat(NESTING)}x`],
  ['100,000 unary minuses', () => `SECRET_KEY = ${'-'.repeat(NESTING)}x`],
  ['100,000 powers', () => `SECRET_KEY = ${'x ** '.repeat(NESTING)}x`],
  ['100,000 conditional expressions', () => `SECRET_KEY = ${'a if b else '.repeat(NESTING)}"${KEY}"`],
  ['100,000 lambdas', () => `SECRET_KEY = ${'lambda: '.repeat(NESTING)}x`],
  ['100,000 walruses', () => `SECRET_KEY = (${'a := '.repeat(NESTING)}x)`],
  ['100,000 compound headers on one line', () => `${'else: '.repeat(NESTING)}SECRET_KEY = "${KEY}"`],
  ['100,000 keyword arguments nested', () => `settings.configure(${'SECRET_KEY=f('.repeat(NESTING)}"${KEY}"${')'.repeat(NESTING)})`],
  ['one line with 20,000 keys', () => `SECRET_KEY = "${KEY}";`.repeat(20_000)],
  ['20,000 key lines', () => `SECRET_KEY = "${KEY}"\n`.repeat(20_000)],
  ['20,000 keys with ignore comments', () => `SECRET_KEY = "${KEY}"  # settings-guard: ignore[some-rule]\n`.repeat(20_000)],
  // Each line's \""" opens a triple-quoted string its own line cannot close: every one runs to the end.
  ['20,000 triple quotes open to the end, each on a line of its own', () => `SECRET_KEY = \\"""\n`.repeat(20_000)],
  ['40,000 ignore comments', () => '# settings-guard: ignore -- why\n'.repeat(40_000)],
  ['20,000 commented-out keys', () => `# SECRET_KEY = "${KEY}"\n`.repeat(20_000)],
  ['20,000 commented-out keys with free text after them', () => `# SECRET_KEY = "${KEY}" rotated 2021, do not use\n`.repeat(20_000)],
  ['a comment of 100,000 strings, each followed by a word', () => `# SECRET_KEY = ${'"a" b '.repeat(NESTING)}`],
  ['20,000 literals repeated a trillion times', () => `SECRET_KEY = "ab" * 1_000_000_000_000\n`.repeat(20_000)],
  ['100,000 repetitions nested', () => `SECRET_KEY = ${'('.repeat(NESTING)}"ab"${' * 2)'.repeat(NESTING)}`],
  ['a triple-quoted block of 20,000 commented-out keys', () => `\"\"\"\n${`SECRET_KEY = '${KEY}'\n`.repeat(20_000)}\"\"\"\n`],
  ['20,000 fullwidth setting names', () => `\uff33\uff25\uff23\uff32\uff25\uff34_\uff2b\uff25\uff39 = "${KEY}"  # \uff33\uff25\uff23\uff32\uff25\uff34_\uff2b\uff25\uff39 = "${KEY}" old\n`.repeat(20_000)],
  ['20,000 one-hop variables', () => Array.from({ length: 20_000 }, (_, i) => `K${i} = K${i + 1}\nSECRET_KEY = K${i}`).join('\n')],
  ['100,000 implicitly concatenated strings', () => `SECRET_KEY = (${`"${KEY}"\n`.repeat(NESTING)})`],
  ['1 MB of octal escapes', () => `SECRET_KEY = "${repeatTo('\\1', MB)}"`],
  ['1 MB of short hex escapes', () => `SECRET_KEY = "${repeatTo('\\x4', MB)}"`],
  ['1 MB of line continuations', () => `SECRET_KEY = ${repeatTo('\\\n', MB)}"${KEY}"`],
  ['1 MB of indentation changes', () => repeatTo('if x:\n    if y:\n        z = 1\n', MB)],
  ['1 MB of CR-only line ends', () => repeatTo(`SECRET_KEY = "${KEY}"\r`, MB)],
  ['an unclosed bracket swallowing 1 MB of lines', () => `SECRET_KEY = (\n${repeatTo('x y\n', MB)}`],
  ['1 MB of a coding-declaration lookalike', () => `# coding${repeatTo(':', MB)}`],
];

describe('pathological input is read in linear time and never throws', () => {
  it.each(PATHOLOGICAL)('%s', (label, build) => {
    const text = build();
    for (const [stage, work] of Object.entries(pipeline)) expectLinear(`${label} (${stage})`, text, work);
  });
});

// Each stage's time per MB is measured on one megabyte of these lines, and the
// whole pipeline a scan runs (analyzeFile: the tokenizer's scan, the extractor,
// the rules) on all ten: failures bound to size, such as a regular expression
// overflowing the stack on a long run, still show, without every stage paying
// for ten megabytes.
const LONG_LINES: [string, (length: number) => string][] = [
  ['a 10 MB line holding one key', (length) => `SECRET_KEY = "${repeatTo('a', length)}"`],
  ['a 10 MB line of code', (length) => `SECRET_KEY = ${repeatTo('a + ', length)}b`],
  ['a 10 MB comment line', (length) => `# SECRET_KEY = ${repeatTo('x', length)}`],
];

describe('10 MB lines are read in linear time and never throw', () => {
  it.each(LONG_LINES)('%s', (label, build) => {
    const megabyte = build(MB);
    for (const [stage, work] of Object.entries(pipeline)) expectLinear(`${label}, its first MB (${stage})`, megabyte, work);
    expectLinear(`${label} (whole pipeline)`, build(10 * MB), pipeline.analyzeFile!);
  });
});

describe('the analyzer still finds keys around pathological constructs', () => {
  it('finds the key after 100,000 unclosed parentheses on an earlier line', () => {
    const sites = extractKeySites(`print ${'('.repeat(NESTING)}\nSECRET_KEY = "${KEY}"`);
    expect(sites.map((site) => site.literal.range.start.line)).toContain(2);
  });

  it('finds the key before an unterminated triple-quoted string, and the one after it on a fresh line', () => {
    const sites = extractKeySites(`SECRET_KEY = "${KEY}"\nX = """${'\\"""'.repeat(1000)}`);
    expect(sites.map((site) => site.literal.range.start.line)).toEqual([1]);
  });

  it('finds a key nested in a few hundred brackets, as CPython parses it', () => {
    const sites = extractKeySites(`SECRET_KEY = ${'('.repeat(150)}"${KEY}"${')'.repeat(150)}`);
    expect(sites).toHaveLength(1);
  });
});

// Tokens as Python files are made of, and the fragments that break tokenizers.
const SOUP = [
  'SECRET_KEY', 'secret_key', 'SECRET_KEY_FALLBACKS', 'app', '.', 'config', 'os', 'environ', 'get', 'getenv', 'env',
  'if', 'else', 'elif', 'for', 'in', 'not', 'and', 'or', 'lambda', 'def', 'class', 'import', 'from', 'try', 'yield',
  '=', '==', ':=', '+', '**', '-', ',', ';', ':', '(', ')', '[', ']', '{', '}', '@', '\\', '\\\n', '#', ' ', '\t', '\n', '\r\n', '\r', '\f',
  '"', "'", '"""', "'''", 'f"', "f'", 'f"""', 'rb"', 'b"', 'r"', 't"', '{{', '}}', '\\"', "\\'", '\\x', '\\N{', '\\u12',
  `"${KEY}"`, `'${KEY}'`, `f"{SECRET_KEY}"`, '"SECRET_KEY"', '0x_1e', '1e+', '.5j', '...', 'ü', '\u00a0', '\ud800', '😀', '\u0000',
  '# settings-guard: ignore', '# settings-guard: ignore[', ' -- ', '# pragma: allowlist secret', '# -*- coding: latin-1 -*-',
];

function soup(): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...SOUP), { maxLength: 200 }).map((parts) => parts.join(''));
}

/** Tokens cover the text in order: each token's text is the slice its offsets name. */
function expectConsistentTokens(text: string): void {
  const tokens = tokenize(text);
  let previousEnd = 0;
  for (const token of tokens) {
    if (token.start.offset < previousEnd || token.end.offset < token.start.offset) throw new Error(`token out of order at ${token.start.offset}`);
    if (text.slice(token.start.offset, token.end.offset) !== token.text) throw new Error(`token text differs at ${token.start.offset}`);
    previousEnd = token.end.offset;
  }
  if (tokens[tokens.length - 1]?.kind !== 'eof') throw new Error('no eof token');
}

describe('property: any input', () => {
  it('random bytes through analyzeFile never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('settings.py', '.env', 'app/config.py'), (bytes, path) => {
        const content = Buffer.concat([Buffer.from('SECRET_KEY='), Buffer.from(bytes)]);
        analyzeFile({ path, content });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('random text through the tokenizer gives consistent tokens, and the extractor never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        expectConsistentTokens(text);
        extractKeySites(text);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('Python-like token soup gives consistent tokens and never throws anywhere in the pipeline', () => {
    fc.assert(
      fc.property(soup(), (text) => {
        expectConsistentTokens(text);
        extractKeySites(text, { extraSettings: ['JWT_SECRET_KEY'] });
        analyzeFile({ path: 'settings.py', content: Buffer.from(`SECRET_KEY=1\n${text}`, 'utf8') });
        analyzeFile({ path: '.env', content: Buffer.from(`SECRET_KEY=1\n${text}`, 'utf8') });
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('token soup repeated to 256 KB stays within the per-MB budget', () => {
    fc.assert(
      fc.property(soup().filter((text) => text.length > 0), (text) => {
        const big = repeatTo(text, 256 * 1024);
        for (const [stage, work] of Object.entries(pipeline)) expectLinear(`soup (${stage})`, big, work);
      }),
      { seed: SEED, numRuns: 15 },
    );
  });
});

// Every regular expression that reads file content, on the inputs that make
// backtracking engines explode: long runs of what almost matches.
describe('regular expressions over file content stay linear', () => {
  const runs: [string, (text: string) => unknown, string[]][] = [
    ['ignore directives', (text) => findIgnoreDirectives(text), [
      `#${repeatTo(' ', MB)}`, repeatTo('# settings-guard:', MB), `# settings-guard: ignore[${repeatTo('a', MB)}`,
      `# settings-guard: ignore ${repeatTo('-', MB)}`, repeatTo('#\t', MB),
    ]],
    ['ignore directives in slash syntax', (text) => findIgnoreDirectives(text, 'slash'), [repeatTo('//', MB), repeatTo('/*settings-guard:', MB)]],
    ['env assignments', (text) => extractEnvFileSites(text), [
      repeatTo(' ', MB), repeatTo('export ', MB), `SECRET_KEY${repeatTo(' ', MB)}`, repeatTo('a', MB), repeatTo('A.', MB),
      `SECRET_KEY="${repeatTo('\\', MB)}`, repeatTo('SECRET_KEY="\n', MB), repeatTo("SECRET_KEY='\\", MB),
    ]],
    ['coding declarations', (text) => declaredEncoding(Buffer.from(text, 'latin1')), [`#${repeatTo(' coding', MB)}`, repeatTo('#', MB)]],
    ['source decoding', (text) => decodeSource(Buffer.from(text, 'latin1')), [`# coding: utf-8\n${repeatTo('\u00ff', MB)}`]],
    ['string literal decoding', (text) => decodeStringTokens([splitStringToken(text)]), [
      `"${repeatTo('\\1', MB)}"`, `"${repeatTo('\\u', MB)}"`, `b"${repeatTo('\\x', MB)}"`, `"""${repeatTo('\r\n', MB)}"""`,
    ]],
    ['key-like strings in snippets', (text) => analyzeFile({ path: 'settings.py', content: Buffer.from(text) }), [
      `SECRET_KEY = "${KEY}"; X = "${repeatTo('A', MB)}`, `SECRET_KEY = '''${repeatTo("''", MB)}'''`, `SECRET_KEY = "${repeatTo('\\n', MB)}"`,
    ]],
  ];
  it.each(runs)('%s', (label, work, inputs) => {
    inputs.forEach((input, index) => expectLinear(`${label} #${index + 1}`, input, work));
  });
});

// Error messages are redacted before they are printed, and an internal error
// may quote anything the input held: a key-like run of any length, or runs
// just short of the 20 characters redaction starts at.
describe('redaction of error messages stays linear and never throws', () => {
  const KEY_LIKE = 'aB3$xY7!';
  it.each<[string, () => string]>([
    // Ten megabytes here: the stack overflow this once hit needed a run of more than four.
    ['a 10 MB key-like run', () => repeatTo(KEY_LIKE, 10 * MB)],
    ['1 MB of 19-character runs, one short of redaction', () => repeatTo('a1b2c3d4e5f6g7h8i9j ', MB)],
    ['1 MB of 20-character runs, each redacted', () => repeatTo('a1b2c3d4e5f6g7h8i9j0 ', MB)],
    ['1 MB of one-character runs', () => repeatTo('a ', MB)],
    ['1 MB of django-insecure- prefixes', () => repeatTo('django-insecure-', MB)],
    ['1 MB of almost-prefixes', () => repeatTo('django-insecur ', MB)],
  ])('%s', (label, build) => {
    expectLinear(label, build(), redact);
  });

  it('hides a 10 MB key-like run but for its first four characters', () => {
    expect(redact(`unknown setting "${repeatTo(KEY_LIKE, 10 * MB)}"`)).toBe('unknown setting "aB3$********"');
  });

  it('leaves runs shorter than 20 characters, and runs without both letters and digits, as they are', () => {
    expect(redact('a1b2c3d4e5f6g7h8i9j a1b2c3d4e5f6g7h8i9j0 abcdefghijklmnopqrstuvwxyz 0123456789012345678901')).toBe(
      'a1b2c3d4e5f6g7h8i9j a1b2******** abcdefghijklmnopqrstuvwxyz 0123456789012345678901',
    );
  });
});
