// The rewrite `fix` would make for each finding, standalone, as reports show it
// (SARIF `fixes`). Pure: decoded text and findings in, line/column edits out.
// Each finding is planned alone so its fix applies by itself, `import os`
// included; findings that share an edit (one fallbacks list) get the same one.
import { lineStartsOf, positionAt } from '../text/positions';
import type { Finding, SuggestedFix } from '../types';
import { type PlanOptions, planFixes, shownEdits } from './plan';

export function suggestFixes(text: string, findings: readonly Finding[], options: PlanOptions = {}): Map<Finding, SuggestedFix> {
  const suggested = new Map<Finding, SuggestedFix>();
  let lineStarts: number[] | undefined;
  for (const finding of findings) {
    const plan = planFixes(text, [finding], options);
    const fixed = plan.fixes[0];
    if (!fixed || plan.edits.length === 0) continue;
    lineStarts ??= lineStartsOf(text);
    const starts = lineStarts;
    const edits = shownEdits(plan)
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map((edit) => ({ range: { start: positionAt(starts, edit.start), end: positionAt(starts, edit.end) }, text: edit.text }));
    suggested.set(finding, { description: fixed.action, edits });
  }
  return suggested;
}
