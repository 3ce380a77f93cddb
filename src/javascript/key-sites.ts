// Key sites in JavaScript and TypeScript: the Node equivalents of a hardcoded
// SECRET_KEY. Parsed with @babel/parser, which is loaded only when a JS/TS file
// passes the byte prefilter (it stays out of the bundle: the hook must not pay
// for it on a Python-only commit).
//
// Sinks: `secret`/`keys` options of session middleware (express-session,
// cookie-session, fastify's register), `password` of iron-session, cookieParser(s),
// jwt.sign(p, s) / jwt.verify(t, s), NextAuth/Auth.js options (`secret` beside
// `providers`), Koa's `app.keys = [...]`; the value is a literal, an array or
// conditional of literals, or a `const NAME = literal` one hop away. Anywhere:
// `process.env.X || 'lit'` / `?? 'lit'` and `const { X = 'lit' } = process.env`
// when X names a secret.
import { lineStartsOf, positionAt } from '../text/positions';
import type { KeySite, Range, SiteForm } from '../types';

// `process.env.X || 'lit'`, `?? 'lit'`, `{ X = 'lit' }`: the operator and white space, nothing else.
const PLAIN_FALLBACK = /^\s*(?:\|\||\?\?|=)\s*$/;

type BabelParser = typeof import('@babel/parser');

/** The few fields of a Babel AST node read here. */
interface AstNode {
  type: string;
  start?: number | null;
  end?: number | null;
  [field: string]: unknown;
}

const SESSION_CALL = /session|auth/i;
const IRON_SESSION_CALL = /ironsession|sealdata/i;
const JWT_OBJECT = /^(?:jwt|jsonwebtoken|JWT|jsonWebToken|jwtLib)$/;
const SECRET_ENV_NAME = /SECRET/i;
const MAX_RECOVERIES = 25;
const TRANSPARENT = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'ParenthesizedExpression', 'TSTypeAssertion']);
const SKIPPED_FIELDS = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range', 'errors', 'comments', 'tokens']);

export function isJavaScriptPath(path: string): boolean {
  return /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/i.test(path) && !/\.d\.[cm]?ts$/i.test(path);
}

/** Sites of one JS/TS file; never throws. `secretNames` are setting names whose env fallbacks count too. */
export function extractJavaScriptSites(path: string, text: string, secretNames: readonly string[] = []): KeySite[] {
  const parsed = parseWithRecovery(path, text);
  if (!parsed) return [];
  return new SiteFinder(text, new Set(secretNames), parsed.clean).find(parsed.program);
}

/**
 * errorRecovery keeps going past most errors; for the ones Babel cannot recover
 * from, the offending line is blanked (same length, so offsets hold) and the
 * file parsed again, so one syntax error does not hide the rest of the file.
 */
function parseWithRecovery(path: string, text: string): { program: AstNode; clean: boolean } | null {
  const babel = require('@babel/parser') as BabelParser;
  const typescript = /\.[cm]?tsx?$/i.test(path);
  const plugins: NonNullable<Parameters<BabelParser['parse']>[1]>['plugins'] = typescript
    ? ['typescript', 'decorators-legacy', ...(/x$/i.test(path) ? (['jsx'] as const) : [])]
    : ['jsx', 'decorators-legacy'];
  let source = text;
  for (let attempt = 0; attempt <= MAX_RECOVERIES; attempt++) {
    try {
      const file = babel.parse(source, {
        sourceType: 'unambiguous',
        errorRecovery: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowSuperOutsideMethod: true,
        allowUndeclaredExports: true,
        attachComment: false,
        plugins,
      });
      return { program: file.program as unknown as AstNode, clean: attempt === 0 && (file.errors?.length ?? 0) === 0 };
    } catch (error) {
      const at = (error as { pos?: unknown }).pos;
      if (typeof at !== 'number') return null;
      const blanked = blankLineAt(source, at);
      if (blanked === source) return null;
      source = blanked;
    }
  }
  return null;
}

function blankLineAt(text: string, at: number): string {
  let start = Math.min(at, text.length);
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = Math.min(at, text.length);
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  if (end === start) {
    // An error at an empty line (or the end): blank the line before it instead.
    if (start === 0) return text;
    return blankLineAt(text, start - 1 - (text[start - 1] === '\n' && text[start - 2] === '\r' ? 1 : 0));
  }
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

interface Sink {
  form: SiteForm;
  setting: string;
  call?: string;
  statement: AstNode;
}

/** A literal (or an all-literal array) that is the whole init of `const name`, pending the check that the const is safe to rewrite. */
interface OneHop {
  name: string;
  site: KeySite;
  container?: Range;
}

class SiteFinder {
  private readonly lineStarts: number[];
  private readonly bindings = new Map<string, AstNode>();
  private readonly sites = new Map<number, KeySite>();
  /** Offsets of identifiers that are, unwrapped, the whole value of a sink. */
  private readonly sinkReferences = new Set<number>();
  private readonly oneHops: OneHop[] = [];

  constructor(
    private readonly text: string,
    private readonly secretNames: ReadonlySet<string>,
    /** Parsed without errors: every use of a name is in the AST, so a const's uses can be counted. */
    private readonly clean: boolean,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  find(program: AstNode): KeySite[] {
    const nodes = allNodes(program);
    for (const node of nodes) {
      if (node.type === 'VariableDeclarator' && isNode(node.id) && node.id.type === 'Identifier' && isNode(node.init)) {
        const name = node.id.name as string;
        if (!this.bindings.has(name)) this.bindings.set(name, node.init);
      }
    }
    // Env fallbacks first: the more specific form wins when a sink reaches the same literal.
    for (const node of nodes) this.visitFallback(node);
    for (const node of nodes) this.visitSink(node);
    if (this.oneHops.length > 0 && this.clean) this.settleOneHops(program);
    return [...this.sites.values()].sort((a, b) => a.literal.range.start.offset - b.literal.range.start.offset);
  }

  private visitFallback(node: AstNode): void {
    if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??')) {
      const name = this.envReadName(node.left);
      const right = unwrap(node.right);
      if (name && right && isLiteral(right)) {
        this.addSite(right, { form: 'js-env-fallback', setting: name, call: 'process.env', statement: node }, this.fallbackRemoval(asNode(node.left).end!, right));
      }
    }
    // const { SESSION_SECRET = 'lit' } = process.env
    if (node.type === 'VariableDeclarator' && isNode(node.id) && node.id.type === 'ObjectPattern' && this.isProcessEnv(node.init)) {
      for (const property of (node.id.properties as AstNode[]) ?? []) {
        const value = isNode(property.value) ? property.value : null;
        if (property.type !== 'ObjectProperty' || !value || value.type !== 'AssignmentPattern') continue;
        const name = propertyName(property);
        const fallback = unwrap(value.right);
        if (name && this.isSecretEnvName(name) && fallback && isLiteral(fallback)) {
          this.addSite(fallback, { form: 'js-env-fallback', setting: name, call: 'process.env', statement: property }, this.fallbackRemoval(asNode(value.left).end!, fallback));
        }
      }
    }
  }

  private visitSink(node: AstNode): void {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = dottedName(node.callee) ?? requiredModule(node.callee);
      const last = callee?.slice(callee.lastIndexOf('.') + 1) ?? '';
      const args = ((node.arguments as AstNode[]) ?? []).filter(isNode);
      if (callee && (SESSION_CALL.test(last) || last === 'register')) {
        for (const arg of args) this.visitOptions(arg, ['secret', 'keys', ...(IRON_SESSION_CALL.test(last) ? ['password'] : [])], callee);
      }
      if (last === 'cookieParser' || isRequireCall(node.callee, 'cookie-parser')) {
        if (args[0]) this.evaluate(args[0], { form: 'js-secret', setting: 'secret', call: callee ?? 'cookieParser', statement: node }, 0, undefined, true);
      }
      if (this.isJwtCall(node.callee) && args[1]) {
        const setting = callee?.endsWith('verify') ? 'secretOrPublicKey' : 'secretOrPrivateKey';
        this.evaluate(args[1], { form: 'js-secret', setting, call: callee ?? 'jwt.sign', statement: node }, 0, undefined, true);
      }
    }
    // NextAuth / Auth.js options written apart from the call: { providers: [...], secret: '...' }.
    if (node.type === 'ObjectExpression' && propertiesOf(node).some((property) => propertyName(property) === 'providers' && unwrap(property.value)?.type === 'ArrayExpression')) {
      this.visitOptions(node, ['secret'], undefined);
    }
    // Koa: app.keys = ['...']
    if (node.type === 'AssignmentExpression' && node.operator === '=' && isNode(node.left) && node.left.type === 'MemberExpression' && propertyName(node.left) === 'keys') {
      const owner = dottedName(node.left.object);
      if (owner && /app$/i.test(owner)) this.evaluate(asNode(node.right), { form: 'js-secret', setting: 'keys', call: undefined, statement: node }, 0, undefined, true);
    }
  }

  private visitOptions(arg: AstNode, keys: readonly string[], call: string | undefined): void {
    let options = unwrap(arg);
    // `const sess = { secret: '...' }; app.use(session(sess))`, as express-session's own README writes it.
    const via = options?.type === 'Identifier' ? (options.name as string) : undefined;
    if (via !== undefined) options = unwrap(this.bindings.get(via));
    if (!options || options.type !== 'ObjectExpression') return;
    for (const property of propertiesOf(options)) {
      const name = propertyName(property);
      if (!name || !keys.includes(name) || !isNode(property.value)) continue;
      // Through the variable the literal is left for a hand: the object may be used elsewhere.
      this.evaluate(property.value, { form: 'js-secret', setting: name, call, statement: property }, 0, via, via === undefined);
    }
  }

  /**
   * `whole`: the expression is the entire value of the setting, written as it
   * is (no `as`, no parentheses Babel would drop), so replacing it keeps the
   * program's shape. Through a const it stays whole only until the const's
   * other uses are known (settleOneHops).
   */
  private evaluate(expression: AstNode, sink: Sink, depth: number, via: string | undefined, whole: boolean, oneHop?: string): void {
    const node = unwrap(expression);
    if (!node) return;
    const raw = whole && expression === node;
    if (isLiteral(node)) {
      const site = this.addSite(node, sink, { via, replaceable: raw && oneHop === undefined });
      if (site && raw && oneHop !== undefined) this.oneHops.push({ name: oneHop, site });
      return;
    }
    switch (node.type) {
      case 'Identifier': {
        const name = node.name as string;
        if (raw && depth === 0) this.sinkReferences.add(node.start!);
        const init = this.bindings.get(name);
        if (init && depth < 2) this.evaluate(init, sink, depth + 1, via ?? name, raw && depth === 0, raw && depth === 0 ? name : undefined);
        return;
      }
      case 'ArrayExpression': {
        const elements = (node.elements as unknown[]) ?? [];
        // The whole list can become one env read only when every element is a plain literal.
        const allLiteral = raw && elements.length > 0 && elements.every((element) => isNode(element) && isLiteral(element));
        const container = allLiteral ? this.range(node.start!, node.end!) : undefined;
        for (const element of elements) {
          if (!isNode(element)) continue;
          if (!container) {
            this.evaluate(element, sink, depth + 1, via, false);
            continue;
          }
          const site = this.addSite(element, sink, { via, ...(oneHop === undefined ? { container } : {}) });
          if (site && oneHop !== undefined) this.oneHops.push({ name: oneHop, site, container });
        }
        return;
      }
      case 'LogicalExpression':
        this.evaluate(asNode(node.left), sink, depth + 1, via, false);
        this.evaluate(asNode(node.right), sink, depth + 1, via, false);
        return;
      case 'ConditionalExpression':
        this.evaluate(asNode(node.consequent), sink, depth + 1, via, false);
        this.evaluate(asNode(node.alternate), sink, depth + 1, via, false);
        return;
      default:
        return;
    }
  }

  /**
   * `const NAME = 'lit'` read only as the whole value of sinks: rewriting the
   * literal in place changes nothing else. Bindings here are by name, not by
   * scope, so any other occurrence of NAME (a second declaration, a parameter,
   * an export, any other use) leaves the site for a hand.
   */
  private settleOneHops(program: AstNode): void {
    const usage = nameUsage(program, new Set(this.oneHops.map((hop) => hop.name)));
    for (const hop of this.oneHops) {
      const uses = usage.get(hop.name);
      if (!uses || uses.declarations.length !== 1) continue;
      const declaration = uses.declarations[0]!;
      if (declaration.kind !== 'const' || declaration.exported || declaration.init !== this.bindings.get(hop.name)) continue;
      if (!uses.references.every((at) => this.sinkReferences.has(at))) continue;
      if (hop.container) hop.site.container = hop.container;
      else hop.site.replaceable = true;
    }
  }

  /** The new site, or undefined when the literal already has one (or is not a string). */
  private addSite(literal: AstNode, sink: Sink, extra: { via?: string | undefined; replaceable?: boolean; removal?: Range; container?: Range }): KeySite | undefined {
    const start = literal.start!;
    if (this.sites.has(start)) return undefined;
    const value = literalValue(literal);
    if (value === null) return undefined;
    const site: KeySite = {
      form: sink.form,
      framework: 'node',
      setting: sink.setting,
      literal: { range: this.range(start, literal.end!), value, isBytes: false, notUtf8: false, quote: this.text[start] ?? "'" },
      replaceable: extra.replaceable ?? false,
      inComment: false,
      statement: this.range(sink.statement.start!, sink.statement.end!),
    };
    if (sink.call) site.call = sink.call;
    if (extra.via) site.via = extra.via;
    if (extra.removal) site.removal = extra.removal;
    if (extra.container) site.container = extra.container;
    this.sites.set(start, site);
    return site;
  }

  /**
   * The text that drops a fallback, from the end of the env read to the end of
   * the literal, when that is only the operator (or a destructuring `=`) and
   * the literal: parentheses, a cast or a comment around it would be left dangling.
   */
  private fallbackRemoval(readEnd: number, literal: AstNode): { removal?: Range } {
    return PLAIN_FALLBACK.test(this.text.slice(readEnd, literal.start!)) ? { removal: this.range(readEnd, literal.end!) } : {};
  }

  private range(start: number, end: number): Range {
    return { start: positionAt(this.lineStarts, start), end: positionAt(this.lineStarts, end) };
  }

  /** `process.env.NAME`, `process.env["NAME"]` or `import.meta.env.NAME` naming a secret. */
  private envReadName(expression: unknown): string | null {
    const node = unwrap(expression);
    if (!node || (node.type !== 'MemberExpression' && node.type !== 'OptionalMemberExpression')) return null;
    if (!this.isProcessEnv(node.object)) return null;
    const name = propertyName(node);
    return name && this.isSecretEnvName(name) ? name : null;
  }

  private isProcessEnv(expression: unknown): boolean {
    const name = dottedName(unwrap(expression));
    return name === 'process.env' || name === 'import.meta.env';
  }

  private isSecretEnvName(name: string): boolean {
    return SECRET_ENV_NAME.test(name) || this.secretNames.has(name);
  }

  private isJwtCall(callee: unknown): boolean {
    const node = unwrap(callee);
    if (!node) return false;
    if (node.type === 'MemberExpression') {
      const method = propertyName(node);
      const owner = dottedName(node.object);
      return (method === 'sign' || method === 'verify') && owner !== null && JWT_OBJECT.test(owner.slice(owner.lastIndexOf('.') + 1));
    }
    // import { sign } from 'jsonwebtoken'
    return node.type === 'Identifier' && (node.name === 'sign' || node.name === 'verify') && this.text.includes('jsonwebtoken');
  }
}

interface NameUsage {
  declarations: { kind: unknown; exported: boolean; init: unknown }[];
  /** Offsets of every other occurrence: reads, writes, parameters, imports, exports, JSX tags. */
  references: number[];
}

const KEYED = new Set(['ObjectProperty', 'ObjectMethod', 'ClassProperty', 'ClassMethod', 'ClassPrivateProperty', 'ClassAccessorProperty', 'TSPropertySignature', 'TSMethodSignature']);

/** Where each of `names` occurs as an identifier; property names (`a.NAME`, `{ NAME: 1 }`) are not occurrences. */
function nameUsage(root: AstNode, names: ReadonlySet<string>): Map<string, NameUsage> {
  const usage = new Map<string, NameUsage>();
  const entry = (name: string): NameUsage => {
    let found = usage.get(name);
    if (!found) usage.set(name, (found = { declarations: [], references: [] }));
    return found;
  };
  // `export const NAME = ...`: other modules may read it, where no check here reaches.
  const exported = new Set<unknown>();
  const stack: { node: AstNode; parent?: AstNode; grandparent?: AstNode }[] = [{ node: root }];
  while (stack.length > 0) {
    const { node, parent, grandparent } = stack.pop()!;
    if (node.type === 'ExportNamedDeclaration') exported.add(node.declaration);
    if ((node.type === 'Identifier' || node.type === 'JSXIdentifier') && names.has(node.name as string)) {
      const name = node.name as string;
      if (parent?.type === 'VariableDeclarator' && parent.id === node) {
        entry(name).declarations.push({ kind: grandparent?.kind, exported: exported.has(grandparent), init: parent.init });
      } else entry(name).references.push(node.start ?? -1);
      continue;
    }
    for (const [field, value] of Object.entries(node)) {
      if (SKIPPED_FIELDS.has(field)) continue;
      if (field === 'key' && KEYED.has(node.type) && !node.computed) continue;
      if (field === 'property' && (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !node.computed) continue;
      const children = Array.isArray(value) ? value : [value];
      for (const child of children) if (isNode(child)) stack.push({ node: child, parent: node, ...(parent ? { grandparent: parent } : {}) });
    }
  }
  return usage;
}

function allNodes(root: AstNode): AstNode[] {
  const nodes: AstNode[] = [];
  const stack: AstNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    nodes.push(node);
    for (const [field, value] of Object.entries(node)) {
      if (SKIPPED_FIELDS.has(field)) continue;
      if (Array.isArray(value)) {
        for (let index = value.length - 1; index >= 0; index--) if (isNode(value[index])) stack.push(value[index] as AstNode);
      } else if (isNode(value)) stack.push(value);
    }
  }
  return nodes.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function asNode(value: unknown): AstNode {
  return isNode(value) ? value : { type: 'Unknown' };
}

function unwrap(expression: unknown): AstNode | null {
  let node = isNode(expression) ? expression : null;
  while (node && TRANSPARENT.has(node.type) && isNode(node.expression)) node = node.expression;
  return node;
}

function isLiteral(node: AstNode): boolean {
  return node.type === 'StringLiteral' || (node.type === 'TemplateLiteral' && ((node.expressions as unknown[]) ?? []).length === 0);
}

function literalValue(node: AstNode): string | null {
  if (node.type === 'StringLiteral') return typeof node.value === 'string' ? node.value : null;
  const quasi = ((node.quasis as AstNode[]) ?? [])[0];
  const cooked = quasi && (quasi.value as { cooked?: unknown } | undefined)?.cooked;
  return typeof cooked === 'string' ? cooked : null;
}

function propertiesOf(node: AstNode): AstNode[] {
  return ((node.properties as unknown[]) ?? []).filter(isNode).filter((property) => property.type === 'ObjectProperty');
}

/** The static name of a property or member: `a.secret`, `{ secret: }`, `{ 'secret': }`, `a['secret']`. */
function propertyName(node: AstNode): string | null {
  const key = isNode(node.key) ? node.key : isNode(node.property) ? node.property : null;
  if (!key) return null;
  if (key.type === 'Identifier' && !node.computed) return key.name as string;
  if (key.type === 'StringLiteral') return key.value as string;
  return null;
}

/** `a.b.c` for identifiers and static members, `import.meta`; null for anything else. */
function dottedName(expression: unknown): string | null {
  const node = unwrap(expression);
  if (!node) return null;
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'MetaProperty') return 'import.meta';
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const owner = dottedName(node.object);
    const name = propertyName(node);
    return owner && name ? `${owner}.${name}` : null;
  }
  return null;
}

/** `require('koa-session')(...)`: the module name stands for the callee. */
function requiredModule(callee: unknown): string | null {
  const node = unwrap(callee);
  if (!node || node.type !== 'CallExpression' || dottedName(node.callee) !== 'require') return null;
  const first = ((node.arguments as unknown[]) ?? [])[0];
  return isNode(first) && first.type === 'StringLiteral' ? (first.value as string) : null;
}

function isRequireCall(callee: unknown, module: string): boolean {
  const node = unwrap(callee);
  if (!node || node.type !== 'CallExpression' || dottedName(node.callee) !== 'require') return false;
  const first = ((node.arguments as unknown[]) ?? [])[0];
  return isNode(first) && first.type === 'StringLiteral' && first.value === module;
}
