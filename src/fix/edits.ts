import type { Edit } from '../types';

export type { Edit };

/** Edits sorted by position; throws on overlap, which would be a bug in the planner. */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    // Two insertions at one offset are fine; anything else that touches is not.
    if (current.start < previous.end || (current.start === previous.start && (current.end > current.start || previous.end > previous.start))) {
      throw new Error(`overlapping edits at ${previous.start}-${previous.end} and ${current.start}-${current.end}`);
    }
  }
  return sorted;
}

/** Applies edits from the end backwards, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  const sorted = sortEdits(edits);
  for (let i = sorted.length - 1; i >= 0; i--) {
    const edit = sorted[i]!;
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}
