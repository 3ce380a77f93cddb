// Which bytes are text, and in which encoding. UTF-16 and UTF-32 text, as
// marked by its byte order mark, is transcoded to UTF-8 so that every later
// step reads bytes of one encoding: Windows PowerShell 5.1's `>` writes
// UTF-16LE with a BOM, and python-dotenv and Python read such files when told
// their encoding.
import { isUtf8 } from 'node:buffer';

export const BINARY_PROBE_BYTES = 8192;
// Text with a stray NUL (a `# \0 note` line python-dotenv still loads, a NUL
// in a JS comment Node still runs) stays text; binary formats (PNG, zip, gzip)
// fail UTF-8 within their first bytes or are full of control bytes.
const MAX_CONTROL_SHARE = 0.1;

/**
 * Binary, as judged by the first 8 KB: a NUL byte there (git's own test), and
 * not UTF-8 text otherwise. Every kind settings-guard reads (Python, env,
 * deployment and JavaScript files) is text, so one test serves them all.
 */
export function looksBinary(content: Buffer): boolean {
  return startLooksBinary(content.subarray(0, BINARY_PROBE_BYTES), content.length > BINARY_PROBE_BYTES);
}

/** looksBinary for the first bytes of a stream; `truncated` when more follow. */
export function startLooksBinary(start: Buffer, truncated: boolean): boolean {
  const head = start.subarray(0, BINARY_PROBE_BYTES);
  if (!head.includes(0)) return false;
  return !isUtf8Text(head, truncated || start.length > head.length) || controlShare(head) > MAX_CONTROL_SHARE;
}

/** `truncated`: the probe may end inside a character, whose first bytes are then forgiven. */
function isUtf8Text(bytes: Buffer, truncated: boolean): boolean {
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) if (isUtf8(bytes.subarray(0, bytes.length - cut))) return true;
  return false;
}

function controlShare(bytes: Buffer): number {
  let controls = 0;
  // Tab, line feed, vertical tab, form feed, carriage return and escape appear in text.
  for (const byte of bytes) if (byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) controls++;
  return controls / bytes.length;
}

export interface WideTextDecoder {
  /** The UTF-8 of the next bytes; a character split between calls is completed by the next one. */
  decode(bytes: Buffer): Buffer;
  /** What is left: a U+FFFD for a final incomplete character. */
  end(): Buffer;
}

const BYTE_ORDER_MARKS: { bytes: number[]; unit: 2 | 4; littleEndian: boolean }[] = [
  // UTF-32LE first: its mark begins with UTF-16LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], unit: 4, littleEndian: true },
  { bytes: [0x00, 0x00, 0xfe, 0xff], unit: 4, littleEndian: false },
  { bytes: [0xff, 0xfe], unit: 2, littleEndian: true },
  { bytes: [0xfe, 0xff], unit: 2, littleEndian: false },
];

/** A decoder for content that starts with a UTF-16 or UTF-32 byte order mark; null for any other (the usual case costs one byte test). */
export function wideTextDecoderFor(start: Buffer): WideTextDecoder | null {
  const first = start[0];
  if (first !== 0xff && first !== 0xfe && first !== 0x00) return null;
  const mark = BYTE_ORDER_MARKS.find((candidate) => candidate.bytes.every((byte, i) => start[i] === byte));
  if (!mark) return null;
  return mark.unit === 2 ? utf16Decoder(mark.littleEndian, mark.bytes.length) : utf32Decoder(mark.littleEndian, mark.bytes.length);
}

function utf16Decoder(littleEndian: boolean, markLength: number): WideTextDecoder {
  // TextDecoder keeps a surrogate pair split between chunks; the mark is dropped here, so a
  // U+FEFF after it is kept as text.
  const decoder = new TextDecoder('utf-16le', { ignoreBOM: true });
  let carry = Buffer.alloc(0);
  let markLeft = markLength;
  return {
    decode(bytes) {
      let data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      const whole = data.length - (data.length % 2);
      carry = Buffer.from(data.subarray(whole));
      data = data.subarray(0, whole);
      if (!littleEndian) data = Buffer.from(data).swap16();
      if (markLeft > 0) {
        data = data.subarray(markLeft);
        markLeft = 0;
      }
      return Buffer.from(decoder.decode(data, { stream: true }), 'utf8');
    },
    end() {
      return Buffer.from(decoder.decode() + (carry.length > 0 ? '\ufffd' : ''), 'utf8');
    },
  };
}

function utf32Decoder(littleEndian: boolean, markLength: number): WideTextDecoder {
  let carry = Buffer.alloc(0);
  let markLeft = markLength;
  return {
    decode(bytes) {
      let data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
      if (markLeft > 0) {
        const dropped = Math.min(markLeft, data.length);
        data = data.subarray(dropped);
        markLeft -= dropped;
      }
      const whole = data.length - (data.length % 4);
      carry = Buffer.from(data.subarray(whole));
      let text = '';
      for (let at = 0; at < whole; at += 4) {
        const point = littleEndian ? data.readUInt32LE(at) : data.readUInt32BE(at);
        const valid = point <= 0x10ffff && (point < 0xd800 || point > 0xdfff);
        text += valid ? String.fromCodePoint(point) : '\ufffd';
      }
      return Buffer.from(text, 'utf8');
    },
    end() {
      return Buffer.from(carry.length > 0 ? '\ufffd' : '', 'utf8');
    },
  };
}
