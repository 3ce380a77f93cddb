// Python reads identifiers NFKC-normalised (PEP 3131; Language Reference 2.3,
// "Identifiers and keywords"): `ＳＥＣＲＥＴ_ＫＥＹ = "..."` assigns SECRET_KEY.

/**
 * A superset of the characters that NFKC folds to ASCII letters, digits or `_`
 * in an identifier: the Latin ligatures and long s, modifier and letterlike
 * letters, Roman numerals, fullwidth forms and the mathematical alphanumerics.
 * Text without any of them spells no ASCII name it does not already hold.
 */
const FOLDING_RANGES: readonly (readonly [number, number])[] = [
  [0xaa, 0xaa], [0xba, 0xba], [0x132, 0x133], [0x17f, 0x17f], [0x1c4, 0x1f3], [0x2b0, 0x2e3], [0x1d2c, 0x1dbf],
  [0x2071, 0x209c], [0x2102, 0x217f], [0x2c7c, 0x2c7d], [0xa7f2, 0xa7f4], [0xfb00, 0xfb06], [0xfe33, 0xfe4f],
  [0xff10, 0xff5a], [0x107a5, 0x107a5], [0x1d400, 0x1d7ff], [0x1fbf0, 0x1fbf9],
];

const codePoint = (value: number) => `\\u{${value.toString(16)}}`;
export const FOLDS_TO_ASCII = new RegExp(`[${FOLDING_RANGES.map(([low, high]) => (low === high ? codePoint(low) : `${codePoint(low)}-${codePoint(high)}`)).join('')}]`, 'u');

/**
 * Byte strings that the UTF-8 of every FOLDS_TO_ASCII character starts with
 * (the bytes a range's first and last characters share, then each value of the
 * first byte that differs when there are a few): a file holding none of them
 * holds none of the characters, and is not decoded to find out.
 */
export const FOLDS_TO_ASCII_UTF8: readonly Buffer[] = FOLDING_RANGES.flatMap(([low, high]) => {
  const first = Buffer.from(String.fromCodePoint(low));
  const last = Buffer.from(String.fromCodePoint(high));
  let shared = 0;
  while (shared < first.length && first[shared] === last[shared]) shared++;
  if (shared === first.length || last[shared]! - first[shared]! >= 4) return [first.subarray(0, Math.max(shared, 1))];
  return Array.from({ length: last[shared]! - first[shared]! + 1 }, (_, step) => Buffer.from([...first.subarray(0, shared), first[shared]! + step]));
});

/** An identifier as Python reads it: the written text, NFKC-normalised when it is not ASCII. */
export function foldName(written: string): string {
  for (let index = 0; index < written.length; index++) {
    if (written.charCodeAt(index) > 0x7f) return written.normalize('NFKC');
  }
  return written;
}
