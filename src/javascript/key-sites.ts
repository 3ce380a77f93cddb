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
import { lineStartsOf, positionAt } from '../python/tokenize';
import type { KeySite, Range, SiteForm } from '../types';

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
  const program = parseWithRecovery(path, text);
  if (!program) return [];
  return new SiteFinder(text, new Set(secretNames)).find(program);
}

/**
 * errorRecovery keeps going past most errors; for the ones Babel cannot recover
 * from, the offending line is blanked (same length, so offsets hold) and the
 * file parsed again, so one syntax error does not hide the rest of the file.
 */
function parseWithRecovery(path: string, text: string): AstNode | null {
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
      return file.program as unknown as AstNode;
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

class SiteFinder {
  private readonly lineStarts: number[];
  private readonly bindings = new Map<string, AstNode>();
  private readonly sites = new Map<number, KeySite>();

  constructor(
    private readonly text: string,
    private readonly secretNames: ReadonlySet<string>,
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
    return [...this.sites.values()].sort((a, b) => a.literal.range.start.offset - b.literal.range.start.offset);
  }

  private visitFallback(node: AstNode): void {
    if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??')) {
      const name = this.envReadName(node.left);
      const right = unwrap(node.right);
      if (name && right && isLiteral(right)) {
        const removal = this.range(asNode(node.left).end!, right.end!);
        this.addSite(right, { form: 'js-env-fallback', setting: name, call: 'process.env', statement: node }, { removal });
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
          this.addSite(fallback, { form: 'js-env-fallback', setting: name, call: 'process.env', statement: property }, { removal: this.range(asNode(value.left).end!, fallback.end!) });
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
        if (args[0]) this.evaluate(args[0], { form: 'js-secret', setting: 'secret', call: callee ?? 'cookieParser', statement: node }, 0, undefined);
      }
      if (this.isJwtCall(node.callee) && args[1]) {
        const setting = callee?.endsWith('verify') ? 'secretOrPublicKey' : 'secretOrPrivateKey';
        this.evaluate(args[1], { form: 'js-secret', setting, call: callee ?? 'jwt.sign', statement: node }, 0, undefined);
      }
    }
    // NextAuth / Auth.js options written apart from the call: { providers: [...], secret: '...' }.
    if (node.type === 'ObjectExpression' && propertiesOf(node).some((property) => propertyName(property) === 'providers' && unwrap(property.value)?.type === 'ArrayExpression')) {
      this.visitOptions(node, ['secret'], undefined);
    }
    // Koa: app.keys = ['...']
    if (node.type === 'AssignmentExpression' && node.operator === '=' && isNode(node.left) && node.left.type === 'MemberExpression' && propertyName(node.left) === 'keys') {
      const owner = dottedName(node.left.object);
      if (owner && /app$/i.test(owner)) this.evaluate(asNode(node.right), { form: 'js-secret', setting: 'keys', call: undefined, statement: node }, 0, undefined);
    }
  }

  private visitOptions(arg: AstNode, keys: readonly string[], call: string | undefined): void {
    const options = unwrap(arg);
    if (!options || options.type !== 'ObjectExpression') return;
    for (const property of propertiesOf(options)) {
      const name = propertyName(property);
      if (!name || !keys.includes(name) || !isNode(property.value)) continue;
      this.evaluate(property.value, { form: 'js-secret', setting: name, call, statement: property }, 0, undefined);
    }
  }

  private evaluate(expression: AstNode, sink: Sink, depth: number, via: string | undefined): void {
    const node = unwrap(expression);
    if (!node) return;
    if (isLiteral(node)) {
      this.addSite(node, sink, { via, replaceable: depth === 0 && via === undefined && unwrap(expression) === node });
      return;
    }
    switch (node.type) {
      case 'Identifier': {
        const init = this.bindings.get(node.name as string);
        if (init && depth < 2) this.evaluate(init, sink, depth + 1, via ?? (node.name as string));
        return;
      }
      case 'ArrayExpression':
        for (const element of (node.elements as unknown[]) ?? []) if (isNode(element)) this.evaluate(element, sink, depth + 1, via);
        return;
      case 'LogicalExpression':
        this.evaluate(asNode(node.left), sink, depth + 1, via);
        this.evaluate(asNode(node.right), sink, depth + 1, via);
        return;
      case 'ConditionalExpression':
        this.evaluate(asNode(node.consequent), sink, depth + 1, via);
        this.evaluate(asNode(node.alternate), sink, depth + 1, via);
        return;
      default:
        return;
    }
  }

  private addSite(literal: AstNode, sink: Sink, extra: { via?: string | undefined; replaceable?: boolean; removal?: Range }): void {
    const start = literal.start!;
    if (this.sites.has(start)) return;
    const value = literalValue(literal);
    if (value === null) return;
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
    this.sites.set(start, site);
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
