// Turns the findings of one file into text edits, or into manual steps when an
// edit could change what the program does. Pure: text and findings in, edits out.
import { decideFix } from '../forms';
import type { Finding, KeySite, SiteForm } from '../types';
import { type Edit, overlaps } from './edits';
import { importOsEdit, lineEndingOf, osNameFor } from './imports';
import { maskKeyLikeRuns } from '../text/mask';
import { messages } from './messages';

export interface PlanOptions {
  /** Overrides the variable name that replaced literals read (default DJANGO_/FLASK_SECRET_KEY; for Node, by what the secret feeds). */
  envVar?: string;
}

/** One finding fixed by an edit. */
export interface PlannedFix {
  finding: Finding;
  /** The key site the edit rewrites: the finding's. */
  site: KeySite;
  /** What the edit does, in words, for the report. */
  action: string;
  /** The environment variable the fixed code reads, when known. */
  envName?: string;
  /** The fixed code reads old keys only: no new key to write for it. */
  readsOldKeys?: boolean;
}

/** One finding left for the user, with the steps to take. */
export interface ManualStep {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  /** Absent for a finding with no key site (an ignore comment that suppresses nothing). */
  form?: SiteForm;
  /** Why it was not edited and what to do, never containing a key. */
  steps: string;
  /** Only a note: test, docs or example code (nothing leaks from there at run time), or an ignore comment that suppresses nothing. */
  noteOnly: boolean;
  finding: Finding;
}

export interface FilePlan {
  edits: Edit[];
  fixes: PlannedFix[];
  manual: ManualStep[];
  /** The comments the edits replace (offsets into the text) and the edits, among `edits`, that write them back above their statements. */
  keptComments: { comments: { start: number; end: number }[]; edits: Edit[] };
}

/**
 * The edits as a report may show them: a comment an edit moves may hold an old
 * key written out, so the key-like runs of kept comments are masked.
 */
export function shownEdits(plan: FilePlan, edits: readonly Edit[] = plan.edits): Edit[] {
  return edits.map((edit) => (plan.keptComments.edits.includes(edit) ? { ...edit, text: maskKeyLikeRuns(edit.text) } : edit));
}

export function planFixes(text: string, findings: readonly Finding[], options: PlanOptions = {}): FilePlan {
  const edits: Edit[] = [];
  const fixes: PlannedFix[] = [];
  const manual: ManualStep[] = [];
  const keptComments: FilePlan['keptComments'] = { comments: [], edits: [] };
  let osUsedAt = -1;
  // Read once per file, and only when some edit reads os.getenv.
  let osName: string | undefined;
  const os = (): string => (osName ??= osNameFor(text));
  const toManual = (finding: Finding, steps: string, noteOnly = false): void => {
    const form = finding.site?.form;
    manual.push({ file: finding.file, line: finding.line, column: finding.column, ruleId: finding.ruleId, ...(form && { form }), steps, noteOnly, finding });
  };

  for (const finding of findings) {
    const site = finding.site;
    // A finding with no key site is an ignore comment that suppresses nothing: no key to move, a note to tidy up.
    if (!site) {
      toManual(finding, messages.noteUnusedIgnore(), true);
      continue;
    }
    if (site.inComment || finding.context === 'comment') {
      toManual(finding, messages.manualComment());
      continue;
    }
    if (finding.context !== 'code') {
      toManual(finding, messages.noteNotCode(finding.context), true);
      continue;
    }
    const request = { text, file: finding.file, ...(options.envVar ? { envVar: options.envVar } : {}) };
    let decision = decideFix(site, request);
    // An edit that reads os.getenv, in a module whose `os` is something else: the same edit through another name;
    // the steps a person is given for a Python module name that import too.
    const mayReadOs = decision.kind === 'edit' ? decision.needsOs : finding.file.endsWith('.py');
    if (mayReadOs && os() !== 'os') decision = decideFix(site, { ...request, os: os() });
    if (decision.kind === 'manual') {
      toManual(finding, decision.steps);
      continue;
    }
    // Several findings can share one edit (the elements of one fallbacks list).
    const fresh = decision.edits.filter((edit) => !edits.some((done) => done.start === edit.start && done.end === edit.end && done.text === edit.text));
    if (fresh.some((edit) => edits.some((done) => overlaps(done, edit)))) {
      toManual(finding, messages.manualOverlap());
      continue;
    }
    edits.push(...fresh);
    keepComments(text, site, fresh, keptComments);
    if (decision.needsOs) {
      const first = Math.min(...decision.edits.map((edit) => edit.start));
      osUsedAt = osUsedAt < 0 ? first : Math.min(osUsedAt, first);
    }
    fixes.push({ finding, site, action: decision.action, ...(decision.envName ? { envName: decision.envName } : {}), ...(decision.readsOldKeys ? { readsOldKeys: true } : {}) });
  }

  if (osUsedAt >= 0) {
    const importEdit = importOsEdit(text, osUsedAt, os());
    if (importEdit) edits.push(importEdit);
  }
  // After the import: at one offset, the comments stay next to their statement.
  edits.push(...keptComments.edits);
  return { edits, fixes, manual, keptComments };
}

/**
 * Fix deletes no user text but the key: a comment inside the text an edit
 * replaces (between the pieces of a split key, between list elements) moves
 * to its own line above the statement's logical line, indented as that line.
 */
function keepComments(text: string, site: KeySite, edits: readonly Edit[], kept: FilePlan['keptComments']): void {
  const head = site.lineHead;
  const replaced = (site.comments ?? [])
    .map((comment) => ({ start: comment.start.offset, end: comment.end.offset }))
    .filter((comment) => edits.some((edit) => edit.start <= comment.start && comment.end <= edit.end))
    .filter((comment) => !kept.comments.some((done) => done.start === comment.start));
  if (!head || replaced.length === 0) return;
  const lineStart = head.offset - (head.column - 1);
  const indent = text.slice(lineStart, head.offset);
  const eol = lineEndingOf(text);
  kept.comments.push(...replaced);
  kept.edits.push({ start: lineStart, end: lineStart, text: replaced.map((comment) => `${indent}${text.slice(comment.start, comment.end)}${eol}`).join('') });
}
