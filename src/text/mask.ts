// Masking, for every place that shows text a key may be in: a finding's
// secret, a code frame's literals, a diff's lines. Masks keep lengths and line
// breaks where the text around them must still line up.
import type { MaskedSecret } from '../types';

/** A few leading characters and the length: enough to recognise a key, never enough to use it. */
export function maskSecret(value: string): MaskedSecret {
  const chars = Array.from(value);
  const shown = Math.min(4, Math.floor(chars.length / 8));
  return { masked: `${chars.slice(0, shown).join('')}${'*'.repeat(Math.min(8, chars.length - shown))}`, length: chars.length };
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
