// Python reads identifiers NFKC-normalised (PEP 3131; Language Reference 2.3,
// "Identifiers and keywords"): `ＳＥＣＲＥＴ_ＫＥＹ = "..."` assigns SECRET_KEY.

/**
 * A superset of the characters that NFKC folds to ASCII letters, digits or `_`
 * in an identifier: the Latin ligatures and long s, modifier and letterlike
 * letters, Roman numerals, fullwidth forms and the mathematical alphanumerics.
 * Text without any of them spells no ASCII name it does not already hold.
 */
export const FOLDS_TO_ASCII =
  /[\u00aa\u00ba\u0132\u0133\u017f\u01c4-\u01f3\u02b0-\u02e3\u1d2c-\u1dbf\u2071-\u209c\u2102-\u217f\u2c7c\u2c7d\ua7f2-\ua7f4\ufb00-\ufb06\ufe33-\ufe4f\uff10-\uff5a\u{107a5}\u{1d400}-\u{1d7ff}\u{1fbf0}-\u{1fbf9}]/u;

/** An identifier as Python reads it: the written text, NFKC-normalised when it is not ASCII. */
export function foldName(written: string): string {
  for (let index = 0; index < written.length; index++) {
    if (written.charCodeAt(index) > 0x7f) return written.normalize('NFKC');
  }
  return written;
}
