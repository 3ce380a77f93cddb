// A small parser for the statements and expressions that can carry a key.
// It builds just enough of a tree (names, attributes, calls, literals,
// containers, `or`/`and`, conditionals) and keeps everything else as opaque
// `other` nodes whose children are still walked. It works one logical line at
// a time, so a line it cannot parse costs that line only.
// Grammar: Python Language Reference, chapters 6 (expressions) and 7-8 (statements).
import type { Position, Token } from '../types';
import { foldName } from './identifiers';
import { decodeStringTokens, hasReplacementField, splitStringToken } from './string-literal';

interface Span {
  start: Position;
  end: Position;
}

export interface StrExpr extends Span {
  type: 'str';
  tokens: Token[];
  /** An f-string (or t-string) takes part: the value is computed, not a constant. */
  dynamic: boolean;
}
/** Names are NFKC-normalised as Python reads them (identifiers.ts); `written` keeps the file's spelling when that differs. */
export interface NameExpr extends Span {
  type: 'name';
  id: string;
  written?: string;
}
export interface AttrExpr extends Span {
  type: 'attr';
  value: Expr;
  attr: string;
  written?: string;
}
export interface SubscriptExpr extends Span {
  type: 'subscript';
  value: Expr;
  index: Expr;
}
export interface Argument extends Span {
  /** Keyword name (NFKC-normalised, as `NameExpr.id`), or null for positional arguments. */
  name: string | null;
  written?: string;
  star: '' | '*' | '**';
  value: Expr;
}
export interface CallExpr extends Span {
  type: 'call';
  func: Expr;
  args: Argument[];
}
export interface SequenceExpr extends Span {
  type: 'tuple' | 'list' | 'set';
  elements: Expr[];
}
export interface DictExpr extends Span {
  type: 'dict';
  entries: { key: Expr | null; value: Expr }[];
}
export interface BoolExpr extends Span {
  type: 'boolop';
  op: 'or' | 'and';
  values: Expr[];
}
export interface IfExpr extends Span {
  type: 'ifexp';
  body: Expr;
  test: Expr;
  orelse: Expr;
}
export interface BinExpr extends Span {
  type: 'binop';
  op: string;
  left: Expr;
  right: Expr;
}
/** `target := value` (PEP 572). */
export interface NamedExpr extends Span {
  type: 'named';
  target: Expr;
  value: Expr;
}
export interface ParenExpr extends Span {
  type: 'paren';
  inner: Expr;
}
/** A number literal, as written. */
export interface NumberExpr extends Span {
  type: 'number';
  text: string;
}
/** Anything else (comparisons, lambdas, comprehensions...): only its children matter. */
export interface OtherExpr extends Span {
  type: 'other';
  children: Expr[];
}

export type Expr =
  | StrExpr
  | NameExpr
  | AttrExpr
  | SubscriptExpr
  | CallExpr
  | SequenceExpr
  | DictExpr
  | BoolExpr
  | IfExpr
  | BinExpr
  | NamedExpr
  | NumberExpr
  | ParenExpr
  | OtherExpr;

export type Statement =
  | (Span & { type: 'assign'; targets: Expr[]; value: Expr })
  /** `augmented`: the operator of `target op= value`, whose expressions are [target, value]. */
  | (Span & { type: 'expressions'; expressions: Expr[]; augmented?: string })
  | (Span & { type: 'import'; modules: string[]; bindings: ImportBinding[] });

/**
 * A name an import statement binds: `import a.b as c` binds c to module a.b
 * (`import a.b` binds a to a); `from .m import K as S` binds S to K of module
 * .m (leading dots kept: a relative import). `*` binds nothing listed here.
 */
export interface ImportBinding {
  module: string;
  /** The name taken from the module (`from m import name`); null for `import m`. */
  name: string | null;
  bound: string;
}

/** Thrown and caught for every statement that does not parse: built without a stack trace, which would cost more than the parse. */
class ParseFailure extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/**
 * Nesting deeper than a real settings module goes: the statement is then treated
 * as unparseable rather than overflowing the stack, here or in whatever walks the
 * tree. CPython's own tokenizer stops at 200 nested brackets (MAXLEVEL); each
 * bracket costs about four of these recursion levels.
 */
class TooDeep extends ParseFailure {}
const MAX_RECURSION = 1000;
const MAX_TREE_DEPTH = 1000;
/** Failed attempts in looseExpressions may read this many times the statement's tokens, then it gives up. */
const RETRY_READ_FACTOR = 8;

const COMPOUND_HEADERS = new Set(['if', 'elif', 'while', 'for', 'with', 'except', 'async', 'else', 'try', 'finally']);
const SKIPPED_HEADERS = new Set(['def', 'class']);
const EXPRESSION_KEYWORDS = new Set(['return', 'yield', 'assert', 'raise', 'del', 'print', 'exec', 'await', 'global', 'nonlocal', 'pass', 'break', 'continue', 'lambda', 'type']);
const NOT_AN_ATOM = new Set([
  'if', 'else', 'elif', 'for', 'in', 'is', 'and', 'or', 'not', 'lambda', 'import', 'from', 'as', 'def', 'class',
  'return', 'while', 'with', 'try', 'except', 'finally', 'raise', 'del', 'global', 'nonlocal', 'assert', 'pass',
  'break', 'continue', 'yield',
]);
const AUGMENTED = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '@=', '&=', '|=', '^=', '>>=', '<<=', '**=']);
const COMPARISONS = new Set(['<', '>', '==', '>=', '<=', '!=', '<>']);
const BINARY_PRECEDENCE: Record<string, number> = {
  '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6, '/': 6, '//': 6, '%': 6, '@': 6,
};

class Parser {
  private index: number;
  private recursion = 0;

  constructor(
    private readonly tokens: readonly Token[],
    start: number,
    private readonly limit: number,
  ) {
    this.index = start;
  }

  get position(): number {
    return this.index;
  }

  atEnd(): boolean {
    return this.index >= this.limit;
  }

  peek(ahead = 0): Token | undefined {
    const at = this.index + ahead;
    return at < this.limit ? this.tokens[at] : undefined;
  }

  isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token?.kind === 'op' && token.text === text;
  }

  isKeyword(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token?.kind === 'name' && token.text === text;
  }

  next(): Token {
    const token = this.peek();
    if (!token) throw new ParseFailure('unexpected end');
    this.index++;
    return token;
  }

  expectOp(text: string): Token {
    if (!this.isOp(text)) throw new ParseFailure(`expected ${text}`);
    return this.next();
  }

  /** Counts one level of recursion; a failure abandons the parser, so only returns count down. */
  private enter(): void {
    if (++this.recursion > MAX_RECURSION) throw new TooDeep('nested too deeply');
  }

  previousEnd(): Position {
    return this.tokens[this.index - 1]!.end;
  }

  /** testlist_star_expr: a, *b, c  (a tuple when there is a comma) */
  expressionList(): Expr {
    const first = this.starOrTest();
    if (!this.isOp(',')) return first;
    const elements = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.atEnd() || this.isOp('=') || this.isOp(')') || this.isOp(':') || this.isOp(']') || this.isOp('}') || AUGMENTED.has(this.peek()!.text)) break;
      elements.push(this.starOrTest());
    }
    return { type: 'tuple', elements, start: first.start, end: this.previousEnd() };
  }

  starOrTest(): Expr {
    if (this.isOp('*') || this.isOp('**')) {
      const star = this.next();
      const value = this.orExpression();
      return { type: 'other', children: [value], start: star.start, end: value.end };
    }
    if (this.isKeyword('yield')) {
      const keyword = this.next();
      if (this.isKeyword('from')) this.next();
      const value = this.atEnd() || this.isOp(')') || this.isOp('=') ? null : this.expressionList();
      return { type: 'other', children: value ? [value] : [], start: keyword.start, end: this.previousEnd() };
    }
    return this.test();
  }

  test(): Expr {
    this.enter();
    const expression = this.testLevel();
    this.recursion--;
    return expression;
  }

  private testLevel(): Expr {
    if (this.isKeyword('lambda')) return this.lambda();
    const body = this.orTest();
    if (this.isOp(':=')) {
      this.next();
      const value = this.test();
      return { type: 'named', target: body, value, start: body.start, end: value.end };
    }
    if (!this.isKeyword('if')) return body;
    this.next();
    const test = this.orTest();
    if (!this.isKeyword('else')) throw new ParseFailure('expected else');
    this.next();
    const orelse = this.test();
    return { type: 'ifexp', body, test, orelse, start: body.start, end: orelse.end };
  }

  lambda(): Expr {
    const keyword = this.next();
    let depth = 0;
    while (!this.atEnd() && !(depth === 0 && this.isOp(':'))) {
      const token = this.next();
      if (token.kind === 'op' && '([{'.includes(token.text)) depth++;
      if (token.kind === 'op' && ')]}'.includes(token.text)) depth--;
    }
    this.expectOp(':');
    const body = this.test();
    return { type: 'other', children: [body], start: keyword.start, end: body.end };
  }

  orTest(): Expr {
    return this.booleanChain('or', () => this.andTest());
  }

  andTest(): Expr {
    return this.booleanChain('and', () => this.notTest());
  }

  booleanChain(op: 'or' | 'and', operand: () => Expr): Expr {
    const first = operand();
    if (!this.isKeyword(op)) return first;
    const values = [first];
    while (this.isKeyword(op)) {
      this.next();
      values.push(operand());
    }
    return { type: 'boolop', op, values, start: first.start, end: values[values.length - 1]!.end };
  }

  notTest(): Expr {
    this.enter();
    const expression = this.notTestLevel();
    this.recursion--;
    return expression;
  }

  private notTestLevel(): Expr {
    if (!this.isKeyword('not')) return this.comparison();
    const keyword = this.next();
    const operand = this.notTest();
    return { type: 'other', children: [operand], start: keyword.start, end: operand.end };
  }

  comparison(): Expr {
    const first = this.orExpression();
    const children = [first];
    for (;;) {
      const token = this.peek();
      if (token?.kind === 'op' && COMPARISONS.has(token.text)) this.next();
      else if (this.isKeyword('in') || this.isKeyword('is')) {
        this.next();
        if (this.isKeyword('not')) this.next();
      } else if (this.isKeyword('not') && this.isKeyword('in', 1)) {
        this.next();
        this.next();
      } else break;
      children.push(this.orExpression());
    }
    if (children.length === 1) return first;
    return { type: 'other', children, start: first.start, end: children[children.length - 1]!.end };
  }

  /** Binary operators from | down to * (precedence climbing). */
  orExpression(minimum = 1): Expr {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      const precedence = token?.kind === 'op' ? BINARY_PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      this.next();
      const right = this.orExpression(precedence + 1);
      left = { type: 'binop', op: token!.text, left, right, start: left.start, end: right.end };
    }
  }

  unary(): Expr {
    this.enter();
    const expression = this.unaryLevel();
    this.recursion--;
    return expression;
  }

  private unaryLevel(): Expr {
    if (this.isOp('-') || this.isOp('+') || this.isOp('~') || this.isKeyword('await')) {
      const operator = this.next();
      const operand = this.unary();
      return { type: 'other', children: [operand], start: operator.start, end: operand.end };
    }
    const base = this.primary();
    if (!this.isOp('**')) return base;
    this.next();
    const exponent = this.unary();
    return { type: 'other', children: [base, exponent], start: base.start, end: exponent.end };
  }

  primary(): Expr {
    let expression = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'name') throw new ParseFailure('expected a name after .');
        expression = { type: 'attr', value: expression, attr: foldName(name.text), ...writtenIfFolded(name.text), start: expression.start, end: name.end };
      } else if (this.isOp('(')) {
        this.next();
        const args = this.callArguments();
        const close = this.expectOp(')');
        expression = { type: 'call', func: expression, args, start: expression.start, end: close.end };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.subscriptList();
        const close = this.expectOp(']');
        expression = { type: 'subscript', value: expression, index, start: expression.start, end: close.end };
      } else return expression;
    }
  }

  callArguments(): Argument[] {
    const args: Argument[] = [];
    while (!this.isOp(')')) {
      const start = this.peek();
      if (!start) throw new ParseFailure('unclosed call');
      if (this.isOp('*') || this.isOp('**')) {
        const star = this.next().text as '*' | '**';
        const value = this.test();
        args.push({ name: null, star, value, start: start.start, end: value.end });
      } else if (start.kind === 'name' && this.isOp('=', 1)) {
        this.next();
        this.next();
        const value = this.test();
        args.push({ name: foldName(start.text), ...writtenIfFolded(start.text), star: '', value, start: start.start, end: value.end });
      } else {
        let value = this.test();
        if (this.isKeyword('for') || (this.isKeyword('async') && this.isKeyword('for', 1))) value = this.comprehension(value);
        args.push({ name: null, star: '', value, start: start.start, end: value.end });
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    return args;
  }

  subscriptList(): Expr {
    const start = this.peek();
    if (!start) throw new ParseFailure('unclosed subscript');
    const items: Expr[] = [];
    let simple = true;
    while (!this.isOp(']')) {
      if (this.isOp(':')) {
        simple = false;
        this.next();
      } else {
        items.push(this.starOrTest());
        if (this.isOp(':')) simple = false;
      }
      if (this.isOp(',')) {
        simple = false;
        this.next();
      }
      if (this.atEnd()) throw new ParseFailure('unclosed subscript');
    }
    if (simple && items.length === 1) return items[0]!;
    return { type: 'other', children: items, start: start.start, end: this.previousEnd() };
  }

  comprehension(element: Expr): Expr {
    const children = [element];
    while (this.isKeyword('for') || this.isKeyword('async') || this.isKeyword('if')) {
      if (this.isKeyword('async')) this.next();
      if (this.isKeyword('if')) {
        this.next();
        children.push(this.orTestNoConditional());
        continue;
      }
      this.next();
      children.push(this.targetList());
      if (!this.isKeyword('in')) throw new ParseFailure('expected in');
      this.next();
      children.push(this.orTestNoConditional());
    }
    return { type: 'other', children, start: element.start, end: this.previousEnd() };
  }

  orTestNoConditional(): Expr {
    if (this.isKeyword('lambda')) return this.lambda();
    return this.orTest();
  }

  targetList(): Expr {
    const first = this.starOrExpression();
    const elements = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isKeyword('in')) break;
      elements.push(this.starOrExpression());
    }
    return elements.length === 1 ? first : { type: 'tuple', elements, start: first.start, end: this.previousEnd() };
  }

  starOrExpression(): Expr {
    if (this.isOp('*')) this.next();
    return this.orExpression();
  }

  atom(): Expr {
    this.enter();
    const expression = this.atomLevel();
    this.recursion--;
    return expression;
  }

  private atomLevel(): Expr {
    const token = this.peek();
    if (!token) throw new ParseFailure('expected an expression');
    if (token.kind === 'string') {
      const tokens: Token[] = [];
      while (this.peek()?.kind === 'string') tokens.push(this.next());
      const dynamic = tokens.some((part) => hasReplacementField(part.text));
      return { type: 'str', tokens, dynamic, start: tokens[0]!.start, end: tokens[tokens.length - 1]!.end };
    }
    if (token.kind === 'name') {
      if (NOT_AN_ATOM.has(token.text)) throw new ParseFailure(`unexpected ${token.text}`);
      this.next();
      return { type: 'name', id: foldName(token.text), ...writtenIfFolded(token.text), start: token.start, end: token.end };
    }
    if (token.kind === 'number') {
      this.next();
      return { type: 'number', text: token.text, start: token.start, end: token.end };
    }
    if (token.kind === 'op' && token.text === '...') {
      this.next();
      return { type: 'other', children: [], start: token.start, end: token.end };
    }
    if (token.kind !== 'op') throw new ParseFailure('unexpected token');
    if (token.text === '(') return this.parenthesized();
    if (token.text === '[') return this.listDisplay();
    if (token.text === '{') return this.braceDisplay();
    throw new ParseFailure(`unexpected ${token.text}`);
  }

  parenthesized(): Expr {
    const open = this.next();
    if (this.isOp(')')) {
      const close = this.next();
      return { type: 'tuple', elements: [], start: open.start, end: close.end };
    }
    const first = this.starOrTest();
    if (this.isKeyword('for') || this.isKeyword('async')) {
      const generator = this.comprehension(first);
      const close = this.expectOp(')');
      return { type: 'other', children: [generator], start: open.start, end: close.end };
    }
    if (!this.isOp(',')) {
      const close = this.expectOp(')');
      return { type: 'paren', inner: first, start: open.start, end: close.end };
    }
    const elements = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      elements.push(this.starOrTest());
    }
    const close = this.expectOp(')');
    return { type: 'tuple', elements, start: open.start, end: close.end };
  }

  listDisplay(): Expr {
    const open = this.next();
    const elements: Expr[] = [];
    while (!this.isOp(']')) {
      const element = this.starOrTest();
      if (this.isKeyword('for') || this.isKeyword('async')) {
        const comprehension = this.comprehension(element);
        const close = this.expectOp(']');
        return { type: 'other', children: [comprehension], start: open.start, end: close.end };
      }
      elements.push(element);
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(']');
    return { type: 'list', elements, start: open.start, end: close.end };
  }

  braceDisplay(): Expr {
    const open = this.next();
    const entries: { key: Expr | null; value: Expr }[] = [];
    const elements: Expr[] = [];
    let isDict = this.isOp('}');
    while (!this.isOp('}')) {
      if (this.isOp('**')) {
        this.next();
        isDict = true;
        entries.push({ key: null, value: this.orExpression() });
      } else {
        const first = this.starOrTest();
        if (this.isOp(':')) {
          this.next();
          isDict = true;
          const value = this.test();
          if (this.isKeyword('for') || this.isKeyword('async')) {
            const comprehension = this.comprehension(value);
            const close = this.expectOp('}');
            return { type: 'other', children: [first, comprehension], start: open.start, end: close.end };
          }
          entries.push({ key: first, value });
        } else if (this.isKeyword('for') || this.isKeyword('async')) {
          const comprehension = this.comprehension(first);
          const close = this.expectOp('}');
          return { type: 'other', children: [comprehension], start: open.start, end: close.end };
        } else {
          elements.push(first);
        }
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp('}');
    if (isDict) return { type: 'dict', entries, start: open.start, end: close.end };
    return { type: 'set', elements, start: open.start, end: close.end };
  }
}

/** `{ written }` for a name NFKC changes, for the nodes that keep the file's spelling. */
function writtenIfFolded(text: string): { written?: string } {
  return foldName(text) === text ? {} : { written: text };
}

/** Index of the `:` that ends a compound statement's header, or -1. */
function headerColon(tokens: readonly Token[], start: number, limit: number): number {
  let depth = 0;
  let lambdas = 0;
  for (let index = start; index < limit; index++) {
    const token = tokens[index]!;
    if (token.kind === 'name' && token.text === 'lambda') lambdas++;
    if (token.kind !== 'op') continue;
    if ('([{'.includes(token.text)) depth++;
    else if (')]}'.includes(token.text)) depth--;
    else if (token.text === ':' && depth === 0) {
      if (lambdas > 0) lambdas--;
      else return index;
    }
  }
  return -1;
}

/** Every expression that parses in tokens[start, limit), skipping what does not: for walking calls and dicts. */
function looseExpressions(tokens: readonly Token[], start: number, limit: number): Expr[] {
  const expressions: Expr[] = [];
  let index = start;
  // Retrying after each token is quadratic when every attempt reads to the end
  // (`lambda lambda ...`, unclosed brackets): past a budget, give the rest up.
  let retryBudget = RETRY_READ_FACTOR * (limit - start) + 1000;
  while (index < limit) {
    const parser = new Parser(tokens, index, limit);
    try {
      const expression = parser.expressionList();
      if (treeDepthExceeds(expression, MAX_TREE_DEPTH)) break;
      expressions.push(expression);
      index = Math.max(parser.position, index + 1);
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      retryBudget -= parser.position - index + 1;
      if (error instanceof TooDeep || retryBudget < 0) break;
      index++;
    }
  }
  return expressions;
}

/** Whether the tree under `root` is deeper than `limit`, found without recursion. */
function treeDepthExceeds(root: Expr, limit: number): boolean {
  const stack: [Expr, number][] = [[root, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [expression, depth] = item;
    if (depth > limit) return true;
    for (const child of childExpressions(expression)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The direct sub-expressions of a node, for walks over the tree. */
export function childExpressions(expression: Expr): Expr[] {
  switch (expression.type) {
    case 'attr':
      return [expression.value];
    case 'subscript':
      return [expression.value, expression.index];
    case 'call':
      return [expression.func, ...expression.args.map((argument) => argument.value)];
    case 'tuple':
    case 'list':
    case 'set':
      return expression.elements;
    case 'dict':
      return expression.entries.flatMap((entry) => (entry.key ? [entry.key, entry.value] : [entry.value]));
    case 'boolop':
      return expression.values;
    case 'ifexp':
      return [expression.body, expression.test, expression.orelse];
    case 'binop':
      return [expression.left, expression.right];
    case 'named':
      return [expression.target, expression.value];
    case 'paren':
      return [expression.inner];
    case 'other':
      return expression.children;
    default:
      return [];
  }
}

export function unparen(expression: Expr): Expr {
  return expression.type === 'paren' ? unparen(expression.inner) : expression;
}

/** The string value of a plain literal expression, for names used as keys (`"SECRET_KEY"`). */
export function literalText(expression: Expr): string | null {
  const literal = unparen(expression);
  if (literal.type !== 'str' || literal.dynamic) return null;
  return decodeStringTokens(literal.tokens.map((token) => splitStringToken(token.text))).value;
}

function statementTooDeep(statement: Statement): boolean {
  if (statement.type === 'assign') return [...statement.targets, statement.value].some((expression) => treeDepthExceeds(expression, MAX_TREE_DEPTH));
  if (statement.type === 'expressions') return statement.expressions.some((expression) => treeDepthExceeds(expression, MAX_TREE_DEPTH));
  return false;
}

function spanOf(tokens: readonly Token[], start: number, limit: number): Span {
  return { start: tokens[start]!.start, end: tokens[limit - 1]!.end };
}

/** Parses one simple or compound statement in tokens[start, limit) (no newline/comment tokens). */
export function parseStatement(tokens: readonly Token[], start: number, limit: number): Statement[] {
  // `if x: else: ... y = 1` on one line: each header in turn, without recursing once per header.
  const headers: Statement[] = [];
  for (;;) {
    const first = tokens[start];
    if (start >= limit || first?.kind !== 'name' || !(COMPOUND_HEADERS.has(first.text) || SKIPPED_HEADERS.has(first.text))) break;
    const colon = headerColon(tokens, start + 1, limit);
    if (colon < 0) break;
    if (!SKIPPED_HEADERS.has(first.text)) {
      headers.push({ type: 'expressions', expressions: looseExpressions(tokens, start + 1, colon), ...spanOf(tokens, start, colon + 1) });
    }
    start = colon + 1;
  }
  const body = parseSimpleStatement(tokens, start, limit);
  return headers.length === 0 ? body : [...headers, ...body];
}

/**
 * Most prefixes of a commented-out statement that are tried: the last ones that
 * end at a string literal (KEY-SITES.md, "Comments").
 */
const MAX_COMMENT_PREFIXES = 16;

/**
 * A statement in a comment's text. As parseStatement, except that a simple
 * statement that does not parse because free text follows the value
 * (`SECRET_KEY = "..." rotated 2021`) is read up to the end of a string
 * literal: the longest such prefix that parses as an assignment.
 */
export function parseCommentedStatement(tokens: readonly Token[], start: number, limit: number): Statement[] {
  const first = tokens[start];
  if (first?.kind === 'name' && (COMPOUND_HEADERS.has(first.text) || SKIPPED_HEADERS.has(first.text))) return parseStatement(tokens, start, limit);
  const whole = parseSimpleStatementStrictly(tokens, start, limit);
  if (whole) return whole;
  let tried = 0;
  for (let end = limit - 1; end > start && tried < MAX_COMMENT_PREFIXES; end--) {
    if (tokens[end - 1]!.kind !== 'string') continue;
    tried++;
    const prefix = parseSimpleStatementStrictly(tokens, start, end);
    if (prefix?.length === 1 && prefix[0]!.type === 'assign') return prefix;
  }
  return recover(tokens, start, limit);
}

/**
 * Whether tokens[start, limit), one line read alone, parses as Python would
 * parse it: simple statements separated by `;` (a last one may be empty), no
 * decorator without its definition, no Python 2 `print x`.
 */
export function parsesAsSimpleStatements(tokens: readonly Token[], start: number, limit: number): boolean {
  if (start >= limit) return true;
  let pieceStart = start;
  let depth = 0;
  for (let index = start; index <= limit; index++) {
    if (index < limit) {
      const token = tokens[index]!;
      if (token.kind !== 'op') continue;
      if ('([{'.includes(token.text)) depth++;
      else if (')]}'.includes(token.text)) depth--;
      if (token.text !== ';' || depth !== 0) continue;
    }
    // `x = 1;` parses, `;;` does not.
    const empty = pieceStart === index;
    if (empty ? index < limit : !parsesAsOneSimpleStatement(tokens, pieceStart, index)) return false;
    pieceStart = index + 1;
  }
  return true;
}

function parsesAsOneSimpleStatement(tokens: readonly Token[], start: number, limit: number): boolean {
  const first = tokens[start]!;
  if (first.kind === 'op' && first.text === '@') return false;
  const next = tokens[start + 1];
  const keywordStatement = first.kind === 'name' && EXPRESSION_KEYWORDS.has(first.text) && start + 1 < limit && !(next!.kind === 'op' && ['=', '.', '(', '[', ':'].includes(next!.text));
  if (keywordStatement && PYTHON2_STATEMENTS.has(first.text)) return false;
  return parseSimpleStatementStrictly(tokens, start, limit) !== null;
}

const PYTHON2_STATEMENTS = new Set(['print', 'exec']);

/** What `import ...` or `from ... import ...` over tokens [start, limit) binds; a statement it cannot read binds nothing. */
function importBindings(tokens: readonly Token[], start: number, limit: number): ImportBinding[] {
  const texts = tokens.slice(start, limit).filter((token) => token.text !== '(' && token.text !== ')').map((token) => token.text);
  const bindings: ImportBinding[] = [];
  const dotted = /^\.*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$|^\.+$/;
  const clauses = (from: number): string[][] => {
    const list: string[][] = [[]];
    for (const text of texts.slice(from)) {
      if (text === ',') list.push([]);
      else list[list.length - 1]!.push(text);
    }
    return list.filter((clause) => clause.length > 0);
  };
  // A clause: NAME (. NAME)* [as NAME], its dots and names as separate tokens.
  const readClause = (clause: string[]): { name: string; bound: string | null } | null => {
    const asAt = clause.indexOf('as');
    const name = (asAt < 0 ? clause : clause.slice(0, asAt)).join('');
    const bound = asAt < 0 ? null : (clause[asAt + 1] ?? null);
    return dotted.test(name) && (asAt < 0 || (clause.length === asAt + 2 && bound !== null && /^[A-Za-z_]\w*$/.test(bound))) ? { name, bound } : null;
  };
  if (texts[0] === 'import') {
    for (const clause of clauses(1)) {
      const read = readClause(clause);
      if (read && !read.name.startsWith('.')) bindings.push({ module: read.name, name: null, bound: read.bound ?? read.name.split('.')[0]! });
    }
    return bindings;
  }
  const importAt = texts.indexOf('import');
  const module = texts.slice(1, importAt).join('');
  if (importAt < 0 || !dotted.test(module)) return bindings;
  for (const clause of clauses(importAt + 1)) {
    const read = readClause(clause);
    if (read && !read.name.includes('.')) bindings.push({ module, name: read.name, bound: read.bound ?? read.name });
  }
  return bindings;
}

function parseSimpleStatement(tokens: readonly Token[], start: number, limit: number): Statement[] {
  return parseSimpleStatementStrictly(tokens, start, limit) ?? recover(tokens, start, limit);
}

/** A simple statement that parses as a whole, or null. */
function parseSimpleStatementStrictly(tokens: readonly Token[], start: number, limit: number): Statement[] | null {
  if (start >= limit) return [];
  const first = tokens[start]!;
  const span = spanOf(tokens, start, limit);
  if (first.kind === 'name' && (first.text === 'import' || first.text === 'from')) {
    const modules: string[] = [];
    for (let index = start + 1; index < limit; index++) {
      const token = tokens[index]!;
      if (token.kind === 'name' && token.text !== 'import' && token.text !== 'as') modules.push(token.text);
      if (first.text === 'from' && token.text === 'import') break;
    }
    return [{ type: 'import', modules, bindings: importBindings(tokens, start, limit), ...span }];
  }
  if (first.kind === 'op' && first.text === '@') {
    return [{ type: 'expressions', expressions: looseExpressions(tokens, start + 1, limit), ...span }];
  }
  if (first.kind === 'name' && EXPRESSION_KEYWORDS.has(first.text) && !(tokens[start + 1]?.kind === 'op' && ['=', '.', '(', '[', ':'].includes(tokens[start + 1]!.text))) {
    return [{ type: 'expressions', expressions: looseExpressions(tokens, start + 1, limit), ...span }];
  }
  const parser = new Parser(tokens, start, limit);
  try {
    const head = parser.expressionList();
    if (treeDepthExceeds(head, MAX_TREE_DEPTH)) throw new TooDeep('nested too deeply');
    if (parser.atEnd()) return [{ type: 'expressions', expressions: [head], ...span }];
    if (parser.isOp('=')) {
      // a = b = value: every part but the last is a target.
      const parts: Expr[] = [head];
      while (parser.isOp('=')) {
        parser.next();
        parts.push(parser.isKeyword('yield') ? parser.starOrTest() : parser.expressionList());
      }
      if (!parser.atEnd()) throw new ParseFailure('trailing tokens');
      const value = parts.pop()!;
      const assignment: Statement = { type: 'assign', targets: parts, value, ...span };
      if (statementTooDeep(assignment)) throw new TooDeep('nested too deeply');
      return [assignment];
    }
    if (parser.isOp(':')) {
      parser.next();
      const annotation = parser.test();
      if (treeDepthExceeds(annotation, MAX_TREE_DEPTH)) throw new TooDeep('nested too deeply');
      if (parser.atEnd()) return [{ type: 'expressions', expressions: [head, annotation], ...span }];
      parser.expectOp('=');
      const value = parser.expressionList();
      if (!parser.atEnd()) throw new ParseFailure('trailing tokens');
      if (treeDepthExceeds(value, MAX_TREE_DEPTH)) throw new TooDeep('nested too deeply');
      return [{ type: 'assign', targets: [head], value, ...span }];
    }
    const operator = parser.peek()!;
    if (operator.kind === 'op' && AUGMENTED.has(operator.text)) {
      parser.next();
      const value = parser.expressionList();
      if (!parser.atEnd()) throw new ParseFailure('trailing tokens');
      if (treeDepthExceeds(value, MAX_TREE_DEPTH)) throw new TooDeep('nested too deeply');
      return [{ type: 'expressions', expressions: [head, value], augmented: operator.text, ...span }];
    }
    throw new ParseFailure('trailing tokens');
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    return null;
  }
}

/**
 * A statement that does not parse (a Python 2 print, an unclosed bracket
 * swallowing the following lines): retry each chunk that starts a physical
 * line at column 1, else walk whatever expressions parse.
 */
function recover(tokens: readonly Token[], start: number, limit: number): Statement[] {
  const chunkStarts: number[] = [];
  for (let index = start + 1; index < limit; index++) {
    const token = tokens[index]!;
    if (token.start.column === 1 && token.start.line > tokens[index - 1]!.end.line) chunkStarts.push(index);
  }
  if (chunkStarts.length === 0) {
    return [{ type: 'expressions', expressions: looseExpressions(tokens, start, limit), ...spanOf(tokens, start, limit) }];
  }
  const bounds = [start, ...chunkStarts, limit];
  const statements: Statement[] = [];
  for (let chunk = 0; chunk + 1 < bounds.length; chunk++) {
    statements.push(...parseStatement(tokens, bounds[chunk]!, bounds[chunk + 1]!));
  }
  return statements;
}
