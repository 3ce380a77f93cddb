// A unified diff (the format of `diff -u` and `git diff`) built from the edits
// themselves: only the lines each edit touches are compared, split on every
// line break Python knows (\n, \r\n, a lone \r), which jsdiff's own line
// splitting does not, so the lines are split here and jsdiff compares them.
import { diffArrays } from 'diff';
import { positionAt } from '../text/positions';
import { type Edit, applyEdits, sortEdits } from './edits';

const CONTEXT = 3;

interface Line {
  content: string;
  eol: string;
}

interface Change {
  /** 0-based index of the first old line replaced. */
  oldStart: number;
  oldLines: Line[];
  newLines: Line[];
}

/**
 * Replaces the inside of every string literal at `ranges` with stars after a
 * few leading characters, keeping offsets and line breaks, so that a diff of
 * the result never shows a key.
 */
export function maskLiterals(text: string, ranges: readonly { start: number; end: number }[]): string {
  let result = text;
  for (const range of ranges) {
    const literal = text.slice(range.start, range.end);
    const open = /^[rRbBuUfF]*('''|"""|'|"|`)/.exec(literal);
    const openLength = open ? open[0].length : 0;
    const quote = open?.[1] ?? '';
    const closeLength = quote && literal.length >= openLength + quote.length && literal.endsWith(quote) ? quote.length : 0;
    const inner = literal.slice(openLength, literal.length - closeLength);
    const shown = Math.min(4, Math.floor(inner.length / 8));
    const masked = inner.slice(0, shown) + inner.slice(shown).replace(/[^\r\n]/g, '*');
    result = result.slice(0, range.start + openLength) + masked + result.slice(range.start + openLength + inner.length);
  }
  return result;
}

/**
 * Quoted runs that look like data rather than code: 16 or more characters with
 * no space or quote in them, not an UPPER_CASE name. The diff masks them all,
 * context lines included: a key `fix` leaves alone (an accepted one, a
 * configured password) must not show either. A scan, not a regular
 * expression: backtracking over a megabyte-long run would be quadratic.
 */
export function keyLikeLiteralRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (let at = 0; at < text.length; at++) {
    const quote = text[at]!;
    if (quote !== '"' && quote !== "'" && quote !== '`') continue;
    let end = at + 1;
    while (end < text.length && !/[\s'"`]/.test(text[end]!)) end++;
    if (text[end] === quote && end - at - 1 >= 16 && !/^[A-Z][A-Z0-9_]*$/.test(text.slice(at + 1, end))) {
      ranges.push({ start: at, end: end + 1 });
      at = end;
    } else at = end - 1;
  }
  return ranges;
}

/**
 * Comment text with every run that looks like a key masked as a literal's
 * inside is: 16 or more characters with no space or quote, not an UPPER_CASE
 * name. Fix moves comments, and a comment may hold an old key unquoted.
 */
export function maskKeyLikeRuns(text: string): string {
  return text.replace(/[^\s'"`]{16,}/g, (run) => (/^[A-Z][A-Z0-9_]*$/.test(run) ? run : maskLiterals(run, [{ start: 0, end: run.length }])));
}

/** `text` with key-like runs masked inside each of `ranges` (offsets and line breaks kept). */
export function maskKeyLikeRunsIn(text: string, ranges: readonly { start: number; end: number }[]): string {
  let result = text;
  for (const range of ranges) result = result.slice(0, range.start) + maskKeyLikeRuns(result.slice(range.start, range.end)) + result.slice(range.end);
  return result;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n)/y;
  let at = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push({ content: match[1]!, eol: match[2]! });
    at = pattern.lastIndex;
  }
  if (at < text.length) lines.push({ content: text.slice(at), eol: '' });
  return lines;
}

function sameLine(a: Line, b: Line): boolean {
  return a.content === b.content && a.eol === b.eol;
}

/** The changed runs between two short line lists (jsdiff's Myers diff over whole lines, line ends included). */
function lineChanges(before: Line[], after: Line[], firstOld: number): Change[] {
  const changes: Change[] = [];
  let current: Change | null = null;
  let oldIndex = firstOld;
  for (const part of diffArrays(before, after, { comparator: sameLine })) {
    if (!part.added && !part.removed) {
      current = null;
      oldIndex += part.value.length;
      continue;
    }
    if (!current) {
      current = { oldStart: oldIndex, oldLines: [], newLines: [] };
      changes.push(current);
    }
    if (part.added) current.newLines.push(...part.value);
    else {
      current.oldLines.push(...part.value);
      oldIndex += part.value.length;
    }
  }
  return changes;
}

/** The unified diff of applying `edits` to `text`, or '' when they change nothing. */
export function unifiedDiff(path: string, text: string, edits: readonly Edit[]): string {
  const oldLines = splitLines(text);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of oldLines) {
    lineStarts.push(offset);
    offset += line.content.length + line.eol.length;
  }
  const lineOf = (at: number): number => positionAt(lineStarts, at).line - 1;

  // Regions of whole old lines touched by edits, merged when they meet.
  const regions: { first: number; last: number; edits: Edit[] }[] = [];
  for (const edit of sortEdits(edits)) {
    const first = lineOf(edit.start);
    const last = lineOf(Math.max(edit.start, edit.end - 1));
    const previous = regions[regions.length - 1];
    if (previous && first <= previous.last + 1) {
      previous.last = Math.max(previous.last, last);
      previous.edits.push(edit);
    } else regions.push({ first, last, edits: [edit] });
  }

  const changes: Change[] = [];
  for (const region of regions) {
    const start = lineStarts[region.first] ?? text.length;
    const end = region.last + 1 < lineStarts.length ? lineStarts[region.last + 1]! : text.length;
    const before = oldLines.slice(region.first, region.last + 1);
    const shifted = region.edits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start }));
    const after = splitLines(applyEdits(text.slice(start, end), shifted));
    changes.push(...lineChanges(before, after, region.first));
  }
  if (changes.length === 0) return '';

  const out: string[] = [`--- a/${path}`, `+++ b/${path}`];
  const emit = (prefix: string, line: Line): void => {
    out.push(prefix + line.content);
    if (line.eol === '') out.push('\\ No newline at end of file');
  };
  let delta = 0; // new line index minus old line index before the current change
  let index = 0;
  while (index < changes.length) {
    // One hunk: changes whose context windows touch.
    let last = index;
    while (last + 1 < changes.length) {
      const end = changes[last]!.oldStart + changes[last]!.oldLines.length;
      if (changes[last + 1]!.oldStart - end > 2 * CONTEXT) break;
      last++;
    }
    const first = changes[index]!;
    const hunkStart = Math.max(0, first.oldStart - CONTEXT);
    const lastChange = changes[last]!;
    const hunkEnd = Math.min(oldLines.length, lastChange.oldStart + lastChange.oldLines.length + CONTEXT);
    const body: string[] = [];
    const bodyOut = out;
    const mark = bodyOut.length;
    let oldCount = 0;
    let newCount = 0;
    let cursor = hunkStart;
    const newStart = hunkStart + delta;
    for (let k = index; k <= last; k++) {
      const change = changes[k]!;
      for (; cursor < change.oldStart; cursor++) {
        emit(' ', oldLines[cursor]!);
        oldCount++;
        newCount++;
      }
      for (const line of change.oldLines) emit('-', line);
      for (const line of change.newLines) emit('+', line);
      oldCount += change.oldLines.length;
      newCount += change.newLines.length;
      cursor += change.oldLines.length;
      delta += change.newLines.length - change.oldLines.length;
    }
    for (; cursor < hunkEnd; cursor++) {
      emit(' ', oldLines[cursor]!);
      oldCount++;
      newCount++;
    }
    body.push(...bodyOut.splice(mark));
    const oldFrom = oldCount === 0 ? hunkStart : hunkStart + 1;
    const newFrom = newCount === 0 ? newStart : newStart + 1;
    out.push(`@@ -${oldFrom},${oldCount} +${newFrom},${newCount} @@`, ...body);
    index = last + 1;
  }
  return out.join('\n') + '\n';
}
