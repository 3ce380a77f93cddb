// The human report: findings grouped by file, each with its masked code frame
// and suggestion, then a summary; a staged scan that blocks ends with what the
// hook means and how to get past it.
import { createColors } from 'picocolors';
import type { Finding, ScanResult, Severity, SkipReason, SkippedFile } from '../types';
import { DEFAULT_INVOCATION, countBySeverity, historyNote, isBlocking, skipReasonOf, type ReportOptions } from './shared';
import { wording } from './wording';

type Colors = ReturnType<typeof createColors>;

/** Skip reasons worth naming file by file: they hide content that should have been read, or a file the user named. */
const NAMED_SKIPS: ReadonlySet<SkipReason> = new Set(['conflicted', 'unreadable', 'missing-object', 'unsupported-type', 'excluded']);
const MAX_NAMED_SKIPS = 10;
const MAX_NAMED_STALE = 5;

export function formatText(result: ScanResult, options: ReportOptions): string {
  const colors = createColors(options.color);
  // Files stay together; a blank line after every finding keeps code frames apart.
  const body = groupByFile(result.findings)
    .flat()
    .map((finding) => `${formatFinding(finding, result, options, colors)}\n\n`)
    .join('');
  return `${body}${formatSummary(result, options)}`;
}

/**
 * What follows the findings: skipped files worth naming, the counts line, an
 * incomplete scan's reasons, and, for a blocked commit, the way out. The CLI
 * prints this alone on stderr when the report itself goes elsewhere.
 */
export function formatSummary(result: ScanResult, options: ReportOptions): string {
  const colors = createColors(options.color);
  const failOn = options.failOn ?? 'error';
  const invocation = options.invocation ?? DEFAULT_INVOCATION;
  const blocking = result.findings.filter((finding) => isBlocking(finding, failOn));
  const named = result.skipped.filter((skip) => skip.couldHoldKey || NAMED_SKIPS.has(skip.reason));
  // The hook runs on every commit: a clean staged scan stays silent.
  if (result.mode === 'staged' && result.findings.length === 0 && !result.incomplete && named.length === 0) return '';

  const lines: string[] = [];
  for (const skip of named.slice(0, MAX_NAMED_SKIPS)) {
    lines.push(colors.yellow(wording.notScanned(sanitizePath(skip.file), sanitize(skipReasonOf(skip)))));
  }
  if (named.length > MAX_NAMED_SKIPS) lines.push(colors.yellow(wording.moreNotScanned(named.length - MAX_NAMED_SKIPS)));
  if (result.stats.filesLeftOut !== undefined) lines.push(colors.yellow(wording.allLeftOut(result.stats.filesLeftOut)));
  for (const reason of result.incompleteReasons) lines.push(colors.red(wording.incomplete(sanitize(reason))));
  if (result.incomplete && result.incompleteReasons.length === 0) lines.push(colors.red(wording.incompleteHint));
  // Quiet: what was not read still shows (it explains exit code 3); the verdict, counts and hints do not.
  if (options.quiet) return lines.map((line) => `${line}\n`).join('');
  lines.push(countsLine(result, colors, blocking.length > 0));
  const known = result.baseline?.suppressed ?? 0;
  // With no finding left, the counts line names the known ones (noNewFindings); this line is then only about stale entries.
  const shownKnown = result.findings.length > 0 && known > 0 ? known : undefined;
  if (result.baseline && (shownKnown !== undefined || result.baseline.stale > 0) && result.mode !== 'staged') {
    lines.push(colors.dim(wording.baselined(shownKnown, result.baseline.stale, result.baseline.staleFromOldBaseline, invocation)));
    const stale = result.baseline.staleEntries;
    for (const entry of stale.slice(0, MAX_NAMED_STALE)) lines.push(colors.dim(wording.staleEntry(entry.ruleId, sanitizePath(entry.file))));
    if (stale.length > MAX_NAMED_STALE) lines.push(colors.dim(wording.moreStale(stale.length - MAX_NAMED_STALE)));
  }
  if (options.interactive && result.findings[0]) lines.push(colors.dim(wording.explainHint(result.findings[0].ruleId, invocation)));
  if (result.mode === 'staged' && blocking.length > 0) {
    lines.push('', ...commitBlockedLines(blocking, colors, invocation));
  } else if (result.mode === 'staged' && result.incomplete) {
    const unread = result.skipped.filter((skip) => skip.couldHoldKey).length;
    if (unread > 0) lines.push('', colors.bold(colors.red(wording.commitBlockedUnread(unread))), wording.commitBlockedUnreadWayOut);
    else lines.push('', colors.bold(colors.red(wording.commitBlockedUnsearched)), wording.commitBlockedUnsearchedWayOut);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * Why the commit is blocked, told apart by where each key already was: new in
 * this commit, already in HEAD, or already pushed (published).
 */
function commitBlockedLines(blocking: readonly Finding[], colors: Colors, invocation: string): string[] {
  const fresh = blocking.filter((finding) => !finding.priorCommit);
  const inHead = blocking.filter((finding) => finding.priorCommit?.where === 'head');
  const pushedRefs = [...new Set(blocking.flatMap((finding) => (finding.priorCommit?.where === 'pushed' ? [finding.priorCommit.ref] : [])))];
  const pushed = blocking.filter((finding) => finding.priorCommit?.where === 'pushed');
  const lines = [colors.bold(colors.red(fresh.length > 0 ? wording.commitBlocked(fresh.length) : wording.commitBlockedAlreadyCommitted(blocking.length)))];
  if (inHead.length > 0) lines.push(wording.alreadyInHead(inHead.length, inHead.length === blocking.length));
  if (pushed.length > 0) lines.push(wording.alreadyPushed(pushed.length, pushed.length === blocking.length, pushedRefs));
  lines.push(...wording.commitBlockedFix(invocation), fresh.length > 0 ? wording.commitBlockedBypass : wording.commitBlockedBypassAlreadyCommitted);
  return lines;
}

function countsLine(result: ScanResult, colors: Colors, failed: boolean): string {
  const { stats } = result;
  const counts = countBySeverity(result.findings);
  const known = result.baseline?.suppressed ?? 0;
  const verdict =
    result.findings.length > 0 ? wording.severityCounts(counts) : colors.green(known > 0 ? wording.noNewFindings(known) : wording.noFindings);
  const parts = [failed ? colors.bold(colors.red(verdict)) : colors.bold(verdict)];
  if (stats.commitsScanned !== undefined || stats.blobsScanned !== undefined) {
    parts.push(wording.historyScanned(stats.commitsScanned ?? 0, stats.blobsScanned ?? 0));
  }
  parts.push(wording.filesScanned(stats.filesScanned, stats.filesSkipped, skipBreakdown(result.skipped)));
  parts.push(formatElapsed(stats.elapsedMs));
  return parts.join(colors.dim(' · '));
}

function formatFinding(finding: Finding, result: ScanResult, options: ReportOptions, colors: Colors): string {
  const location = colors.bold(`${sanitizePath(finding.file)}:${finding.line}:${finding.column}`);
  const [firstLine = '', ...moreLines] = sanitize(finding.message).split('\n');
  const lines = [`${location}  ${severityLabel(finding.severity, colors)}  ${colors.cyan(finding.ruleId)}  ${firstLine}`];
  lines.push(...moreLines.map((line) => `  ${line}`));
  lines.push(...codeFrame(finding, colors));
  const history = historyNote(finding);
  if (history !== undefined) lines.push(`  ${finding.presentAtHead === false ? colors.yellow(history) : history}`);
  if (options.showSecrets) lines.push(`  ${wording.secretLabel} ${sanitize(result.secretOf(finding))}`);
  if (finding.suggestion !== undefined) {
    const [first = '', ...rest] = sanitize(asInvoked(finding.suggestion, options.invocation)).split('\n');
    const indent = ' '.repeat(wording.fixLabel.length + 3);
    lines.push(`  ${colors.green(wording.fixLabel)} ${first}`, ...rest.map((line) => `${indent}${line}`));
  }
  return lines.join('\n');
}

/**
 * Advice names settings-guard's commands as `npx settings-guard …` (JSON keeps
 * that, the same on every machine); a person reading the text is shown the
 * command that works for how this copy was installed.
 */
function asInvoked(advice: string, invocation: string | undefined): string {
  return invocation === undefined || invocation === DEFAULT_INVOCATION ? advice : advice.split(`\`${DEFAULT_INVOCATION} `).join(`\`${invocation} `);
}

/** The masked source lines with a gutter; `>` marks the site's lines and `^` its first column. */
function codeFrame(finding: Finding, colors: Colors): string[] {
  if (finding.snippet.length === 0) return [];
  const width = String(Math.max(...finding.snippet.map((line) => line.line))).length;
  const frame: string[] = [];
  for (const { line, text, caret } of finding.snippet) {
    const marked = line >= finding.line && line <= finding.endLine;
    const clean = sanitize(text).replace(/\n/g, ' ');
    const gutter = `${marked ? '>' : ' '} ${String(line).padStart(width)} |`;
    frame.push(`  ${marked ? colors.red(gutter) : colors.dim(gutter)}${clean ? ` ${clean}` : ''}`);
    // The column in the masked line: a masked literal before the site shortens it.
    const column = caret ?? finding.column;
    if (line === finding.line && column - 1 <= clean.length) {
      // Keep tabs so the caret lines up under tab-indented code.
      const pad = clean.slice(0, column - 1).replace(/[^\t]/g, ' ');
      frame.push(`  ${colors.dim(`  ${' '.repeat(width)} |`)} ${pad}${colors.red('^')}`);
    }
  }
  return frame;
}

function severityLabel(severity: Severity, colors: Colors): string {
  if (severity === 'error') return colors.red(severity);
  if (severity === 'warning') return colors.yellow(severity);
  return colors.blue(severity);
}

/** `2 too-large, 1 binary`, most frequent first. */
function skipBreakdown(skipped: readonly SkippedFile[]): string {
  const counts = new Map<SkipReason, number>();
  for (const skip of skipped) counts.set(skip.reason, (counts.get(skip.reason) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}

function formatElapsed(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** Findings of one file together, files in order of first appearance. */
function groupByFile(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return [...groups.values()];
}

/**
 * File names and source text come from the repository: control characters
 * (escape sequences, carriage returns) are shown as \xNN so that they cannot
 * rewrite the terminal. Newlines are kept; callers decide what they mean.
 */
/** A path on one line: a line break or tab in a file name is shown escaped, so it cannot forge a finding's line. */
function sanitizePath(path: string): string {
  return sanitize(path).replace(/[\n\t]/g, (char) => (char === '\n' ? '\\n' : '\\t'));
}

export function sanitize(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
