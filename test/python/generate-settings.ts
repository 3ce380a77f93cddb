// fast-check arbitraries for random but valid Python settings modules: every
// site form of src/python/KEY-SITES.md mixed with noise that must not become a
// site. Nothing here knows which sites a program has; CPython's `ast` (the
// oracle) says, and the extractor must agree.
import fc from 'fast-check';

/** One statement as source lines; `simple` statements fit on one line and may share it with `;`. */
export interface Statement {
  lines: string[];
  simple: boolean;
}

/** A whole module, kept as statements so that a failing case can be shrunk by dropping some. */
export interface Program {
  statements: Statement[];
  newline: '\n' | '\r\n' | '\r';
}

export function renderProgram(program: Program): string {
  return program.statements.flatMap((statement) => statement.lines).join(program.newline) + program.newline;
}

// Django's key alphabet: none of it is a quote, a backslash or a brace.
const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
const SECRET_NAMES = ['SECRET_KEY', 'DJANGO_SECRET_KEY', 'FLASK_SECRET_KEY'];

const keyChar = fc.constantFrom(...KEY_CHARS.split(''));
const plainRun = fc.array(keyChar, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

type Quote = "'" | '"' | "'''" | '"""';

interface LiteralShape {
  prefix: string;
  quote: Quote;
}

const STRING_PREFIXES = ['', '', '', 'r', 'R', 'u', 'U'];
const BYTES_PREFIXES = ['b', 'B', 'br', 'bR', 'Br', 'BR', 'rb', 'rB', 'Rb', 'RB'];
const FSTRING_PREFIXES = ['f', 'F', 'fr', 'Rf', 'rF', 'FR'];
const QUOTES: Quote[] = ["'", '"', "'''", '"""'];

/** Pieces of a literal's body that are valid for its prefix and quote. */
function bodyPiece(shape: LiteralShape): fc.Arbitrary<string> {
  const lower = shape.prefix.toLowerCase();
  const raw = lower.includes('r');
  const bytes = lower.includes('b');
  const triple = shape.quote.length === 3;
  const other = shape.quote[0] === '"' ? "'" : '"';
  const own = shape.quote[0]!;
  const pieces: fc.Arbitrary<string>[] = [plainRun, plainRun, plainRun, fc.constant(other), fc.constant(' '), fc.constant('\t')];
  // A backslash-newline continues a string in every form (raw keeps both characters).
  pieces.push(fc.constant('\\\n'));
  if (raw) {
    pieces.push(fc.constantFrom('\\d', '\\n', `\\${own}`, '\\\\', '\\x'));
  } else {
    pieces.push(fc.constantFrom('\\n', '\\t', '\\\\', `\\${own}`, `\\${other}`, '\\x41', '\\101', '\\0', '\\d', '\\a'));
    pieces.push(bytes ? fc.constantFrom('\\xff', '\\x80', '\\xc3\\xa9', '\\xed\\xa0\\x80', '\\xf0\\x9f\\x98') : fc.constantFrom('\\u00e9', '\\U0001F600', '\\N{BULLET}', '\\x7f', '\\ud800'));
  }
  if (!bytes) pieces.push(fc.constantFrom('é', 'ß', '中文', '😀', '\u00a0', `SECRET_KEY = ${other}x${other}`));
  if (triple) pieces.push(fc.constant('\n'), fc.constant(`${own}a`), fc.constant(`${own}${own}b`));
  return fc.oneof(...pieces);
}

function literalWith(prefixes: string[]): fc.Arbitrary<string> {
  return fc
    .record({ prefix: fc.constantFrom(...prefixes), quote: fc.constantFrom(...QUOTES) })
    .chain((shape) =>
      fc.array(bodyPiece(shape), { maxLength: 8 }).map((pieces) => {
        // An f-string gets one replacement field, first, where no escape can touch it.
        const field = shape.prefix.toLowerCase().includes('f') ? '{DEBUG!r}' : '';
        return `${shape.prefix}${shape.quote}${field}${pieces.join('')}${shape.quote}`;
      }),
    );
}

/** A key-like string literal: usually a plausible key, sometimes an odd one. */
const keyLiteral: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(keyChar, { minLength: 50, maxLength: 50 }).map((chars) => `"${chars.join('')}"`) },
  { weight: 2, arbitrary: fc.array(keyChar, { minLength: 50, maxLength: 50 }).map((chars) => `'django-insecure-${chars.join('')}'`) },
  { weight: 1, arbitrary: fc.constantFrom('""', "''", '"changeme"', '"{{ secret_key }}"', "'${SECRET_KEY}'") },
  { weight: 4, arbitrary: literalWith(STRING_PREFIXES) },
  { weight: 2, arbitrary: literalWith(BYTES_PREFIXES) },
);

const isBytesLiteral = (literal: string): boolean => /^[a-zA-Z]*/.exec(literal)![0].toLowerCase().includes('b');

/** A literal as the value position sees it: one token, implicit concatenation, `+`, parentheses. */
const literalExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: keyLiteral },
  { weight: 1, arbitrary: fc.tuple(literalWith(STRING_PREFIXES), keyLiteral).map(([a, b]) => (isBytesLiteral(b) ? b : `${a} ${b}`)) },
  { weight: 1, arbitrary: fc.tuple(literalWith(STRING_PREFIXES), literalWith(STRING_PREFIXES)).map(([a, b]) => `(\n    ${a}\n    ${b}\n)`) },
  { weight: 1, arbitrary: fc.tuple(literalWith(BYTES_PREFIXES), literalWith(BYTES_PREFIXES)).map(([a, b]) => `${a} + ${b}`) },
  { weight: 1, arbitrary: fc.tuple(keyLiteral, literalWith(STRING_PREFIXES)).map(([a, b]) => (isBytesLiteral(a) ? `(${a})` : `${a} + (${b})`)) },
  { weight: 1, arbitrary: keyLiteral.map((literal) => `(${literal})`) },
  // Repeated: `'x' * 50`, `2 * "ab"`, up to a count that stops the repetition early.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("'x'", '"ab"', "b'\\x00'", "'é'", "''"), fc.constantFrom('1', '2', '50', '0x40', '1_000', '10**9'), fc.boolean())
      .map(([lit, count, countFirst]) => (countFirst ? `${count} * ${lit}` : `${lit} * ${count}`)),
  },
  { weight: 1, arbitrary: keyLiteral.map((literal) => (isBytesLiteral(literal) ? `${literal} * 2` : `'django-insecure-' + ${literal} * 2`)) },
);

const singleLineKeyLiteral = keyLiteral.filter((literal) => !literal.includes('\n'));

const fString = literalWith(FSTRING_PREFIXES);

const secretName = fc.constantFrom(...SECRET_NAMES);
const envName = fc.constantFrom('"SECRET_KEY"', "'DJANGO_SECRET_KEY'", '"FLASK_SECRET_KEY"', '"APP_KEY"', '"SECRET_KEY_FILE"');

/** Expressions that hold no literal a site could reach. */
const opaqueExpression = fc.constantFrom(
  'os.environ["SECRET_KEY"]',
  "env('SECRET_KEY')",
  'get_random_secret_key()',
  'read_key(BASE_DIR / "secret.txt")',
  'Path(KEY_FILE).read_text().strip()',
  'os.environ.get("SECRET_KEY")',
  'config("SECRET_KEY")',
  'None',
  'DEBUG',
);

/** A value for a secret setting, by every route KEY-SITES.md's `eval` takes. */
const valueExpression: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: literalExpression },
  { weight: 1, arbitrary: opaqueExpression },
  { weight: 1, arbitrary: fString },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `os.environ.get(${name}, ${lit})`) },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `os.getenv(${name}, default=${lit})`) },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `os.environ.setdefault(${name}, ${lit})`) },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `env(${name}, default=${lit})`) },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `env.str(${name}, ${lit})`) },
  { weight: 1, arbitrary: fc.tuple(envName, literalExpression).map(([name, lit]) => `config(${name}, default=${lit}, cast=str)`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `load_secret("SECRET_KEY", ${lit})`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `os.environ.get("SECRET_KEY") or ${lit}`) },
  { weight: 1, arbitrary: fc.tuple(literalExpression, literalExpression).map(([a, b]) => `os.getenv("SECRET_KEY") or ${a} or ${b}`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `${lit} if DEBUG else os.environ["SECRET_KEY"]`) },
  { weight: 1, arbitrary: fc.tuple(literalExpression, literalExpression).map(([a, b]) => `(${a} if DEBUG else\n    ${b})`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `os.environ["SECRET_KEY"] if PRODUCTION else ${lit}`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `os.environ.get("SECRET_KEY", ${lit}).strip()`) },
  { weight: 1, arbitrary: keyLiteral.map((lit) => `${lit}.strip()`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `(os.getenv("SECRET_KEY")\n    or ${lit})`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `os.environ.get(\n    "SECRET_KEY",\n    ${lit},\n)`) },
  { weight: 1, arbitrary: literalExpression.map((lit) => `os.environ.get("SECRET_KEY", \\\n    ${lit})`) },
);

const line = (text: string): Statement => ({ lines: [text], simple: true });
const block = (text: string): Statement => ({ lines: text.split('\n'), simple: false });
const statementOf = (text: string): Statement => (text.includes('\n') ? block(text) : line(text));

/** A statement that is (or may be) a key site; `n` makes hop variable names unique. */
function siteStatement(n: number): fc.Arbitrary<Statement[]> {
  const one = (arb: fc.Arbitrary<string>): fc.Arbitrary<Statement[]> => arb.map((text) => [statementOf(text)]);
  return fc.oneof(
    { weight: 6, arbitrary: one(fc.tuple(secretName, valueExpression).map(([name, value]) => `${name} = ${value}`)) },
    { weight: 1, arbitrary: one(fc.tuple(secretName, fc.constantFrom('\t', ' ', '  ')).chain(([name, space]) => valueExpression.map((value) => `${name}${space}=${space}${value}`))) },
    { weight: 1, arbitrary: one(valueExpression.map((value) => `SECRET_KEY: str = ${value}`)) },
    { weight: 1, arbitrary: one(valueExpression.map((value) => `OTHER = SECRET_KEY = ${value}`)) },
    { weight: 1, arbitrary: one(fc.tuple(secretName, literalExpression).map(([name, lit]) => `DEBUG, ${name} = False, ${lit}`)) },
    { weight: 1, arbitrary: one(literalExpression.map((lit) => `[SECRET_KEY, ALGORITHM] = [${lit}, "HS256"]`)) },
    { weight: 1, arbitrary: one(literalExpression.map((lit) => `SECRET_KEY = \\\n    ${lit}`)) },
    { weight: 2, arbitrary: one(fc.array(valueExpression, { maxLength: 3 }).map((items) => `SECRET_KEY_FALLBACKS = [\n${items.map((item) => `    ${item},`).join('\n')}\n]`)) },
    { weight: 1, arbitrary: one(fc.array(literalExpression, { maxLength: 3 }).map((items) => `SECRET_KEY_FALLBACKS = (${items.map((item) => `${item}, `).join('')})`)) },
    { weight: 2, arbitrary: one(fc.tuple(fc.constantFrom('app', 'application', 'flask_app', 'server'), valueExpression).map(([name, value]) => `${name}.secret_key = ${value}`)) },
    { weight: 1, arbitrary: one(valueExpression.map((value) => `settings.SECRET_KEY = ${value}`)) },
    { weight: 1, arbitrary: one(valueExpression.map((value) => `webhook.secret_key = ${value}`)) },
    { weight: 2, arbitrary: one(fc.tuple(fc.constantFrom('app.config', 'os.environ', 'conf', 'current_app.config'), secretName, valueExpression).map(([target, name, value]) => `${target}["${name}"] = ${value}`)) },
    { weight: 2, arbitrary: one(fc.tuple(fc.constantFrom('settings.configure', 'app.config.update', 'app.config.from_mapping', 'dict'), secretName, valueExpression).map(([callee, name, value]) => `${callee}(\n    DEBUG=True,\n    ${name}=${value},\n)`)) },
    { weight: 1, arbitrary: one(fc.array(literalExpression, { minLength: 1, maxLength: 2 }).map((items) => `settings.configure(SECRET_KEY_FALLBACKS=[${items.join(', ')}])`)) },
    { weight: 1, arbitrary: one(literalExpression.map((lit) => `env = environ.Env(\n    DEBUG=(bool, False),\n    SECRET_KEY=(str, ${lit}),\n)`)) },
    { weight: 1, arbitrary: one(fc.tuple(envName, literalExpression).map(([name, lit]) => `os.environ.setdefault(${name}, ${lit})`)) },
    { weight: 2, arbitrary: one(fc.tuple(secretName, valueExpression).map(([name, value]) => `CONFIG = {\n    "DEBUG": False,\n    "${name}": ${value},\n}`)) },
    { weight: 1, arbitrary: one(valueExpression.map((value) => `settings.configure(**{"SECRET_KEY": ${value}})`)) },
    {
      weight: 1,
      arbitrary: valueExpression.map((value) => [block(`@override_settings(SECRET_KEY=${value})\ndef test_signing_${n}(self):\n    assert settings.SECRET_KEY`)]),
    },
    // One hop, and two; the variable defined before the use or after it.
    {
      weight: 2,
      arbitrary: fc.tuple(valueExpression, secretName, fc.boolean()).map(([value, name, before]) => {
        const definition = statementOf(`_KEY_${n} = ${value}`);
        const use = line(`${name} = _KEY_${n}`);
        return before ? [definition, use] : [use, definition];
      }),
    },
    {
      weight: 1,
      arbitrary: literalExpression.map((lit) => [statementOf(`_RAW_${n} = ${lit}`), line(`_KEY_${n} = _RAW_${n}`), line(`SECRET_KEY = os.environ.get("SECRET_KEY") or _KEY_${n}`)]),
    },
    // Built with +=: the literal added to an empty string is the key.
    { weight: 1, arbitrary: fc.tuple(secretName, literalExpression).map(([name, lit]) => [line(`${name} = ""`), line(`${name} += ${lit}`)]) },
    // Names Python reads as a setting once NFKC-normalised: fullwidth letters, a long s, a Kelvin sign.
    {
      weight: 1,
      arbitrary: one(
        fc.tuple(fc.constantFrom('\uff33\uff25\uff23\uff32\uff25\uff34_\uff2b\uff25\uff39', 'DJANGO_SECRET_\u212aEY', 'app.\u017fecret_key'), valueExpression).map(([name, value]) => `${name} = ${value}`),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(secretName, singleLineKeyLiteral).map(([name, lit]) => [line(`# \uff33\uff25\uff23\uff32\uff25\uff34_\uff2b\uff25\uff39 = ${lit}  # ${name} before 2021`)]) },
    // Assigned with the walrus operator, in a condition or as a statement.
    { weight: 1, arbitrary: fc.tuple(secretName, valueExpression).map(([name, value]) => [block(`if (${name} := ${value}):\n    pass`)]) },
    { weight: 1, arbitrary: one(fc.tuple(secretName, literalExpression).map(([name, lit]) => `(${name} := ${lit})`)) },
    // Commented out: the text after `#` is read as code.
    { weight: 2, arbitrary: fc.tuple(secretName, singleLineKeyLiteral).map(([name, lit]) => [line(`# ${name} = ${lit}`)]) },
    { weight: 1, arbitrary: singleLineKeyLiteral.map((lit) => [line(`#SECRET_KEY=${lit}  # old key`)]) },
    { weight: 1, arbitrary: singleLineKeyLiteral.map((lit) => [line(`# app.config.update(SECRET_KEY=${lit})`)]) },
    // In a triple-quoted string used to comment code out.
    {
      weight: 1,
      arbitrary: fc
        .tuple(secretName, singleLineKeyLiteral.filter((lit) => !lit.includes("'''") && !lit.includes('\\')), fc.constantFrom('', 'r', 'R'))
        .map(([name, lit, prefix]) => [block(`${prefix}'''\nDEBUG = True\n    ${name} = ${lit}\n\nALLOWED_HOSTS = ["*"]; app.secret_key = ${lit}\n'''`)]),
    },
    // ...with free text after the literal, or after another statement.
    { weight: 1, arbitrary: fc.tuple(secretName, singleLineKeyLiteral).map(([name, lit]) => [line(`# ${name} = ${lit} rotated 2021, do not use`)]) },
    { weight: 1, arbitrary: fc.tuple(secretName, singleLineKeyLiteral).map(([name, lit]) => [line(`# DEBUG = True; ${name} = ${lit} (old)`)]) },
  );
}

/** Statements that mention keys but are no site, or have nothing to do with keys. */
const noiseStatement: fc.Arbitrary<Statement[]> = fc.oneof(
  fc.constantFrom(
    'import os',
    'from pathlib import Path',
    'import environ',
    'import flask',
    'from flask import Flask',
    'from decouple import config',
    'S3_SECRET_KEY = env("S3_SECRET_KEY")',
    'AWS_SECRET_KEY = "AKIAIOSFODNN7EXAMPLE"',
    'SECRET_KEY_FILE = "/run/secrets/key"',
    'SECRET_KEY_LENGTH = 50',
    'key = settings.SECRET_KEY',
    'print(settings.SECRET_KEY)',
    'webhook.secret_key = "x"',
    "NOTE = \"SECRET_KEY = 'abc'  # not code\"",
    'GREETING = "héllo wörld 😀 中文"',
    'app = Flask(__name__)',
    'site = flask.Flask("site")',
    'get_key = lambda: "lambda-value"',
    'DEBUG = True; ALLOWED_HOSTS = ["*"]',
    'INSTALLED_APPS += ["debug_toolbar"]',
    'SECRET_KEY += "-suffix"',
    'MESSAGE = f"{SECRET_KEY!r} is set"',
    'EMPTY = ""',
    '# TODO: rotate the key before release',
    '#!/usr/bin/env python',
    '# -*- coding: utf-8 -*-',
    '# noqa: E501',
    'x = 1  # SECRET_KEY = get_key()',
  ).map((text) => [line(text)]),
  literalWith([...STRING_PREFIXES, ...BYTES_PREFIXES, ...FSTRING_PREFIXES]).map((lit) => [statementOf(`OTHER_VALUE = ${lit}`)]),
  // Raw, so that the example's escapes stay as written; its own triple quotes dropped.
  keyLiteral.map((lit) => [block(`r"""Settings docstring.\n\nExample::\n\n    SECRET_KEY = ${lit.replace(/"""|'''/g, '')}\n"""`)]),
  fc.constant<Statement[]>([block('TOTAL = 1 + \\\n    2 + \\\n        3')]),
  fc.constant<Statement[]>([block('@app.route("/")\ndef index():\n    return "SECRET_KEY = \'not a site\'"')]),
  fc.constant<Statement[]>([block('LOGGING = {\n    "version": 1,\n    "handlers": {"console": {"class": "logging.StreamHandler"}},\n}')]),
);

const INDENTS = ['    ', '\t', '  '];

/** Wraps statements in a compound statement; every line indented, which is valid inside strings and brackets too. */
function wrap(header: string, body: Statement[], indent: string, tail?: { header: string; body: Statement[] }): Statement {
  // A body of nothing but comments is no body: CPython wants a statement.
  const onlyComments = (statements: Statement[]): boolean => statements.every((statement) => statement.lines.every((text) => text.startsWith('#')));
  const indented = (statements: Statement[]): string[] => [
    ...statements.flatMap((statement) => statement.lines.map((text) => `${indent}${text}`)),
    ...(onlyComments(statements) ? [`${indent}pass`] : []),
  ];
  const lines = [header, ...indented(body)];
  if (tail) lines.push(tail.header, ...indented(tail.body));
  return { lines, simple: false };
}

function statementsOf(depth: number, indent: string, counter: { next: number }): fc.Arbitrary<Statement[]> {
  const simple = fc.oneof(
    { weight: 3, arbitrary: fc.nat().chain(() => siteStatement(counter.next++)) },
    { weight: 2, arbitrary: noiseStatement },
  );
  if (depth >= 2) return fc.array(simple, { maxLength: 3 }).map((groups) => groups.flat());
  const nested = statementsOf(depth + 1, indent, counter);
  const compound = fc.oneof(
    fc.tuple(nested, nested).map(([body, other]) => [wrap('if DEBUG:', body, indent, { header: 'else:', body: other })]),
    fc.tuple(nested, nested).map(([body, other]) => [wrap('try:', body, indent, { header: 'except ImportError:', body: other })]),
    nested.map((body) => [wrap('class Config(BaseConfig):', body, indent)]),
    nested.map((body) => [wrap('def create_app(test_config=None):', body, indent)]),
  );
  return fc.array(fc.oneof({ weight: 4, arbitrary: simple }, { weight: 1, arbitrary: compound }), { minLength: 1, maxLength: 6 }).map((groups) => groups.flat());
}

/** Joins some neighbouring one-line statements with `;`. */
function joinSimple(statements: Statement[], joins: boolean[]): Statement[] {
  const out: Statement[] = [];
  statements.forEach((statement, index) => {
    const previous = out[out.length - 1];
    // Joining after a trailing comment is fine: the next statement becomes comment text, which is read too.
    const canJoin = previous?.simple && statement.simple && !statement.lines[0]!.startsWith('#');
    if (canJoin && joins[index % joins.length]) {
      out[out.length - 1] = line(`${previous.lines[0]!}; ${statement.lines[0]!}`);
    } else {
      out.push(statement);
    }
  });
  return out;
}

export const programArbitrary: fc.Arbitrary<Program> = fc
  .record({
    indent: fc.constantFrom(...INDENTS),
    newline: fc.constantFrom<Program['newline']>('\n', '\n', '\r\n', '\r'),
    joins: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  })
  .chain(({ indent, newline, joins }) =>
    statementsOf(0, indent, { next: 0 }).map((statements) => ({ statements: joinSimple(statements, joins), newline })),
  );
