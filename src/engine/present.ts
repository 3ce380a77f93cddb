// Stage 4 of analyzeFile: a judged site (or an unused ignore comment) worded
// as a finding: its message, its form's advice, and a code frame with every
// key-like string masked.
import { deployFormatOf } from '../deploy';
import { adviceFor, describeSite } from '../forms';
import { KIND_STRING, type LogicalLines, type TokenStream } from '../python/tokenize';
import type { FileTracking, Finding, KeySite, Range, SiteContext, SnippetLine, SourceFile, ValueClass } from '../types';
import { valueProblems } from './assess';
import { type AnalysisOptions, readAsPath } from './classify';
import type { UnusedDirective, UnusedReason } from './ignores';
import type { Judgment } from './judge';
import { findRule, type RuleMeta } from './rules';
import { maskSecret } from '../text/mask';
import { fingerprintOf, rememberSecret } from './secrets';

// String literals that look like data (long, no spaces, not an UPPER_CASE name) are masked in
// snippets too: a code frame must never show a key the analyzer did not recognise as one.
// The same as /^[a-zA-Z]*(['"]{1,3})(?![A-Z][A-Z0-9_]*\1)[^\s'"]{16,}\1$/, read without a
// regular expression: on a multi-megabyte literal V8's backtracking stack overflows on that one.
function isKeyLikeString(token: string): boolean {
  let quoteStart = 0;
  while (quoteStart < token.length && /[a-zA-Z]/.test(token[quoteStart]!)) quoteStart++;
  let bodyStart = quoteStart;
  while (bodyStart < token.length && bodyStart - quoteStart < 3 && (token[bodyStart] === '"' || token[bodyStart] === "'")) bodyStart++;
  const quotes = token.slice(quoteStart, bodyStart);
  const bodyEnd = token.length - quotes.length;
  if (quotes === '' || bodyEnd - bodyStart < 16 || !token.endsWith(quotes)) return false;
  const body = token.slice(bodyStart, bodyEnd);
  return !/[\s'"]/.test(body) && !/^[A-Z][A-Z0-9_]*$/.test(body);
}
const MAX_SNIPPET_LINES = 6;
const MAX_SNIPPET_CHARS = 4000;

/** The finding a judged site is reported as. */
export function presentFinding(site: KeySite, { rule, severity, valueClass, context, testClass }: Judgment, file: SourceFile, text: string, masks: Masks): Finding {
  const value = site.literal.value;
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    file: file.path,
    line: site.literal.range.start.line,
    column: site.literal.range.start.column,
    endLine: site.literal.range.end.line,
    endColumn: site.literal.range.end.column,
    message: messageFor(rule, site, valueClass, context, file.tracking, testClass),
    secret: maskSecret(value),
    fingerprint: fingerprintOf(rule.id, file.path, value),
    snippet: snippetFor(text, site.literal.range, masks),
    context,
    site,
  };
  // Notes (tests, docs, templates) are reported for awareness; fix advice there would be noise.
  const suggestion = severity === 'note' ? undefined : suggestionFor(site, file.path, file.tracking);
  if (suggestion) finding.suggestion = suggestion;
  if (file.commit) finding.commit = file.commit;
  rememberSecret(finding, value);
  return finding;
}

/** The last token of `stream` that starts before `offset`, or -1: a binary search, tokens being in offset order. */
export function lastTokenStartingBy(stream: TokenStream, offset: number): number {
  let low = 0;
  let high = stream.count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (stream.starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** What a code frame over [start, end) masks: the ranges wholly inside it. */
export type Masks = (start: number, end: number) => Range[];

/**
 * Key sites' literals, and the string tokens that look like data (see
 * isKeyLikeString), found in the logical lines a frame covers: only the lines
 * a finding shows are scanned into tokens.
 */
export function masksOf(siteRanges: readonly Range[], lines: LogicalLines | null): Masks {
  return (start, end) => {
    const found = rangesWithin(siteRanges, start, end);
    if (!lines || end <= start) return found;
    for (let line = lines.lineAt(start); line < lines.count && lines.starts[line]! < end; line++) {
      const stream = lines.tokens(line);
      for (let index = lastTokenStartingBy(stream, start) + 1; index < stream.count && stream.starts[index]! < end; index++) {
        if (stream.kinds[index] !== KIND_STRING || stream.ends[index]! > end || !isKeyLikeString(stream.textOf(index))) continue;
        const token = stream.token(index);
        found.push({ start: token.start, end: token.end });
      }
    }
    return found;
  };
}


/** The unused directive's message: the rule's own when its finding is gone, else what is wrong with the ids it names. */
function unusedIgnoreMessage(ruleMessage: string, why: UnusedReason): string {
  const quoted = (ids: readonly string[]) => ids.map((id) => `\`${clip(id)}\``).join(', ');
  if (why.kind === 'unknown-rule') {
    return `This \`# settings-guard: ignore[...]\` comment names no rule settings-guard has: ${quoted(why.ids)} (\`settings-guard rules\` lists them), so it suppresses nothing. Correct the id, or delete the comment.`;
  }
  if (why.kind === 'other-rule') {
    return `This \`# settings-guard: ignore[...]\` comment names another rule than the finding here, which is ${quoted(why.ids)}, so it suppresses nothing. Name that rule if you mean to accept this key, or delete the comment.`;
  }
  return ruleMessage;
}

/**
 * An id as the author wrote it when it reads like one (kebab-case words, as
 * rule ids are); anything else is free text from the repository, maybe a key
 * pasted in the wrong place, and is masked as keys are.
 */
function clip(id: string): string {
  const readsLikeAnId = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i.test(id) && id.length <= 50 && (id.includes('-') || id.length < 16);
  return readsLikeAnId ? id : maskSecret(id).masked;
}

export function unusedIgnoreFinding({ directive, why }: UnusedDirective, file: SourceFile, options: Partial<AnalysisOptions>, text: string, masks: Masks): Finding[] {
  const rule = findRule('unused-ignore-comment');
  const level = rule && (options.ruleSeverity?.[rule.id] ?? rule.severity);
  if (!rule || !level || level === 'off') return [];
  const { start, end } = directive.range;
  // Whatever long run the reason holds is masked in the code frame, as in the message.
  const reasonAt = end.offset - (directive.reason?.length ?? 0);
  const reasonRuns: Range[] = [...text.slice(reasonAt, end.offset).matchAll(RUN)].filter((run) => run[0].length >= LONG_RUN_LENGTH).map((run) => ({
    start: { line: end.line, column: 0, offset: reasonAt + run.index },
    end: { line: end.line, column: 0, offset: reasonAt + run.index + run[0].length },
  }));
  const finding: Finding = {
    ruleId: rule.id,
    severity: level,
    file: file.path,
    line: directive.line,
    column: directive.column,
    endLine: end.line,
    endColumn: end.column,
    message: directive.reason ? `${unusedIgnoreMessage(rule.message, why)} ${reasonNote(directive.reason)}` : unusedIgnoreMessage(rule.message, why),
    secret: maskSecret(''),
    // The line in the whole file: a window of a large one starts further down.
    fingerprint: fingerprintOf(rule.id, file.path, `line:${start.line + (file.firstLine ?? 1) - 1}`),
    snippet: snippetFor(text, directive.range, masks, reasonRuns),
    context: 'code',
  };
  if (file.commit) finding.commit = file.commit;
  rememberSecret(finding, '');
  return [finding];
}

const MAX_REASON_LENGTH = 80;
// Runs of 20 or more: the length is checked in code, as `{20,}` overflows V8's regex stack on a long line.
const RUN = /[^\s'"`]+/g;
const LONG_RUN_LENGTH = 20;

/**
 * The author's `-- reason`, quoted so a reviewer knows which exception went
 * stale. It is free text from the repository: cut short, and any long run of
 * key-like characters masked, as snippets are.
 */
function reasonNote(reason: string): string {
  const clipped = Array.from(reason).length > MAX_REASON_LENGTH ? `${Array.from(reason).slice(0, MAX_REASON_LENGTH).join('')}…` : reason;
  return `(Its reason: "${clipped.replace(RUN, (run) => (run.length >= LONG_RUN_LENGTH ? maskSecret(run).masked : run))}".)`;
}

const CONTEXT_NOTES: Record<SiteContext, string> = {
  code: '',
  comment: '',
  test: ' Reported as a note: it is in test-only code.',
  docs: ' Reported as a note: it is in documentation or examples.',
  example: ' Reported as a note: it is in an example or template file.',
};

function messageFor(rule: RuleMeta, site: KeySite, valueClass: ValueClass, context: SiteContext, tracking: FileTracking | undefined, testClass: string | undefined): string {
  const problems = valueProblems(site, valueClass);
  const subject = describeSite(site, tracking);
  const text = rule.message
    .replace('{subject}', sentenceStart(subject))
    .replace('{problems}', problems.length > 0 ? `: ${problems.join('; ')}` : '');
  const templateNote = valueClass === 'template' ? ' Reported as a note: the value is filled in later.' : '';
  const contextNote = testClass !== undefined ? ` Reported as a note: it is in ${testClass}, a class for tests.` : CONTEXT_NOTES[context];
  return `${text}${contextNote}${templateNote}`;
}

/** The subject capitalised to start a sentence, unless it starts with a name, which keeps its spelling (`secret_key is set...`). */
function sentenceStart(subject: string): string {
  return /^[a-z_][a-z0-9_]*_[a-z0-9_]*\b/.test(subject) ? subject : subject.charAt(0).toUpperCase() + subject.slice(1);
}

/** How to fix the site, in words, as its form advises; never contains a key. */
function suggestionFor(site: KeySite, path: string, tracking: FileTracking | undefined): string | undefined {
  const readAs = readAsPath(path);
  return adviceFor(site, path, deployFormatOf(readAs.slice(readAs.lastIndexOf('/') + 1)) === 'dockerfile', tracking);
}
const sortedMasks = new WeakMap<readonly Range[], Range[]>();

/**
 * The ranges inside [start, end): a binary search over the ranges sorted once
 * per list, since a file with thousands of sites asks once per site.
 */
function rangesWithin(ranges: readonly Range[], start: number, end: number): Range[] {
  let sorted = sortedMasks.get(ranges);
  if (!sorted) {
    sorted = [...ranges].sort((a, b) => a.start.offset - b.start.offset);
    sortedMasks.set(ranges, sorted);
  }
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.start.offset < start) low = middle + 1;
    else high = middle;
  }
  const found: Range[] = [];
  for (let index = low; index < sorted.length && sorted[index]!.start.offset < end; index++) {
    if (sorted[index]!.end.offset <= end) found.push(sorted[index]!);
  }
  return found;
}

/** The lines holding `range` (a literal or a comment), with every key site and key-like string on them masked. */
function snippetFor(text: string, range: Range, masks: Masks, extraMasks: readonly Range[] = []): SnippetLine[] {
  const first = range.start;
  const lastLine = Math.min(range.end.line, first.line + MAX_SNIPPET_LINES - 1);
  const startOffset = first.offset - (first.column - 1);
  let endOffset = range.end.offset;
  while (endOffset < text.length && endOffset - startOffset <= MAX_SNIPPET_CHARS && text[endOffset] !== '\n' && text[endOffset] !== '\r') endOffset++;
  // A frame of a megabyte line helps no one, and framing each of its thousands of
  // sites would be quadratic: show the masked literal (or comment) alone.
  if (endOffset - startOffset > MAX_SNIPPET_CHARS) {
    const literal = text.slice(range.start.offset, range.end.offset);
    return [{ line: first.line, text: `… ${maskLiteralText(literal).replace(/\r\n|\r|\n/g, ' ')} …`, caret: 3 }];
  }
  // Outermost ranges win: a key split over several string tokens is masked as one.
  const outermost: Range[] = [];
  for (const mask of [...masks(startOffset, endOffset), ...rangesWithin(extraMasks, startOffset, endOffset)]
    .sort((a, b) => a.start.offset - b.start.offset || b.end.offset - a.end.offset)) {
    const last = outermost[outermost.length - 1];
    if (!last || mask.start.offset >= last.end.offset) outermost.push(mask);
  }
  let chunk = text.slice(startOffset, endOffset);
  // Where the site starts once the masks before it have shortened the line: the caret points there.
  let caret = first.column;
  for (const mask of outermost.reverse()) {
    const from = mask.start.offset - startOffset;
    const to = mask.end.offset - startOffset;
    const masked = maskLiteralText(chunk.slice(from, to));
    if (mask.end.offset <= first.offset) caret += masked.length - (to - from);
    else if (mask.start.offset < first.offset) caret = from + 1;
    chunk = chunk.slice(0, from) + masked + chunk.slice(to);
  }
  return chunk
    .split(/\r\n|\r|\n/)
    .map((lineText, index) => ({ line: first.line + index, text: lineText, ...(index === 0 && { caret }) }))
    .filter((line) => line.line <= lastLine && line.text.trim().length > 0);
}

/** `r'abc...'` -> `r'abc*****'`: prefix and quotes kept, line breaks kept so line numbers stay right. */
function maskLiteralText(literal: string): string {
  const quoted = /^([a-zA-Z]*)(['"]{1,3})([\s\S]*)\2$/.exec(literal);
  const breaks = literal.match(/\r\n|\r|\n/g)?.join('') ?? '';
  if (!quoted) return maskSecret(literal).masked + breaks;
  const [, prefix, quote, body] = quoted;
  return `${prefix}${quote}${maskSecret(body!.replace(/\r\n|\r|\n/g, '')).masked}${quote}${breaks}`;
}

