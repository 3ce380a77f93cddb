// Offsets to lines and columns, for every kind of file the analysis reads.
// Lines and columns are 1-based, columns in UTF-16 code units (src/types.ts);
// \r\n, a lone \r and \n each end a line, as Python's universal newlines do.
import type { Position } from '../types';

/** Offsets where each line starts, with \r\n, \r and \n all ending a line. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    // Only \n ends a line: the native search finds each one.
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
    return starts;
  }
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 10) starts.push(index + 1);
    else if (char === 13) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    }
  }
  return starts;
}

export function positionAt(lineStarts: ArrayLike<number>, offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1, offset };
}
