// Inline suppressions: `# settings-guard: ignore`, `# settings-guard: ignore[rule-id, ...]`
// (optionally followed by `-- reason`), and detect-secrets' `# pragma: allowlist secret`,
// on the finding's line or on a comment line just above its statement.
import { lineStartsOf, positionAt } from '../text/positions';
import type { Finding, Range } from '../types';
import { mentions } from './needles';

export interface IgnoreDirective {
  line: number;
  column: number;
  /** Rule ids it is limited to, or null for every rule. */
  rules: string[] | null;
  /** Our own directive (reported when it suppresses nothing) or detect-secrets' pragma (never reported). */
  kind: 'settings-guard' | 'pragma';
  /** Nothing but the comment is on its line, so it applies to the statement below. */
  standalone: boolean;
  /** From the comment marker to the end of the directive and its reason. */
  range: Range;
  /** The text after ` -- `, when the author said why. */
  reason?: string;
}

const DIRECTIVE_BODY = String.raw`[ \t]*(?:settings-guard:[ \t]*ignore(?:\[([^\]\r\n]*)\])?(?:[ \t]*--[ \t]*([^\r\n]*))?|pragma:[ \t]*allowlist[ -]secret)`;
/** How comments start: `#` in Python, env, YAML, TOML, .ini and Procfiles; `//` and `/*` in JavaScript. */
export type CommentSyntax = 'hash' | 'slash';
const DIRECTIVES: Record<CommentSyntax, RegExp> = {
  hash: new RegExp(`#${DIRECTIVE_BODY}`, 'g'),
  slash: new RegExp(`(?:\\/\\/|\\/\\*)${DIRECTIVE_BODY}`, 'g'),
};

export function findIgnoreDirectives(text: string, syntax: CommentSyntax = 'hash'): IgnoreDirective[] {
  if (!mentions(text, 'settings-guard:') && !mentions(text, 'pragma:')) return [];
  const lineStarts = lineStartsOf(text);
  const directives: IgnoreDirective[] = [];
  for (const match of text.matchAll(DIRECTIVES[syntax])) {
    const position = positionAt(lineStarts, match.index);
    const before = text.slice(lineStarts[position.line - 1]!, match.index);
    const ruleList = match[1];
    // A reason runs to the end of the line, or of the block comment it is written in.
    const tail = match[2] ?? '';
    const close = tail.indexOf('*/');
    const reason = (close < 0 ? tail : tail.slice(0, close)).trimEnd();
    const end = positionAt(lineStarts, match.index + match[0].length - tail.length + reason.length);
    directives.push({
      line: position.line,
      column: position.column,
      rules: ruleList === undefined ? null : ruleList.split(',').map((rule) => rule.trim()).filter(Boolean),
      kind: match[0].includes('pragma') ? 'pragma' : 'settings-guard',
      standalone: before.trim() === '',
      range: { start: position, end },
      ...(reason && { reason }),
    });
  }
  return directives;
}

/** Where the finding's statement starts; a finding with no key site stands on its own line. */
function statementLineOf(finding: Finding): number {
  return finding.site ? finding.site.statement.start.line : finding.line;
}

function covers(directive: IgnoreDirective, finding: Finding): boolean {
  if (directive.rules && !directive.rules.includes(finding.ruleId)) return false;
  const statementLine = statementLineOf(finding);
  if (directive.standalone) return directive.line === statementLine - 1 || directive.line === finding.line - 1;
  return directive.line === finding.line || directive.line === finding.endLine || directive.line === statementLine;
}

/** Why a directive suppressed nothing: a rule id no rule has, a finding there of another rule, or no finding at all. */
export type UnusedReason = { kind: 'unknown-rule'; ids: string[] } | { kind: 'other-rule'; ids: string[] } | { kind: 'nothing' };

export interface UnusedDirective {
  directive: IgnoreDirective;
  why: UnusedReason;
}

/** Splits findings into kept ones and the directives that suppressed nothing, each with why. */
export function applyIgnoreDirectives(
  findings: readonly Finding[],
  directives: readonly IgnoreDirective[],
  isRule: (id: string) => boolean = () => true,
): { kept: Finding[]; unused: UnusedDirective[] } {
  const used = new Set<IgnoreDirective>();
  // Only directives on a few lines around a finding can cover it: look those up by line
  // (in file order, so the first that covers wins as before) rather than trying all of them.
  const byLine = new Map<number, IgnoreDirective[]>();
  const order = new Map<IgnoreDirective, number>();
  for (const directive of directives) {
    order.set(directive, order.size);
    const list = byLine.get(directive.line);
    if (list) list.push(directive);
    else byLine.set(directive.line, [directive]);
  }
  const kept = findings.filter((finding) => {
    const statementLine = statementLineOf(finding);
    const lines = new Set([finding.line, finding.endLine, statementLine, finding.line - 1, statementLine - 1]);
    const nearby = [...lines].flatMap((line) => byLine.get(line) ?? []).sort((a, b) => order.get(a)! - order.get(b)!);
    const directive = nearby.find((candidate) => covers(candidate, finding));
    if (!directive) return true;
    used.add(directive);
    return false;
  });
  const unused = directives.filter((directive) => directive.kind === 'settings-guard' && !used.has(directive));
  return { kept, unused: unused.map((directive) => ({ directive, why: whyUnused(directive, findings, isRule) })) };
}

function whyUnused(directive: IgnoreDirective, findings: readonly Finding[], isRule: (id: string) => boolean): UnusedReason {
  const unknown = (directive.rules ?? []).filter((id) => !isRule(id));
  if (unknown.length > 0) return { kind: 'unknown-rule', ids: unknown };
  // The findings it stands by, whatever their rule: it names the wrong one.
  const nearby = findings.filter((finding) => covers({ ...directive, rules: null }, finding));
  if (nearby.length > 0) return { kind: 'other-rule', ids: [...new Set(nearby.map((finding) => finding.ruleId))] };
  return { kind: 'nothing' };
}
