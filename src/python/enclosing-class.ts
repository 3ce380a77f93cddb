// The class whose body holds a key site, and what the rest of its module does
// with that class: the facts the engine needs to tell a configuration class for
// tests (`class TestingConfig(Config): TESTING = True`) from one production
// selects. KEY-SITES.md ("Enclosing class") is the specification. Indentation
// is read from the text; only class headers, `TESTING = ...` lines and lines
// that name the class are tokenized.
import type { ClassUse, Condition, EnclosingClass, Token } from '../types';
import { childExpressions, literalText, parseStatement, type Expr, type Statement } from './parse';
import { decodeStringTokens, splitStringToken } from './string-literal';
import { KIND_COMMENT, KIND_DEDENT, KIND_EOF, KIND_INDENT, KIND_NEWLINE, KIND_NL, type LogicalLines } from './tokenize';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Classes read per module at most: each costs a search of the module for its
 * name. A site in a class past the limit records none, and is judged as code.
 */
const MAX_CLASSES = 32;

/**
 * The class that holds both a site's statement and its literal (they differ
 * when the literal reaches the setting through a variable), for each site of
 * one module; each class is read once. A key in a module-level variable that a
 * class body reads is the module's, whatever else reads it.
 */
export function enclosingClasses(lines: LogicalLines): (statement: number, literal: number) => EnclosingClass | undefined {
  const byHeader = new Map<number, EnclosingClass | undefined>();
  const blocks = new Blocks(lines);
  return (statement, literal) => {
    const header = blocks.classHeaderOf(lines.lineAt(statement));
    if (header < 0 || blocks.classHeaderOf(lines.lineAt(literal)) !== header) return undefined;
    if (!byHeader.has(header) && byHeader.size >= MAX_CLASSES) return undefined;
    if (!byHeader.has(header)) byHeader.set(header, readClass(blocks, header));
    return byHeader.get(header);
  };
}

/**
 * Which block each logical line is in. In valid Python the nearest line above
 * a line that is indented less is the header of the block the line is in.
 * Each answer is kept: a walk that meets a line at its own indentation whose
 * answer is known has the same one, so the lines of one long block are not
 * each walked back to its header.
 */
class Blocks {
  private readonly parents = new Map<number, number>();

  constructor(readonly lines: LogicalLines) {}

  /** The header line of the block that holds `line`, or -1 at module level. */
  parentOf(line: number): number {
    const known = this.parents.get(line);
    if (known !== undefined) return known;
    const head = codeStart(this.lines, line);
    const indent = head < 0 ? 0 : columnOf(this.lines.text, head);
    let parent = -1;
    for (let above = line - 1; above >= 0 && indent > 0; above--) {
      const start = codeStart(this.lines, above);
      if (start < 0) continue;
      const column = columnOf(this.lines.text, start);
      if (column === indent && this.parents.has(above)) {
        parent = this.parents.get(above)!;
        break;
      }
      if (column < indent) {
        parent = above;
        break;
      }
    }
    this.parents.set(line, parent);
    return parent;
  }

  /** The first word of a logical line: `class`, `def`, `if`... */
  keywordOf(line: number): string {
    const start = codeStart(this.lines, line);
    return start < 0 ? '' : wordAt(this.lines.text, start);
  }

  /**
   * The `class` header whose body holds `line` (through `if`/`try`/`with`/`for`
   * blocks, not through a `def`), or -1. A one-line `class C: SECRET_KEY = "k"`
   * is its own.
   */
  classHeaderOf(line: number): number {
    if (this.keywordOf(line) === 'class') return line;
    for (let header = this.parentOf(line); header >= 0; header = this.parentOf(header)) {
      const keyword = this.keywordOf(header);
      if (keyword === 'class') return header;
      if (keyword === 'def' || keyword === 'async') return -1;
    }
    return -1;
  }
}

function readClass(blocks: Blocks, header: number): EnclosingClass | undefined {
  const lines = blocks.lines;
  const tokens = codeTokens(lines, header);
  const name = tokens[1];
  if (name?.kind !== 'name') return undefined;
  const body = bodyOf(lines, header);
  const testing = testingFlag(lines, header, body);
  return { name: name.text, ...(testing !== undefined ? { testing } : {}), uses: usesOf(blocks, name.text, header, body.end) };
}

interface Body {
  /** The first logical line after the body. */
  end: number;
  /** The column (0-based) of the body's statements, or -1 when the body is on the header's line. */
  indent: number;
}

function bodyOf(lines: LogicalLines, header: number): Body {
  const headerIndent = columnOf(lines.text, codeStart(lines, header));
  let indent = -1;
  let line = header + 1;
  for (; line < lines.count; line++) {
    const start = codeStart(lines, line);
    if (start < 0) continue;
    const column = columnOf(lines.text, start);
    if (column <= headerIndent) break;
    if (indent < 0) indent = column;
  }
  return { end: line, indent };
}

/** The last `TESTING = True` / `TESTING = False` at the level of the class body. */
function testingFlag(lines: LogicalLines, header: number, body: Body): boolean | undefined {
  let testing: boolean | undefined;
  for (const line of lines.linesMentioning('TESTING')) {
    if (line <= header || line >= body.end) continue;
    const start = codeStart(lines, line);
    if (columnOf(lines.text, start) !== body.indent || wordAt(lines.text, start) !== 'TESTING') continue;
    for (const statement of statementsOf(codeTokens(lines, line))) {
      if (statement.type !== 'assign' || statement.value.type !== 'name') continue;
      const flag = statement.value.id === 'True' ? true : statement.value.id === 'False' ? false : undefined;
      if (flag !== undefined && statement.targets.some((target) => target.type === 'name' && target.id === 'TESTING')) testing = flag;
    }
  }
  return testing;
}

/**
 * Mentions of a class read at most: a class named more often than this is
 * not taken for one only tests use, and reading each mention (a subclass's
 * body, say) would cost more than the rest of the module's analysis.
 */
const MAX_MENTIONS = 64;

/** How the module uses the class `name` outside its own header and body. */
function usesOf(blocks: Blocks, name: string, header: number, bodyEnd: number): ClassUse[] {
  const lines = blocks.lines;
  const uses: ClassUse[] = [];
  const seen = new Set<string>();
  const add = (use: ClassUse) => {
    const key = JSON.stringify(use);
    if (!seen.has(key)) uses.push(use);
    seen.add(key);
  };
  let mentioned = 0;
  for (const line of lines.linesMentioning(name)) {
    if (line >= header && line < bodyEnd) continue;
    const tokens = codeTokens(lines, line);
    const mentions = tokens.filter((token) => (token.kind === 'name' && token.text === name) || (token.kind === 'string' && namesClass(token, name)));
    if (mentions.length === 0) continue;
    if (++mentioned > MAX_MENTIONS) {
      add({ as: 'other' });
      break;
    }
    const subclass = tokens[0]?.kind === 'name' && tokens[0].text === 'class' ? tokens[1] : undefined;
    const statements = statementsOf(tokens);
    for (const mention of mentions) {
      if (subclass?.kind === 'name' && mention.kind === 'name' && mention.start.offset < headerEnd(tokens)) {
        const ofTesting = testingFlag(lines, line, bodyOf(lines, line));
        add({ as: 'base', of: subclass.text, ...(ofTesting !== undefined ? { ofTesting } : {}) });
        continue;
      }
      const conditionIn = (start: number, end: number) => conditionOf(tokens.filter((token) => token.start.offset >= start && token.end.offset <= end), false);
      const found = mention.kind === 'name' ? statements.map((statement) => useInStatement(statement, mention.start.offset, conditionIn)).find((use) => use !== null) : null;
      if (found?.as === 'base' || found?.as === 'entry') {
        add(found);
        continue;
      }
      const when = [...(found?.as === 'guarded' ? found.when : []), ...(mention.kind === 'name' ? blockConditions(blocks, line, tokens, mention) : [])];
      add(when.length > 0 ? { as: 'guarded', when } : { as: 'other' });
    }
  }
  return uses;
}

/** A string that names the class, as `from_object("config.TestingConfig")` does. */
function namesClass(token: Token, name: string): boolean {
  const value = decodeStringTokens([splitStringToken(token.text)]).value;
  return value === name || value.endsWith(`.${name}`) || value.endsWith(`:${name}`);
}

/** The offset just past a class header's `:`, at bracket depth 0. */
function headerEnd(tokens: readonly Token[]): number {
  let depth = 0;
  for (const token of tokens) {
    if (token.kind !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (token.text === ':' && depth === 0) return token.end.offset;
  }
  return Infinity;
}

/** The condition of the tokens between two offsets (inclusive of tokens wholly inside). */
type ConditionIn = (start: number, end: number) => Condition;

function useInStatement(statement: Statement, offset: number, conditionIn: ConditionIn): ClassUse | null {
  const expressions = statement.type === 'assign' ? [...statement.targets, statement.value] : statement.type === 'expressions' ? statement.expressions : [];
  for (const expression of expressions) {
    const use = useAt(expression, offset, { key: null, when: [], conditionIn });
    if (use) return use;
  }
  return null;
}

interface UseContext {
  /** The literal key or keyword the expression is the value of. */
  key: string | null;
  /** The conditional expressions it is a branch of, innermost first. */
  when: Condition[];
  conditionIn: ConditionIn;
}

/** The use of the name at `offset` inside `expression`. */
function useAt(expression: Expr, offset: number, context: UseContext): ClassUse | null {
  if (offset < expression.start.offset || offset >= expression.end.offset) return null;
  const within = (child: Expr, changes: Partial<UseContext> = {}) => useAt(child, offset, { ...context, key: null, ...changes });
  switch (expression.type) {
    case 'name':
      if (expression.start.offset !== offset) return null;
      if (context.key !== null) return { as: 'entry', key: context.key };
      return context.when.length > 0 ? { as: 'guarded', when: context.when } : { as: 'other' };
    case 'paren':
      return within(expression.inner, { key: context.key });
    case 'ifexp': {
      const test = context.conditionIn(expression.test.start.offset, expression.test.end.offset);
      return (
        within(expression.body, { key: context.key, when: [test, ...context.when] }) ??
        within(expression.orelse, { key: context.key, when: [{ ...test, negated: !test.negated }, ...context.when] }) ??
        within(expression.test)
      );
    }
    case 'dict':
      for (const entry of expression.entries) {
        const use = within(entry.value, { key: entry.key ? literalText(entry.key) : null }) ?? (entry.key ? within(entry.key) : null);
        if (use) return use;
      }
      return null;
    case 'call': {
      // `{"testing": TestingConfig()}`: an instance is mapped under the key as the class would be.
      const use = within(expression.func, { key: context.key });
      if (use) return use;
      for (const argument of expression.args) {
        const found = within(argument.value, { key: argument.star === '' ? argument.name : null });
        if (found) return found;
      }
      return null;
    }
    default:
      for (const child of childExpressions(expression)) {
        const use = within(child);
        if (use) return use;
      }
      return null;
  }
}

const CONDITION_KEYWORDS = new Set(['if', 'elif', 'and', 'or', 'not', 'is', 'in', 'None', 'True', 'False', 'lambda']);
const NEGATIONS = new Set(['not', '!=', 'False']);

function conditionOf(tokens: readonly Token[], negated: boolean): Condition {
  const reads: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'name' && !CONDITION_KEYWORDS.has(token.text)) reads.push(token.text);
    else if (token.kind === 'string') reads.push(decodeStringTokens([splitStringToken(token.text)]).value);
  }
  return {
    reads,
    negated: negated !== tokens.some((token) => NEGATIONS.has(token.text)),
    either: tokens.some((token) => token.kind === 'name' && token.text === 'or'),
  };
}

/**
 * The conditions of the `if`/`elif` blocks that hold a mention, innermost
 * first: the header on the mention's own line (`if TESTING: use(Name)`), then
 * those of the blocks around its line. An `else:` block says nothing (its
 * `if` is not among the blocks around it).
 */
function blockConditions(blocks: Blocks, line: number, tokens: readonly Token[], mention: Token): Condition[] {
  const conditions: Condition[] = [];
  const headerCondition = (header: readonly Token[], before: number) => {
    const keyword = header[0]?.text;
    const end = headerEnd(header);
    if ((keyword === 'if' || keyword === 'elif') && end <= before) conditions.push(conditionOf(header.filter((token) => token.end.offset < end), false));
  };
  headerCondition(tokens, mention.start.offset);
  for (let header = blocks.parentOf(line); header >= 0; header = blocks.parentOf(header)) {
    const keyword = blocks.keywordOf(header);
    if (keyword === 'if' || keyword === 'elif') headerCondition(codeTokens(blocks.lines, header), Infinity);
  }
  return conditions;
}

function statementsOf(tokens: Token[]): Statement[] {
  return parseStatement(tokens, 0, tokens.length);
}

function codeTokens(lines: LogicalLines, line: number): Token[] {
  const stream = lines.tokens(line);
  const tokens: Token[] = [];
  for (let index = 0; index < stream.count; index++) {
    const kind = stream.kinds[index]!;
    if (kind !== KIND_NEWLINE && kind !== KIND_NL && kind !== KIND_COMMENT && kind !== KIND_INDENT && kind !== KIND_DEDENT && kind !== KIND_EOF) tokens.push(stream.token(index));
  }
  return tokens;
}

/** Where a logical line's first token starts, or -1 for a line of blanks and comments only. */
function codeStart(lines: LogicalLines, line: number): number {
  const text = lines.text;
  const end = lines.starts[line + 1]!;
  for (let at = lines.starts[line]!; at < end; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x23) {
      // A comment runs to the end of its physical line.
      while (at + 1 < end && text.charCodeAt(at + 1) !== 0x0a && text.charCodeAt(at + 1) !== 0x0d) at++;
    } else if (char !== 0x20 && char !== 0x09 && char !== 0x0c && char !== 0x0a && char !== 0x0d && char !== 0x5c) {
      return at;
    }
  }
  return -1;
}

/** The 0-based column of `offset` on its physical line: its indentation, for a line's first token. */
function columnOf(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && text.charCodeAt(start - 1) !== 0x0a && text.charCodeAt(start - 1) !== 0x0d) start--;
  return offset - start;
}

function wordAt(text: string, offset: number): string {
  WORD.lastIndex = offset;
  return WORD.exec(text)?.[0] ?? '';
}
