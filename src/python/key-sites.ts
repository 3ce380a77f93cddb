// Finds key sites in a Python module: every literal that becomes, or may
// become, a secret key. KEY-SITES.md beside this file is the specification;
// test/oracle/key_sites.py implements the same one with CPython's `ast`.
import type { Framework, KeySite, Position, Range, SiteForm, Token } from '../types';
import { enclosingClasses } from './enclosing-class';
import { childExpressions, literalText, parseCommentedStatement, parsesAsSimpleStatements, parseStatement, unparen, type Argument, type CallExpr, type Expr, type ImportBinding, type Statement } from './parse';
import { FOLDS_TO_ASCII, foldName } from './identifiers';
import { decodeStringTokens, splitStringToken, type StringToken } from './string-literal';
import { KIND_COMMENT, KIND_DEDENT, KIND_EOF, KIND_INDENT, KIND_NAME, KIND_NEWLINE, KIND_NL, KIND_OP, KIND_STRING, LogicalLines, type TokenStream } from './tokenize';

export const SECRET_SETTINGS = ['SECRET_KEY', 'DJANGO_SECRET_KEY', 'FLASK_SECRET_KEY'];
export const FALLBACKS_SETTING = 'SECRET_KEY_FALLBACKS';

// Callees whose second positional argument is a default value.
const LOOKUP_SUFFIXES = ['environ.get', 'getenv', 'environ.setdefault', 'env', 'env.str', 'env.bytes', 'config'];
// Calls that return their only argument's value as is, or nearly (`str("...")`).
const PASS_THROUGH_CALLS = new Set(['str', 'bytes', 'bytearray', 'force_str', 'force_bytes', 'smart_str', 'smart_bytes', 'force_text', 'smart_text']);
// django-configurations: `values.Value("default")`, `values.SecretValue()`.
const CONFIGURATIONS_VALUE = /(?:^|\.)values\.\w*Value$/;
// getattr(obj, "SECRET_KEY", default) / setattr(obj, "SECRET_KEY", value): the name comes second.
const NAME_SECOND_CALLS = new Set(['getattr', 'setattr']);
// Calls that take a setting's name and some text but look nothing up: logging, errors, checks.
const NOT_A_LOOKUP = /^(?:log\w*|debug|info|warn\w*|error|critical|exception|fatal|print|echo|raise\w*|fail\w*|assert\w*|validate\w*|check\w*|expect\w*|\w*(?:Error|Exception|Warning))$/;
const FLASK_APP_NAMES = /^(?:app|application|\w+_app)$/;
const FLASK_CONFIG_CALLS = /(?:^|\.)config\.(?:update|from_mapping)$/;
const MAX_HOPS = 2;

export interface ExtractOptions {
  /** Extra setting names treated like SECRET_KEY. */
  extraSettings?: readonly string[];
  /** Receives where the module's secret settings are read from (see extractSettingReads), found on the way. */
  reads?: SettingRead[];
}

/**
 * Where a module takes a secret setting's value from, when that is a name
 * rather than a literal: an environment variable (`SECRET_KEY =
 * env("DD_SECRET_KEY")`, also through one module-level name), or a name
 * another module defines (`from ._keys import K as SECRET_KEY`, `SECRET_KEY =
 * keys.K`). `module` is as written in the import, leading dots kept.
 */
export type SettingRead =
  | { kind: 'env'; setting: string; variable: string; framework: Framework }
  | { kind: 'module'; setting: string; module: string; name: string; framework: Framework };

interface Reach {
  form: SiteForm;
  setting: string;
  /** The literal is the whole value of the setting. */
  whole: boolean;
  framework?: Framework;
  removal?: Range;
  container?: Range;
  call?: string;
  /** The environment variable a lookup with a default reads, when its name is a literal. */
  variable?: string;
  subscripted?: string;
  castDefault?: Range;
  callee?: Range;
  via?: string;
  /** The setting's name as written, when NFKC changes it. */
  writtenAs?: string;
  hops: number;
  /** The expression is what a method is called on (`x` in `x.strip()`), not the value itself. */
  receiver?: boolean;
}

/**
 * A module's statements, parsed on demand: only those that can hold a site are
 * parsed up front, the others when a one-hop variable or a Flask app is looked
 * up. `order` places a statement among all of the module's statements.
 */
interface Module {
  /** The statements that can hold a site (see mayReachSite), in source order. */
  statements: PlacedStatement[];
  /** The `name = value` assignments of `name`, in source order. */
  assignmentsOf: (name: string) => { order: number; value: Expr }[];
  flaskApps: () => ReadonlySet<string>;
  importsFlask: () => boolean;
  /** The import that binds `name` last in the module, if one does. */
  importOf: (name: string) => ImportBinding | undefined;
}

/** A parsed statement, its place among the module's statements, and what a fix that rewrites part of it needs to know. */
interface PlacedStatement {
  statement: Statement;
  order: number;
  /** The comments between the statement's first and last tokens. */
  comments: Range[];
  /** The first token of the logical line that holds the statement. */
  lineHead: Position;
}

export function extractKeySites(text: string, options: ExtractOptions = {}): KeySite[] {
  return extractKeySitesFromLines(new LogicalLines(text), options);
}

/** The same, from a module's logical lines (which keep the tokens scanned for the caller). */
export function extractKeySitesFromLines(lines: LogicalLines, options: ExtractOptions = {}): KeySite[] {
  const secretSettings = new Set([...SECRET_SETTINGS, ...(options.extraSettings ?? [])]);
  const triggers = siteTriggers(secretSettings);
  const mentioningComments: Token[] = [];
  const module = readModule(lines, triggers, (stream, index) => stream.token(index), mentioningComments);
  const sites = new Map<number, KeySite>();
  collectSites(module, secretSettings, false, sites, options.reads ?? null);

  // Commented-out code, read as code with the module's Flask apps and imports but no variables.
  const collectCommented = (text: string, at: Position, parse: typeof parseStatement) => {
    const commented = readModule(new LogicalLines(text), triggers, (stream, index) => shiftTo(stream.token(index), at), undefined, parse);
    const inComment = { ...commented, flaskApps: module.flaskApps, importsFlask: module.importsFlask, assignmentsOf: () => [], importOf: () => undefined };
    collectSites(inComment, secretSettings, true, sites, null);
  };
  for (const comment of mentioningComments) {
    collectCommented(comment.text.slice(1), { line: comment.start.line, column: comment.start.column + 1, offset: comment.start.offset + 1 }, parseCommentedStatement);
  }
  for (const { statement } of module.statements) {
    for (const line of commentedOutBlock(statement) ?? []) collectCommented(line.text, line.at, parseStatement);
  }
  const classAt = enclosingClasses(lines);
  for (const site of sites.values()) {
    if (site.inComment) continue;
    const enclosing = classAt(site.statement.start.offset, site.literal.range.start.offset);
    if (enclosing) site.enclosingClass = enclosing;
  }
  return [...sites.values()].sort((a, b) => a.literal.range.start.offset - b.literal.range.start.offset);
}

/** The names the module's secret settings are read from (never from commented-out code), in source order. */
export function extractSettingReads(text: string, options: ExtractOptions = {}): SettingRead[] {
  const secretSettings = new Set([...SECRET_SETTINGS, ...(options.extraSettings ?? [])]);
  const lines = new LogicalLines(text);
  const module = readModule(lines, siteTriggers(secretSettings), (stream, index) => stream.token(index));
  const reads: SettingRead[] = [];
  collectSites(module, secretSettings, false, new Map(), reads);
  return reads;
}

/** A token read from one line of text that sits at `at` in the file, moved there. */
function shiftTo(token: Token, at: Position): Token {
  const shift = (position: Token['start']) => ({ line: at.line, column: at.column + position.offset, offset: at.offset + position.offset });
  return { ...token, start: shift(token.start), end: shift(token.end) };
}

/**
 * A string statement used to comment code out (`"""` / `'''`): its non-blank
 * lines, each without its indentation and where it starts in the file, when
 * every one of them parses alone as code (so a docstring of prose is none).
 * Only a single triple-quoted str token whose value is its text as written
 * (raw, or without a backslash), so positions in it are positions in the file.
 */
function commentedOutBlock(statement: Statement): { text: string; at: Position }[] | null {
  if (statement.type !== 'expressions' || statement.augmented || statement.expressions.length !== 1) return null;
  const string = statement.expressions[0]!;
  if (string.type !== 'str' || string.tokens.length !== 1 || string.start.offset !== statement.start.offset || string.end.offset !== statement.end.offset) return null;
  const token = string.tokens[0]!;
  const literal = splitStringToken(token.text);
  if (!literal.triple || literal.isBytes || literal.isFormat || (!literal.isRaw && literal.body.includes('\\'))) return null;
  const opening = token.text.length - literal.body.length - 3;
  const lines: { text: string; at: Position }[] = [];
  let at: Position = { line: token.start.line, column: token.start.column + opening, offset: token.start.offset + opening };
  const pieces = literal.body.split(/(\r\n|\r|\n)/);
  for (let index = 0; index < pieces.length; index += 2) {
    const piece = pieces[index]!;
    const indent = /^[ \t\f]*/.exec(piece)![0].length;
    const text = piece.slice(indent);
    if (text !== '') {
      if (!parsesAsCode(text)) return null;
      lines.push({ text, at: { line: at.line, column: at.column + indent, offset: at.offset + indent } });
    }
    const breakLength = pieces[index + 1]?.length ?? 0;
    at = { line: at.line + 1, column: 1, offset: at.offset + piece.length + breakLength };
  }
  return lines;
}

/** One line of text, read alone, parses as Python code. */
function parsesAsCode(text: string): boolean {
  const lines = new LogicalLines(text);
  const tokens: Token[] = [];
  for (let line = 0; line < lines.count; line++) {
    const stream = lines.tokens(line);
    for (let index = 0; index < stream.count; index++) if (isCodeKind(stream.kinds[index]!) && stream.kinds[index] !== KIND_NEWLINE) tokens.push(stream.token(index));
  }
  return parsesAsSimpleStatements(tokens, 0, tokens.length);
}

/**
 * Whether one of `needles` lies wholly inside text[start, end), for ranges
 * asked about in order of their start: each needle's next occurrence is
 * remembered, so all the questions together read the text about once.
 */
class Occurrences {
  /** Each needle's next occurrence: -1 before the first search, Infinity when there is none left. */
  private readonly next: number[];
  /** The smallest of `next`: a range that ends before it holds no needle. */
  private earliest = -1;
  /** Only text[from, to) is searched: a search in one logical line must not read the rest of the file. */
  private readonly text: string;

  constructor(
    text: string,
    private readonly needles: readonly string[],
    private readonly from = 0,
    to = text.length,
  ) {
    this.text = from === 0 && to === text.length ? text : text.slice(from, to);
    this.next = needles.map(() => -1);
  }

  within(rangeStart: number, rangeEnd: number): boolean {
    const start = rangeStart - this.from;
    const end = rangeEnd - this.from;
    if (this.earliest >= end) return false;
    let found = false;
    let earliest = Infinity;
    for (let index = 0; index < this.needles.length; index++) {
      const needle = this.needles[index]!;
      let at = this.next[index]!;
      if (at < start) {
        const next = this.text.indexOf(needle, start);
        at = next < 0 ? Infinity : next;
        this.next[index] = at;
      }
      if (at + needle.length <= end) found = true;
      if (at < earliest) earliest = at;
    }
    this.earliest = earliest;
    return found;
  }
}

interface Triggers {
  names: ReadonlySet<string>;
  /** `names` by length: most names are ruled out without reading their text. */
  namesByLength: readonly (readonly string[] | undefined)[];
  strings: readonly string[];
  /** The names a line must mention to hold a trigger: a line that mentions DJANGO_SECRET_KEY mentions SECRET_KEY. */
  searched: readonly string[];
}

/**
 * What a statement must contain for collectSites to find a site in it: a name
 * that is a setting (a target, an attribute, a keyword argument) or a string
 * that can be a setting's name (a subscript, a dict key, a lookup's first
 * argument). A string can spell a name with escapes or by implicit
 * concatenation, so any string with a backslash or next to another string counts.
 */
function siteTriggers(secretSettings: ReadonlySet<string>): Triggers {
  // Asked once per module and per commented-out line: the answer is kept per set of names.
  const key = [...secretSettings].join('\0');
  let triggers = triggersBySettings.get(key);
  if (!triggers) {
    triggers = computeSiteTriggers(secretSettings);
    triggersBySettings.set(key, triggers);
  }
  return triggers;
}
const triggersBySettings = new Map<string, Triggers>();

function computeSiteTriggers(secretSettings: ReadonlySet<string>): Triggers {
  const names = new Set([...secretSettings, FALLBACKS_SETTING, 'secret_key']);
  const namesByLength: string[][] = [];
  for (const name of names) (namesByLength[name.length] ??= []).push(name);
  const searched = [...names].filter((name) => ![...names].some((other) => other !== name && name.includes(other)));
  // `secret_key` too: a triple-quoted block of commented-out code can set a Flask app's.
  return { names, namesByLength, strings: [...secretSettings, FALLBACKS_SETTING, 'secret_key'], searched };
}

/** A module's logical statements as ranges of stream tokens. */
interface StatementRanges {
  /** Range r covers stream tokens [starts[r], ends[r]); only its code tokens (no NL, comment, indent, dedent or end marker) belong to the statement. */
  starts: number[];
  ends: number[];
  /** The ranges that can hold a site (see siteTriggers), in order. */
  triggered: number[];
}

/**
 * Splits the stream into logical statements (at NEWLINE and at top-level `;`)
 * in one pass, noting which can hold a site. `mentioningComments`, when given,
 * receives the comments that mention SECRET_KEY or secret_key. A plain
 * function with no closures: this loop sees every token of every file.
 */
function statementRanges(stream: TokenStream, triggers: Triggers, mentioningComments: number[] | undefined, folding: boolean): StatementRanges {
  const { text, kinds, starts, ends, count } = stream;
  const namesByLength = triggers.namesByLength;
  // A string can reach a site if it holds a backslash or a setting's name, or stands next to another string.
  const scanned = count > 0 ? [starts[0]!, ends[count - 1]!] as const : [0, 0] as const;
  const stringTriggers = new Occurrences(text, ['\\', ...triggers.strings], ...scanned);
  const mentions = mentioningComments ? new Occurrences(text, ['SECRET_KEY', 'secret_key'], ...scanned) : null;
  const rangeStarts: number[] = [];
  const rangeEnds: number[] = [];
  const triggered: number[] = [];
  let start = 0;
  let depth = 0;
  let holdsTrigger = false;
  let previousIsString = false;
  for (let index = 0; index < count; index++) {
    const kind = kinds[index]!;
    if (kind === KIND_NL || kind === KIND_INDENT || kind === KIND_DEDENT || kind === KIND_EOF) continue;
    if (kind === KIND_COMMENT) {
      if (mentions !== null && (mentions.within(starts[index]!, ends[index]!) || (folding && mentionsFolded(text.slice(starts[index]!, ends[index]!))))) mentioningComments!.push(index);
      continue;
    }
    let endsStatement = false;
    if (kind === KIND_OP) {
      if (ends[index]! - starts[index]! === 1) {
        const char = text.charCodeAt(starts[index]!);
        if (char === 40 || char === 91 || char === 123) depth++;
        else if (char === 41 || char === 93 || char === 125) depth = Math.max(0, depth - 1);
        else if (char === 59 && depth === 0) endsStatement = true;
      }
    } else if (kind === KIND_NEWLINE) {
      endsStatement = true;
    } else if (kind === KIND_NAME) {
      if (!holdsTrigger) {
        const candidates = namesByLength[ends[index]! - starts[index]!];
        if (candidates !== undefined) {
          const first = text.charCodeAt(starts[index]!);
          for (let candidate = 0; candidate < candidates.length; candidate++) {
            const name = candidates[candidate]!;
            if (name.charCodeAt(0) === first && text.startsWith(name, starts[index]!)) holdsTrigger = true;
          }
        }
        // Only in a text that has characters NFKC folds to ASCII: `ＳＥＣＲＥＴ_ＫＥＹ`.
        if (!holdsTrigger && folding) {
          const written = text.slice(starts[index]!, ends[index]!);
          holdsTrigger = FOLDS_TO_ASCII.test(written) && triggers.names.has(foldName(written));
        }
      }
    } else if (kind === KIND_STRING) {
      // Two strings in a row: the pair can spell a name by implicit concatenation.
      if (previousIsString) holdsTrigger = true;
      else if (!holdsTrigger) holdsTrigger = stringTriggers.within(starts[index]!, ends[index]!) || (folding && mentionsFolded(text.slice(starts[index]!, ends[index]!)));
    }
    previousIsString = kind === KIND_STRING;
    if (!endsStatement) continue;
    if (holdsTrigger) triggered.push(rangeStarts.length);
    rangeStarts.push(start);
    rangeEnds.push(index);
    holdsTrigger = false;
    start = index + 1;
    if (kind === KIND_NEWLINE) depth = 0;
  }
  // The last range runs to the end of the tokens (empty when the module ends with a NEWLINE).
  if (holdsTrigger) triggered.push(rangeStarts.length);
  rangeStarts.push(start);
  rangeEnds.push(count);
  return { starts: rangeStarts, ends: rangeEnds, triggered };
}

/** A comment (or string) that names SECRET_KEY or secret_key once NFKC-normalised, as Python would read it as code. */
function mentionsFolded(comment: string): boolean {
  if (!FOLDS_TO_ASCII.test(comment)) return false;
  const folded = comment.normalize('NFKC');
  return folded.includes('SECRET_KEY') || folded.includes('secret_key');
}

/** The lines that hold a character NFKC folds to ASCII, in order. */
function linesWithFoldableCharacters(lines: LogicalLines): number[] {
  const found: number[] = [];
  if (lines.ascii) return found;
  const pattern = new RegExp(FOLDS_TO_ASCII.source, 'gu');
  for (let match = pattern.exec(lines.text); match !== null; match = pattern.exec(lines.text)) {
    const line = lines.lineAt(match.index);
    found.push(line);
    pattern.lastIndex = lines.starts[line + 1]!;
  }
  return found;
}

/** A statement's place: its line, and its token range in that line's stream. */
interface StatementRef {
  line: number;
  start: number;
  end: number;
}

/**
 * The module's statements that can hold a site, parsed; the others are
 * tokenized and parsed only when a one-hop variable or a Flask app is looked
 * up. Only logical lines that mention a trigger name (or can spell one) are
 * tokenized up front.
 */
function readModule(
  lines: LogicalLines,
  triggers: Triggers,
  tokenAt: (stream: TokenStream, index: number) => Token,
  mentioningComments?: Token[],
  parse: typeof parseStatement = parseStatement,
): Module {
  // Names that NFKC folds to a trigger (`ＳＥＣＲＥＴ_ＫＥＹ`) are looked for on the lines that can spell one.
  const foldableLines = linesWithFoldableCharacters(lines);
  const folding = foldableLines.length > 0;
  // Each line's statement ranges, split once per line on first use.
  const rangesOfLine = new Map<number, StatementRanges>();
  const rangesOf = (line: number): StatementRanges => {
    let ranges = rangesOfLine.get(line);
    if (!ranges) {
      const stream = lines.tokens(line);
      const comments: number[] | undefined = mentioningComments ? [] : undefined;
      ranges = statementRanges(stream, triggers, comments, folding);
      for (const index of comments ?? []) mentioningComments!.push(tokenAt(stream, index));
      rangesOfLine.set(line, ranges);
    }
    return ranges;
  };
  const parsed = new Map<string, PlacedStatement[]>();
  // Each statement with its place among all statements: the offset where its range starts, plus i / (n + 1) for the i-th of n.
  const statementsOf = ({ line, start, end }: StatementRef): PlacedStatement[] => {
    const key = `${line}:${start}`;
    let list = parsed.get(key);
    if (!list) {
      const stream = lines.tokens(line);
      // Token objects only for the statements that are parsed.
      const tokens: Token[] = [];
      const comments: Range[] = [];
      for (let index = start; index < end; index++) {
        const kind = stream.kinds[index]!;
        if (isCodeKind(kind)) tokens.push(tokenAt(stream, index));
        else if (kind === KIND_COMMENT) comments.push(rangeOf(tokenAt(stream, index)));
      }
      const statements = parse(tokens, 0, tokens.length);
      const rangeStart = start < stream.count ? stream.starts[start]! : lines.starts[line + 1]!;
      const lineHead = firstCodeToken(stream, tokenAt)?.start ?? tokens[0]?.start;
      list = statements.map((statement, index) => ({
        statement,
        order: rangeStart + index / (statements.length + 1),
        comments: comments.filter((comment) => comment.start.offset > statement.start.offset && comment.end.offset < statement.end.offset),
        lineHead: lineHead ?? statement.start,
      }));
      parsed.set(key, list);
    }
    return list;
  };
  const rangesWhere = (line: number, wanted: (ranges: StatementRanges, range: number) => boolean): StatementRef[] => {
    const ranges = rangesOf(line);
    const found: StatementRef[] = [];
    for (let range = 0; range < ranges.starts.length; range++) {
      if (wanted(ranges, range)) found.push({ line, start: ranges.starts[range]!, end: ranges.ends[range]! });
    }
    return found;
  };

  // The lines that can hold a site: those that mention a trigger name, and those that can spell one.
  const candidateLines = new Set<number>();
  for (const name of triggers.searched) for (const line of lines.linesMentioning(name)) candidateLines.add(line);
  for (const line of foldableLines) candidateLines.add(line);
  lines.spellsNames.forEach((spells, line) => {
    if (spells) candidateLines.add(line);
  });
  const statements = [...candidateLines]
    .sort((a, b) => a - b)
    .flatMap((line) => {
      const ranges = rangesOf(line);
      return ranges.triggered.map((range) => ({ line, start: ranges.starts[range]!, end: ranges.ends[range]! }));
    })
    .flatMap(statementsOf);

  // A few names (Flask, flask, a variable or two) are looked for in the text;
  // a module of many one-hop variables gets an index of every name, or the
  // lookups together would be quadratic.
  let rangesByName: Map<string, StatementRef[]> | null = null;
  let namesLookedUp = 0;
  const nameIn = (stream: TokenStream, start: number, end: number, name: string): boolean => {
    for (let index = start; index < end; index++) if (stream.kinds[index] === KIND_NAME && stream.textIs(index, name)) return true;
    return false;
  };
  const rangesNaming = cached((name: string): StatementRef[] => {
    if (rangesByName === null && ++namesLookedUp > 8) {
      const index = new Map<string, StatementRef[]>();
      for (let line = 0; line < lines.count; line++) {
        const stream = lines.tokens(line);
        for (const ref of rangesWhere(line, () => true)) {
          for (let at = ref.start; at < ref.end; at++) {
            if (stream.kinds[at] !== KIND_NAME) continue;
            const text = stream.textOf(at);
            const list = index.get(text);
            if (!list) index.set(text, [ref]);
            else if (list[list.length - 1] !== ref) list.push(ref);
          }
        }
      }
      rangesByName = index;
    }
    if (rangesByName !== null) return rangesByName.get(name) ?? [];
    return lines.linesMentioning(name).flatMap((line) => {
      const stream = lines.tokens(line);
      return rangesWhere(line, (ranges, range) => nameIn(stream, ranges.starts[range]!, ranges.ends[range]!, name));
    });
  });

  const assignmentsOf = cached((name: string) => {
    const found: { order: number; value: Expr }[] = [];
    for (const { statement, order } of rangesNaming(name).flatMap(statementsOf)) {
      if (statement.type !== 'assign') continue;
      for (const target of statement.targets) {
        if (target.type === 'name' && target.id === name) found.push({ order, value: statement.value });
      }
    }
    return found;
  });
  const flaskApps = once((): ReadonlySet<string> => {
    const apps = new Set<string>();
    for (const { statement } of rangesNaming('Flask').flatMap(statementsOf)) {
      if (statement.type !== 'assign' || statement.value.type !== 'call' || !/(?:^|\.)Flask$/.test(dottedName(statement.value.func))) continue;
      for (const target of statement.targets) if (target.type === 'name') apps.add(target.id);
    }
    return apps;
  });
  const importsFlask = once((): boolean =>
    rangesNaming('flask').flatMap(statementsOf).some(({ statement }) => statement.type === 'import' && statement.modules.includes('flask')),
  );
  const importOf = (name: string): ImportBinding | undefined => {
    let found: ImportBinding | undefined;
    for (const { statement } of rangesNaming(name).flatMap(statementsOf)) {
      if (statement.type === 'import') found = statement.bindings.filter((binding) => binding.bound === name).pop() ?? found;
    }
    return found;
  };
  return { statements, assignmentsOf, flaskApps, importsFlask, importOf };
}

function firstCodeToken(stream: TokenStream, tokenAt: (stream: TokenStream, index: number) => Token): Token | undefined {
  for (let index = 0; index < stream.count; index++) if (isCodeKind(stream.kinds[index]!)) return tokenAt(stream, index);
  return undefined;
}

function rangeOf(token: Token): Range {
  return { start: token.start, end: token.end };
}

function isCodeKind(kind: number): boolean {
  return kind !== KIND_NL && kind !== KIND_COMMENT && kind !== KIND_INDENT && kind !== KIND_DEDENT && kind !== KIND_EOF;
}

function once<T>(compute: () => T): () => T {
  let result: { value: T } | null = null;
  return () => (result ??= { value: compute() }).value;
}

/** `compute` with its results kept by argument. */
function cached<T>(compute: (key: string) => T): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    if (!results.has(key)) results.set(key, compute(key));
    return results.get(key)!;
  };
}

/** `os.environ.get` for a callee expression; `?` stands for what is not a plain name. */
export function dottedName(expression: Expr): string {
  if (expression.type === 'name') return expression.id;
  if (expression.type === 'attr') return `${dottedName(expression.value)}.${expression.attr}`;
  if (expression.type === 'call') return `${dottedName(expression.func)}()`;
  return '?';
}

/** Module `name` of package `module` as an import names it: `.` and `keys` give `.keys`, `a` and `b` give `a.b`. */
function submodule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

function endsWithSegment(dotted: string, suffix: string): boolean {
  return dotted === suffix || dotted.endsWith(`.${suffix}`);
}

/**
 * The pieces of a constant's value: a literal, parenthesised, literals joined
 * with `+`, or repeated with `*` by a positive integer literal (`'x' * 50`),
 * the repeated pieces listed once per copy. A repetition stops once the value
 * reaches MAX_REPEATED_LENGTH code points: more copies change neither how
 * long (enough) nor how varied the key is, and `'x' * 10_000_000_000` would take gigabytes.
 */
function constantParts(expression: Expr): StringToken[] | null {
  const inner = unparen(expression);
  if (inner.type === 'str') return inner.dynamic ? null : inner.tokens.map((token) => splitStringToken(token.text));
  if (inner.type !== 'binop') return null;
  if (inner.op === '+') {
    const left = constantParts(inner.left);
    const right = left && constantParts(inner.right);
    // str + bytes raises TypeError: not a constant.
    if (!left || !right || left[0]!.isBytes !== right[0]!.isBytes) return null;
    return [...left, ...right];
  }
  if (inner.op !== '*') return null;
  const countOnRight = unparen(inner.right).type === 'number';
  const repeated = constantParts(countOnRight ? inner.left : inner.right);
  const count = integerValue(countOnRight ? inner.right : inner.left);
  if (!repeated || count === null || count < 1n) return null;
  const length = Array.from(decodeStringTokens(repeated).value).length;
  const wanted = count > BigInt(MAX_REPEATED_LENGTH) ? MAX_REPEATED_LENGTH : Number(count);
  const copies = length === 0 ? 1 : Math.min(wanted, Math.ceil(MAX_REPEATED_LENGTH / length));
  // One literal repeated (the usual `'x' * 50`) is one token of the repeated text: a body
  // repeats whole, since it never ends inside an escape.
  if (repeated.length === 1) return [{ ...repeated[0]!, body: repeated[0]!.body.repeat(copies) }];
  const parts: StringToken[] = [];
  for (let copy = 0; copy < copies; copy++) parts.push(...repeated);
  return parts;
}

const MAX_REPEATED_LENGTH = 1024;

// An integer literal (Python Language Reference 2.4.5): decimal, hex, octal or binary, with underscores.
const INTEGER_LITERAL = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*)$/;

function integerValue(expression: Expr): bigint | null {
  const number = unparen(expression);
  return number.type === 'number' && INTEGER_LITERAL.test(number.text) ? BigInt(number.text.replace(/_/g, '')) : null;
}

/**
 * The sites of a module's statements into `sites`; with `reads`, also the
 * names its secret settings are read from (a lookup, `os.environ[...]`, a name
 * imported from another module).
 */
function collectSites(module: Module, secretSettings: ReadonlySet<string>, inComment: boolean, sites: Map<number, KeySite>, reads: SettingRead[] | null): void {
  // The variable another assignment of a setting reads it from (`SECRET_KEY = os.getenv("X")`), once per setting.
  const variableOf = new Map<string, string | undefined>();
  const variableReading = (setting: string): string | undefined => {
    if (!variableOf.has(setting)) {
      variableOf.set(setting, module.assignmentsOf(setting).map(({ value }) => lookedUpVariable(value)).find((name) => name !== null) ?? undefined);
    }
    return variableOf.get(setting);
  };
  module.statements.forEach(({ statement, order: statementOrder, comments, lineHead }) => {
    const statementRange: Range = { start: statement.start, end: statement.end };
    const frameworkOf = (reach: Reach): Framework => reach.framework ?? (module.importsFlask() ? 'flask' : 'django');
    // A name's text: a literal, or a module-level name assigned one (`_KEY_VAR = "APP_KEY"`).
    const textOf = (expression: Expr): string | null => {
      const plain = unparen(expression);
      if (plain.type !== 'name') return literalText(plain);
      const assigned = nearestAssignment(module, plain.id, statementOrder);
      return assigned ? literalText(assigned) : null;
    };
    const readVariable = (name: string | null, reach: Reach) => {
      if (reads && name !== null && ENV_VARIABLE_NAME.test(name)) reads.push({ kind: 'env', setting: reach.setting, variable: name, framework: frameworkOf(reach) });
    };
    // `K` bound by `from m import K`, or `m.K` / `pkg.m.K` with m bound by an import: K of that module.
    const readImported = (expression: Expr, reach: Reach) => {
      if (!reads) return;
      const dotted = dottedName(expression);
      if (dotted.includes('?') || dotted.includes('(')) return;
      const segments = dotted.split('.');
      const binding = module.importOf(segments[0]!);
      if (!binding) return;
      let read: { module: string; name: string } | null;
      if (binding.name !== null) {
        const from = submodule(binding.module, binding.name);
        read = segments.length === 1 ? { module: binding.module, name: binding.name } : { module: [from, ...segments.slice(1, -1)].join('.'), name: segments[segments.length - 1]! };
      } else {
        // `import a.b` binds a; `import a.b as m` binds m to a.b.
        const root = binding.module.split('.')[0] === binding.bound ? binding.bound : binding.module;
        read = segments.length === 1 ? null : { module: [root, ...segments.slice(1, -1)].join('.'), name: segments[segments.length - 1]! };
      }
      if (read) reads.push({ kind: 'module', setting: reach.setting, ...read, framework: frameworkOf(reach) });
    };

    const emit = (expression: Expr, parts: StringToken[], reach: Reach) => {
      const inner = unparen(expression);
      const key = inner.start.offset;
      if (sites.has(key)) return;
      const decoded = decodeStringTokens(parts);
      sites.set(key, {
        form: reach.form,
        framework: reach.framework ?? (module.importsFlask() ? 'flask' : 'django'),
        setting: reach.setting,
        literal: {
          range: { start: inner.start, end: inner.end },
          value: decoded.value,
          isBytes: parts.some((part) => part.isBytes),
          notUtf8: decoded.notUtf8,
          quote: parts[0]?.quote ?? '"',
        },
        replaceable: reach.whole && !reach.via,
        ...(reach.removal ? { removal: reach.removal } : {}),
        ...(reach.container ? { container: reach.container } : {}),
        ...(reach.call ? { call: reach.call } : {}),
        ...(reach.variable ? { variable: reach.variable } : {}),
        ...(reach.subscripted ? { subscripted: reach.subscripted } : {}),
        ...(reach.castDefault ? { castDefault: reach.castDefault } : {}),
        ...(reach.callee ? { callee: reach.callee } : {}),
        ...(reach.via ? { via: reach.via } : {}),
        ...(reach.writtenAs ? { writtenAs: reach.writtenAs } : {}),
        inComment,
        statement: statementRange,
        ...(comments.length > 0 ? { comments } : {}),
        lineHead,
      });
    };

    const evaluate = (expression: Expr, reach: Reach): void => {
      const parts = constantParts(expression);
      if (parts) {
        emit(expression, parts, reach);
        return;
      }
      const inner = unparen(expression);
      const deeper = { ...reach, whole: false, removal: undefined, container: undefined };
      switch (inner.type) {
        case 'name': {
          if (reach.hops >= MAX_HOPS || inComment) return;
          const assigned = nearestAssignment(module, inner.id, statementOrder);
          if (assigned) evaluate(assigned, { ...deeper, hops: reach.hops + 1, via: reach.via ?? inner.id });
          else if (!reach.receiver) readImported(inner, reach);
          return;
        }
        case 'attr':
          if (!reach.receiver && !inComment) readImported(inner, reach);
          return;
        case 'subscript': {
          // SECRETS = {"secret_key": "..."} ... SECRET_KEY = SECRETS["secret_key"]
          const container = unparen(inner.value);
          // os.environ["DD_SECRET_KEY"]: the variable is where the key is kept.
          if (reads && !inComment && endsWithSegment(dottedName(container), 'environ')) readVariable(textOf(inner.index), reach);
          const key = literalText(inner.index);
          if (reach.hops >= MAX_HOPS || inComment || container.type !== 'name' || key === null) return;
          const assigned = nearestAssignment(module, container.id, statementOrder);
          const dict = assigned ? unparen(assigned) : null;
          if (dict?.type !== 'dict') return;
          // A key written twice: the last one is the value.
          const entry = [...dict.entries].reverse().find((candidate) => candidate.key !== null && literalText(candidate.key) === key);
          if (entry) evaluate(entry.value, { ...deeper, hops: reach.hops + 1, via: reach.via ?? `${container.id}[${JSON.stringify(key)}]` });
          return;
        }
        case 'boolop': {
          // `os.environ.get("SECRET_KEY") or "lit"`: the variable the lookup reads is where the key belongs.
          const variable = inner.values.map(lookedUpVariable).find((name) => name !== null);
          inner.values.forEach((operand, index) => {
            if (constantParts(operand)) {
              const removal: Range =
                index > 0
                  ? { start: inner.values[index - 1]!.end, end: operand.end }
                  : { start: operand.start, end: inner.values[1]!.start };
              evaluate(operand, { ...deeper, form: 'or-fallback', removal, ...(variable ? { variable } : {}) });
            } else evaluate(operand, deeper);
          });
          return;
        }
        case 'ifexp':
          for (const branch of [inner.body, inner.orelse]) {
            evaluate(branch, constantParts(branch) ? { ...deeper, form: 'conditional' } : deeper);
          }
          return;
        case 'call': {
          const dotted = dottedName(inner.func);
          const first = inner.args[0];
          if (reads && !inComment && first && first.name === null && first.star === '' && LOOKUP_SUFFIXES.some((suffix) => endsWithSegment(dotted, suffix))) {
            readVariable(textOf(first.value), reach);
          }
          // The value of a secret setting: any `.get(name, default)` is a lookup with a default (`os_env = os.environ`).
          const fallback = defaultArgument(inner, dotted, secretSettings, true);
          const only = inner.args.length === 1 && inner.args[0]!.name === null && inner.args[0]!.star === '' ? inner.args[0]!.value : null;
          if (fallback) {
            evaluate(fallback.value, {
              ...deeper, form: 'env-default', call: dotted, callee: calleeOf(inner), ...(fallback.removal ? { removal: fallback.removal } : {}), ...(fallback.variable ? { variable: fallback.variable } : {}),
            });
          } else if (only && PASS_THROUGH_CALLS.has(dotted)) {
            evaluate(only, deeper);
          } else if (only && CONFIGURATIONS_VALUE.test(dotted)) {
            evaluate(only, { ...deeper, form: 'env-default', call: dotted });
          } else if (inner.func.type === 'attr') {
            evaluate(inner.func.value, { ...deeper, receiver: true });
          }
          return;
        }
        default:
          return;
      }
    };

    const evaluateFallbacks = (value: Expr, reach: Reach) => {
      const list = unparen(value);
      if (list.type === 'list' || list.type === 'tuple') {
        const allLiteral = list.elements.length > 0 && list.elements.every((element) => constantParts(element));
        for (const element of list.elements) {
          evaluate(element, { ...reach, form: 'fallbacks-list', whole: false, ...(allLiteral ? { container: { start: list.start, end: list.end } } : {}) });
        }
      } else evaluate(value, { ...reach, form: 'fallbacks-list', whole: false });
    };

    const assignTo = (target: Expr, value: Expr) => {
      const plain = unparen(target);
      const written = plain.type === 'name' || plain.type === 'attr' ? plain.written : undefined;
      const base: Omit<Reach, 'form' | 'setting'> = { whole: true, hops: 0, ...(written ? { writtenAs: written } : {}) };
      if (plain.type === 'name') {
        if (secretSettings.has(plain.id)) {
          // `SECRET_KEY = os.getenv("X")` elsewhere in the module: X is where this key belongs too.
          const variable = inComment ? undefined : variableReading(plain.id);
          evaluate(value, { ...base, form: 'assignment', setting: plain.id, ...(variable ? { variable } : {}) });
        }
        else if (plain.id === FALLBACKS_SETTING) evaluateFallbacks(value, { ...base, form: 'fallbacks-list', setting: plain.id });
      } else if (plain.type === 'attr') {
        if (secretSettings.has(plain.attr)) evaluate(value, { ...base, form: 'attribute', setting: plain.attr });
        else if (plain.attr === FALLBACKS_SETTING) evaluateFallbacks(value, { ...base, form: 'fallbacks-list', setting: plain.attr });
        else if (plain.attr === 'secret_key' && isFlaskApp(plain.value, module)) {
          evaluate(value, { ...base, form: 'attribute', setting: 'secret_key', framework: 'flask' });
        }
      } else if (plain.type === 'subscript') {
        const key = literalText(plain.index);
        if (key !== null && secretSettings.has(key)) {
          const onConfig = plain.value.type === 'attr' && plain.value.attr === 'config';
          const subscripted = dottedName(plain.value);
          evaluate(value, {
            ...base, form: 'subscript', setting: key, ...(onConfig ? { framework: 'flask' as const } : {}), ...(subscripted.includes('?') ? {} : { subscripted }),
          });
        }
      } else if (plain.type === 'tuple' || plain.type === 'list') {
        const values = unparen(value);
        if ((values.type === 'tuple' || values.type === 'list') && values.elements.length === plain.elements.length) {
          plain.elements.forEach((element, index) => assignTo(element, values.elements[index]!));
        }
      }
    };

    // `SECRET_KEY = ""` then `SECRET_KEY += "lit"`: the added literal is the key.
    const addTo = (target: Expr, value: Expr) => {
      const plain = unparen(target);
      if (plain.type !== 'name' || !secretSettings.has(plain.id)) return;
      const parts = constantParts(value);
      const preceding = module.assignmentsOf(plain.id).filter(({ order }) => order < statementOrder).pop();
      const start = preceding && constantParts(preceding.value);
      if (!parts || !start || decodeStringTokens(start).value !== '') return;
      emit(value, parts, { form: 'augmented-assignment', setting: plain.id, whole: false, hops: 0 });
    };

    const visitCall = (call: CallExpr) => {
      const dotted = dottedName(call.func);
      call.args.forEach((argument, index) => {
        if (argument.name === null) return;
        if (argument.name === FALLBACKS_SETTING) {
          evaluateFallbacks(argument.value, { form: 'fallbacks-list', setting: argument.name, whole: false, hops: 0, call: dotted });
          return;
        }
        if (!secretSettings.has(argument.name)) return;
        const value = unparen(argument.value);
        if (/(?:^|\.)Env$/.test(dotted) && value.type === 'tuple' && value.elements.length > 0) {
          const removal = argumentRemoval(call.args, index);
          const [cast, fallback] = value.elements;
          const castDefault = value.elements.length === 2 && fallback!.type === 'str' && (cast!.type === 'name' || cast!.type === 'attr') ? { start: cast!.end, end: value.end } : undefined;
          evaluate(value.elements[value.elements.length - 1]!, {
            form: 'env-default', setting: argument.name, whole: false, hops: 0, call: dotted, variable: argument.name, ...(removal ? { removal } : {}), ...(castDefault ? { castDefault } : {}),
          });
          return;
        }
        const framework = FLASK_CONFIG_CALLS.test(dotted) ? ('flask' as const) : undefined;
        evaluate(argument.value, {
          form: 'keyword', setting: argument.name, whole: true, hops: 0, call: dotted, ...(framework ? { framework } : {}), ...(argument.written ? { writtenAs: argument.written } : {}),
        });
      });
      const named = firstArgumentText(call);
      if (NAME_SECOND_CALLS.has(dotted) && call.args.length === 3 && call.args.every((argument) => argument.name === null && argument.star === '')) {
        const setting = literalText(call.args[1]!.value);
        if (setting !== null && secretSettings.has(setting)) {
          const form = dotted === 'setattr' ? 'assignment' : 'env-default';
          const removal = dotted === 'getattr' ? { start: call.args[1]!.end, end: call.args[2]!.end } : undefined;
          evaluate(call.args[2]!.value, { form, setting, whole: false, hops: 0, call: dotted, ...(removal ? { removal } : {}) });
        }
      }
      if (named !== null && secretSettings.has(named) && !NOT_A_LOOKUP.test(dotted.slice(dotted.lastIndexOf('.') + 1))) {
        const fallback = defaultArgument(call, dotted, secretSettings);
        if (fallback) {
          evaluate(fallback.value, {
            form: 'env-default', setting: named, whole: false, hops: 0, call: dotted, callee: calleeOf(call), ...(fallback.removal ? { removal: fallback.removal } : {}), ...(fallback.variable ? { variable: fallback.variable } : {}),
          });
        }
      }
    };

    const walk = (expression: Expr): void => {
      if (expression.type === 'call') visitCall(expression);
      // `if (SECRET_KEY := os.getenv("X", "lit")):` assigns as `=` does.
      if (expression.type === 'named') assignTo(expression.target, expression.value);
      if (expression.type === 'dict') {
        for (const entry of expression.entries) {
          const key = entry.key ? literalText(entry.key) : null;
          if (key !== null && secretSettings.has(key)) evaluate(entry.value, { form: 'dict-entry', setting: key, whole: true, hops: 0 });
          else if (key === FALLBACKS_SETTING) evaluateFallbacks(entry.value, { form: 'fallbacks-list', setting: key, whole: false, hops: 0 });
        }
      }
      for (const child of childExpressions(expression)) walk(child);
    };

    if (statement.type === 'assign') {
      for (const target of statement.targets) assignTo(target, statement.value);
      for (const target of statement.targets) walk(target);
      walk(statement.value);
    } else if (statement.type === 'import' && reads && !inComment) {
      // from ._keys import K as SECRET_KEY
      for (const binding of statement.bindings) {
        if (binding.name !== null && (secretSettings.has(binding.bound) || binding.bound === FALLBACKS_SETTING)) {
          reads.push({ kind: 'module', setting: binding.bound, module: binding.module, name: binding.name, framework: module.importsFlask() ? 'flask' : 'django' });
        }
      }
    } else if (statement.type === 'expressions') {
      if (statement.augmented === '+=') addTo(statement.expressions[0]!, statement.expressions[1]!);
      for (const expression of statement.expressions) walk(expression);
    }
  });
}

/** The default of an environment lookup, with the text that deletes it (`, "lit"` or `, default=...`). */
/**
 * The literal-or-expression default of a lookup call, and the variable it reads
 * when that is a literal name. `valueOfSetting`: the call is what a secret
 * setting is set to, so any `.get(name, default)` counts as a lookup.
 */
function defaultArgument(
  call: CallExpr,
  dotted: string,
  secretSettings: ReadonlySet<string>,
  valueOfSetting = false,
): { value: Expr; removal?: Range; variable?: string } | null {
  const nameText = firstArgumentText(call);
  const variable = nameText !== null && ENV_VARIABLE_NAME.test(nameText) ? { variable: nameText } : {};
  const keywordIndex = call.args.findIndex((argument) => argument.name === 'default');
  if (keywordIndex >= 0) {
    const removal = argumentRemoval(call.args, keywordIndex);
    return { value: call.args[keywordIndex]!.value, ...(removal ? { removal } : {}), ...variable };
  }
  const positional = call.args.filter((argument) => argument.name === null && argument.star === '');
  if (positional.length < 2 || call.args.indexOf(positional[1]!) !== 1) return null;
  const isLookup = LOOKUP_SUFFIXES.some((suffix) => endsWithSegment(dotted, suffix)) || (valueOfSetting && isDefaultingGet(dotted, nameText, positional[1]!.value, secretSettings));
  if (!isLookup && !(nameText !== null && secretSettings.has(nameText))) return null;
  return { value: positional[1]!.value, removal: { start: call.args[0]!.end, end: call.args[1]!.end }, ...variable };
}

const ENV_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const UPPER_CASE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * `os_env.get("APP_SECRET", default)`: an environment-style name (upper case)
 * and a default. Not configparser's `get(section, option)`: its section is
 * rarely upper case, and an option that names the setting itself
 * (`config.get("DEFAULT", "secret_key")`) is not a key.
 */
function isDefaultingGet(dotted: string, name: string | null, second: Expr, secretSettings: ReadonlySet<string>): boolean {
  if (!endsWithSegment(dotted, 'get') || !dotted.includes('.') || name === null || !UPPER_CASE_NAME.test(name)) return false;
  const option = literalText(second)?.toUpperCase();
  return option === undefined || ![...secretSettings].some((setting) => setting.toUpperCase() === option);
}

/** The variable `os.environ.get("NAME")`, `os.getenv("NAME")`, `env("NAME")`... reads; null for anything else. */
function lookedUpVariable(expression: Expr): string | null {
  const call = unparen(expression);
  if (call.type !== 'call') return null;
  const dotted = dottedName(call.func);
  if (!LOOKUP_SUFFIXES.some((suffix) => endsWithSegment(dotted, suffix))) return null;
  const name = firstArgumentText(call);
  return name !== null && ENV_VARIABLE_NAME.test(name) ? name : null;
}

function calleeOf(call: CallExpr): Range {
  return { start: call.func.start, end: call.func.end };
}

/** The text of a call's first argument when it is a plain positional string literal. */
function firstArgumentText(call: CallExpr): string | null {
  const first = call.args[0];
  return first && first.name === null && first.star === '' ? literalText(first.value) : null;
}

/** The span that deletes argument `index` together with one separating comma. */
function argumentRemoval(args: readonly Argument[], index: number): Range | undefined {
  const argument = args[index]!;
  if (index > 0) return { start: args[index - 1]!.end, end: argument.end };
  const next = args[index + 1];
  return next ? { start: argument.start, end: next.start } : undefined;
}

function nearestAssignment(module: Module, name: string, statementOrder: number): Expr | null {
  const candidates = module.assignmentsOf(name);
  if (candidates.length === 0) return null;
  let best: { order: number; value: Expr } | null = null;
  for (const candidate of candidates) {
    if (candidate.order < statementOrder) best = candidate;
  }
  const chosen = best ?? candidates.find((candidate) => candidate.order > statementOrder);
  return chosen ? chosen.value : null;
}

function isFlaskApp(expression: Expr, module: Module): boolean {
  return expression.type === 'name' && (FLASK_APP_NAMES.test(expression.id) || module.flaskApps().has(expression.id));
}


