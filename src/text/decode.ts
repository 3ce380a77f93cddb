// Bytes -> text the way CPython reads a source file: a UTF-8 BOM wins, then a
// PEP 263 coding declaration on line 1 or 2, else UTF-8. Never throws: bytes
// that do not decode become U+FFFD, and the result says it was lossy.

export interface DecodedSource {
  text: string;
  /** Node/WHATWG name of the encoding used. */
  encoding: string;
  hasBom: boolean;
  /** Encoding `text` back gives the original bytes exactly (needed before any fix). */
  lossless: boolean;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

// PEP 263: "^[ \t\f]*#.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)" on one of the first two lines.
const CODING_DECLARATION = /^[ \t\f]*#.*?coding[:=][ \t]*([-_.a-zA-Z0-9]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#.*)?$/;

// Python codec names that Node's Buffer decodes exactly, byte for byte.
const BUFFER_ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-8-sig': 'utf8',
  'latin-1': 'latin1',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
  'iso8859-1': 'latin1',
  'iso-latin-1': 'latin1',
  l1: 'latin1',
  ascii: 'latin1',
  'us-ascii': 'latin1',
};

export function declaredEncoding(bytes: Buffer): string | null {
  // Only the first two lines matter; latin1 keeps every byte as one char.
  const head = bytes.subarray(0, 1024).toString('latin1');
  const lines = head.split(/\r\n|\r|\n/, 2);
  const first = lines[0] ?? '';
  const firstMatch = CODING_DECLARATION.exec(first);
  if (firstMatch) return firstMatch[1]!.toLowerCase().replace(/_/g, '-');
  if (!BLANK_OR_COMMENT.test(first)) return null;
  const secondMatch = CODING_DECLARATION.exec(lines[1] ?? '');
  return secondMatch ? secondMatch[1]!.toLowerCase().replace(/_/g, '-') : null;
}

export function decodeSource(bytes: Buffer): DecodedSource {
  const hasBom = bytes.subarray(0, 3).equals(UTF8_BOM);
  const body = hasBom ? bytes.subarray(3) : bytes;
  const declared = hasBom ? 'utf-8' : (declaredEncoding(bytes) ?? 'utf-8');
  const bufferEncoding = BUFFER_ENCODINGS[declared];
  if (bufferEncoding) {
    const text = body.toString(bufferEncoding);
    const lossless = bufferEncoding === 'latin1' || !text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(body);
    return { text, encoding: bufferEncoding === 'utf8' ? 'utf-8' : 'latin1', hasBom, lossless };
  }
  try {
    const text = new TextDecoder(declared).decode(body);
    return { text, encoding: declared, hasBom, lossless: false };
  } catch {
    // An encoding Node does not know: read it as UTF-8 so the scan still sees ASCII keys.
    return { text: body.toString('utf8'), encoding: 'utf-8', hasBom, lossless: false };
  }
}

/** Encodes text the way `decoded` was read; null when that encoding cannot be written back exactly. */
export function encodeSource(decoded: DecodedSource, text: string): Buffer | null {
  if (!decoded.lossless) return null;
  const encoding: BufferEncoding | undefined = decoded.encoding === 'utf-8' ? 'utf8' : decoded.encoding === 'latin1' ? 'latin1' : undefined;
  if (!encoding) return null;
  const body = Buffer.from(text, encoding);
  return decoded.hasBom ? Buffer.concat([UTF8_BOM, body]) : body;
}
