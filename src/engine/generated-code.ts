// Bundled and minified JavaScript is read, but not parsed whole: parsing every
// version of a megabyte bundle is where history scans went slow (about 0.4 s
// a version of a 650 KB bundle). Only the code around each mention of a
// secret name is parsed, each piece cut at a statement boundary and its
// brackets balanced so that the parser reads it as code.
import { searchLargeFile } from '../text/windows';
import type { SourceFile } from '../types';

const GENERATED_JAVASCRIPT_PATH = /(?:^|\/)(?:dist|build|vendor|vendors|bower_components|\.next|out)\/|[.-](?:min|bundle|umd|prod|production)\.[cm]?js$/;
const MINIFIED_LINE_LENGTH = 1000;
/** A generated file this small is parsed whole: windows would save nothing. */
const PARSED_WHOLE_BYTES = 64 * 1024;
const CONTEXT_BYTES = 2048;

/** Built output: by its path (dist/, vendor/, *.min.js) or by its shape (a line over 1,000 characters). */
export function looksGenerated(path: string, content: Buffer): boolean {
  if (content.length <= PARSED_WHOLE_BYTES) return false;
  if (GENERATED_JAVASCRIPT_PATH.test(path)) return true;
  const end = Math.min(content.length, 256 * 1024);
  for (let lineStart = 0; lineStart < end; ) {
    const lineEnd = content.indexOf(0x0a, lineStart);
    if ((lineEnd < 0 ? end : lineEnd) - lineStart > MINIFIED_LINE_LENGTH) return true;
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  return false;
}

/**
 * The pieces of a generated file (or of a window of one) around each mention
 * of `needles`, as files of their own that report the file's lines and columns.
 */
export function generatedCodeWindows(file: SourceFile, needles: readonly string[]): SourceFile[] {
  const baseLine = file.firstLine ?? 1;
  const baseColumn = file.firstColumn ?? 1;
  const search = searchLargeFile(needles, { contextBytes: CONTEXT_BYTES });
  search.push(file.content);
  return search.finish().windows.map((window) => {
    const { content } = file;
    const lineStart = content.lastIndexOf(0x0a, window.offset - 1) + 1;
    const windowEnd = window.offset + window.content.length;
    // Mid-line (minified code): the piece starts after a statement boundary and ends at one.
    const start = lineStart === window.offset ? window.offset : window.offset + firstBoundary(window.content) + 1;
    const end = windowEnd === content.length || content[windowEnd - 1] === 0x0a ? windowEnd : window.offset + lastBoundary(window.content) + 1;
    const piece = content.subarray(start, Math.max(start, end)).toString('utf8');
    const firstColumn = content.subarray(lineStart, start).toString('utf8').length + 1;
    return {
      ...file,
      content: Buffer.from(balanceBrackets(piece)),
      firstLine: baseLine + window.firstLine - 1,
      firstColumn: window.firstLine === 1 ? baseColumn + firstColumn - 1 : firstColumn,
    };
  });
}

const isBoundary = (byte: number | undefined): boolean => byte === 0x3b || byte === 0x7b || byte === 0x7d;

/** The index of the first `;`, `{` or `}` on the first line of `bytes`, or -1. */
function firstBoundary(bytes: Buffer): number {
  for (let index = 0; index < bytes.length && bytes[index] !== 0x0a; index++) if (isBoundary(bytes[index])) return index;
  return -1;
}

/** The index of the last `;` or `}` on the last line of `bytes`, or its last index. */
function lastBoundary(bytes: Buffer): number {
  for (let index = bytes.length - 1; index >= 0 && bytes[index] !== 0x0a; index--) if (bytes[index] === 0x3b || bytes[index] === 0x7d) return index;
  return bytes.length - 1;
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * A piece of code cut out of a larger one, made whole: a closing bracket with
 * no opening one is blanked (same length, so offsets hold), and brackets and
 * a string left open are closed at the end. Strings and comments are skipped;
 * a regular expression holding a bracket can still unbalance it, and the
 * parser's own error recovery takes over from there.
 */
export function balanceBrackets(code: string): string {
  const chars = code.split('');
  const open: string[] = [];
  let quote: string | null = null;
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    if (quote === '//' || quote === '/*') {
      const ends = quote === '//' ? char === '\n' : char === '*' && chars[index + 1] === '/';
      if (ends) quote = null;
      continue;
    }
    if (quote !== null) {
      if (char === '\\') index++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '/' && (chars[index + 1] === '/' || chars[index + 1] === '*')) quote = `/${chars[++index]}`;
    else if (char in CLOSING) open.push(char);
    else if (char === ')' || char === ']' || char === '}') {
      if (open.length > 0 && CLOSING[open[open.length - 1]!] === char) open.pop();
      else chars[index] = ' ';
    }
  }
  const unterminated = quote === null || quote.startsWith('/') ? (quote === '/*' ? '*/' : '') : quote;
  return `${chars.join('')}${unterminated}${open.reverse().map((char) => CLOSING[char]).join('')}`;
}
