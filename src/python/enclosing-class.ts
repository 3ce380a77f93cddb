// The class whose body holds a key site, and what the rest of its module does
// with that class: the facts the engine needs to tell a configuration class for
// tests (`class TestingConfig(Config): TESTING = True`) from one production
// selects. KEY-SITES.md ("Enclosing class") is the specification. Indentation
// is read from the text; only class headers, `TESTING = ...` lines and lines
// that name the class are tokenized.
import type { ClassUse, EnclosingClass, Token } from '../types';
import { childExpressions, literalText, parseStatement, type Expr, type Statement } from './parse';
import { decodeStringTokens, splitStringToken } from './string-literal';
import { KIND_COMMENT, KIND_DEDENT, KIND_EOF, KIND_INDENT, KIND_NEWLINE, KIND_NL, type LogicalLines } from './tokenize';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Classes read per module at most: each costs a search of the module for its
 * name. A site in a class past the limit records none, and is judged as code.
 */
const MAX_CLASSES = 32;

/** The enclosing class of the statement at `offset`, for each site of one module; each class is read once. */
export function enclosingClasses(lines: LogicalLines): (offset: number) => EnclosingClass | undefined {
  const byHeader = new Map<number, EnclosingClass | undefined>();
  const blocks = new Map<number, Block>();
  return (offset) => {
    const header = classHeaderAbove(lines, lines.lineAt(offset), blocks);
    if (header < 0 || (!byHeader.has(header) && byHeader.size >= MAX_CLASSES)) return undefined;
    if (!byHeader.has(header)) byHeader.set(header, readClass(lines, header));
    return byHeader.get(header);
  };
}

/** A site's line: its indentation and the class header found for it (-1 for none). */
interface Block {
  column: number;
  header: number;
}

/**
 * The logical line of the `class` header whose body holds `line` (through
 * `if`/`try`/`with`/`for` blocks, not through a `def`), or -1. In valid Python
 * the nearest line above that is indented less opens the block a line is in.
 * `blocks` remembers the answer for each line asked about: a walk that meets
 * such a line at the same indentation has the same answer, so the sites of
 * one long class body are not each walked back to its header.
 */
function classHeaderAbove(lines: LogicalLines, line: number, blocks: Map<number, Block>): number {
  const head = codeStart(lines, line);
  if (head < 0) return -1;
  const own = columnOf(lines.text, head);
  const header = walkToClassHeader(lines, line, head, own, blocks);
  // A one-line class is its own line's answer, not that of the lines beside it.
  if (header !== line) blocks.set(line, { column: own, header });
  return header;
}

function walkToClassHeader(lines: LogicalLines, line: number, head: number, own: number, blocks: Map<number, Block>): number {
  // `class Config: SECRET_KEY = "k"`, all on one line.
  if (wordAt(lines.text, head) === 'class') return line;
  let indent = own;
  for (let above = line - 1; above >= 0 && indent > 0; above--) {
    const known = blocks.get(above);
    if (known?.column === indent) return known.header;
    const start = codeStart(lines, above);
    if (start < 0) continue;
    const column = columnOf(lines.text, start);
    if (column >= indent) continue;
    const word = wordAt(lines.text, start);
    if (word === 'class') return above;
    if (word === 'def' || word === 'async') return -1;
    indent = column;
  }
  return -1;
}

function readClass(lines: LogicalLines, header: number): EnclosingClass | undefined {
  const tokens = codeTokens(lines, header);
  const name = tokens[1];
  if (name?.kind !== 'name') return undefined;
  const body = bodyOf(lines, header);
  const testing = testingFlag(lines, header, body);
  return { name: name.text, ...(testing !== undefined ? { testing } : {}), uses: usesOf(lines, name.text, header, body.end) };
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
function usesOf(lines: LogicalLines, name: string, header: number, bodyEnd: number): ClassUse[] {
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
      const found = mention.kind === 'name' ? statements.map((statement) => useInStatement(statement, mention.start.offset)).find((use) => use !== null) : null;
      add(found ?? { as: 'other' });
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

function useInStatement(statement: Statement, offset: number): ClassUse | null {
  const expressions = statement.type === 'assign' ? [...statement.targets, statement.value] : statement.type === 'expressions' ? statement.expressions : [];
  for (const expression of expressions) {
    const use = useAt(expression, offset, null);
    if (use) return use;
  }
  return null;
}

/** The use of the name at `offset` inside `expression`; `key`: the literal key or keyword the expression is the value of. */
function useAt(expression: Expr, offset: number, key: string | null): ClassUse | null {
  if (offset < expression.start.offset || offset >= expression.end.offset) return null;
  switch (expression.type) {
    case 'name':
      return expression.start.offset === offset ? (key !== null ? { as: 'entry', key } : { as: 'other' }) : null;
    case 'paren':
      return useAt(expression.inner, offset, key);
    case 'dict':
      for (const entry of expression.entries) {
        const use = useAt(entry.value, offset, entry.key ? literalText(entry.key) : null) ?? (entry.key ? useAt(entry.key, offset, null) : null);
        if (use) return use;
      }
      return null;
    case 'call': {
      // `{"testing": TestingConfig()}`: an instance is mapped under the key as the class would be.
      const use = useAt(expression.func, offset, key);
      if (use) return use;
      for (const argument of expression.args) {
        const found = useAt(argument.value, offset, argument.star === '' ? argument.name : null);
        if (found) return found;
      }
      return null;
    }
    default:
      for (const child of childExpressions(expression)) {
        const use = useAt(child, offset, null);
        if (use) return use;
      }
      return null;
  }
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
