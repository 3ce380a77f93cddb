// A file too large to analyse whole is still searched: its bytes stream past
// once, every mention of a secret name is found, and the lines around each
// mention are kept as a window to analyse. Memory stays bounded whatever the
// file's size: the bytes kept are the context behind the stream, the window
// being filled, and the finished windows, which are capped in total.
import { BINARY_PROBE_BYTES, startLooksBinary, wideTextDecoderFor, type WideTextDecoder } from './encoding';

export interface TextWindow {
  /** The file's line (1-based) the window's content starts on. */
  firstLine: number;
  /** The column (1-based, in UTF-16 code units) of that line the content starts at: 1 unless a line was too long to keep whole. */
  firstColumn: number;
  /** Where the content starts in the (transcoded) text, in bytes. */
  offset: number;
  content: Buffer;
}

export interface LargeFileFindings {
  windows: TextWindow[];
  binary: boolean;
  /** Mentions of a secret name found in the file. */
  mentions: number;
  /** Mentions in no window, because the windows reached their total cap: not analysed. */
  mentionsLeftOut: number;
}

export interface LargeFileSearch {
  push(chunk: Buffer): void;
  finish(): LargeFileFindings;
}

// Bytes of context on each side of a mention: a multi-line statement, a dict
// or a call around a key is read whole; the edges snap to line starts.
const DEFAULT_CONTEXT_BYTES = 16 * 1024;
// A run of mentions is split into windows no larger than this, so one window never holds the file.
const MAX_WINDOW_BYTES = 512 * 1024;
const MAX_WINDOWS_TOTAL_BYTES = 8 * 1024 * 1024;
const LINE_FEED = 0x0a;

/** A search for `needles` (the analysis's prefilter strings for the file's kind); chunks in file order. */
export function searchLargeFile(needles: readonly string[], options: { contextBytes?: number } = {}): LargeFileSearch {
  return new Search(
    needles.map((needle) => Buffer.from(needle, 'utf8')),
    options.contextBytes ?? DEFAULT_CONTEXT_BYTES,
  );
}

interface OpenWindow {
  start: number;
  /** Where the last mention in it ends. */
  mentionEnd: number;
  mentions: number;
}

class Search implements LargeFileSearch {
  private readonly longestNeedle: number;
  /** The first bytes, until there are enough to tell text from binary; null once told. */
  private head: Buffer[] | null = [];
  private headLength = 0;
  private decoder: WideTextDecoder | null = null;
  private binary = false;
  /** The bytes still needed: context behind the stream and the open window. Offsets are into the (transcoded) text. */
  private kept: Buffer = Buffer.alloc(0);
  private keptStart = 0;
  private keptStartLine = 1;
  private keptStartColumn = 1;
  private searchedTo = 0;
  private open: OpenWindow | null = null;
  /** Windows never overlap, so no finding is made twice: the next starts where the last ended, at the earliest. */
  private lastWindowEnd = 0;
  private readonly windows: TextWindow[] = [];
  private windowBytes = 0;
  private mentions = 0;
  private mentionsLeftOut = 0;

  constructor(
    private readonly needles: readonly Buffer[],
    private readonly contextBytes: number,
  ) {
    this.longestNeedle = Math.max(1, ...needles.map((needle) => needle.length));
  }

  push(chunk: Buffer): void {
    if (this.binary) return;
    if (this.head) {
      this.head.push(Buffer.from(chunk));
      this.headLength += chunk.length;
      if (this.headLength >= BINARY_PROBE_BYTES) this.judgeHead(true);
      return;
    }
    this.take(this.decoder ? this.decoder.decode(chunk) : chunk);
  }

  finish(): LargeFileFindings {
    if (this.head) this.judgeHead(false);
    if (!this.binary) {
      if (this.decoder) this.take(this.decoder.end());
      if (this.open) this.close(this.open, this.keptStart + this.kept.length);
    }
    return { windows: this.windows, binary: this.binary, mentions: this.mentions, mentionsLeftOut: this.mentionsLeftOut };
  }

  /** `moreToCome`: the file goes on past these bytes. */
  private judgeHead(moreToCome: boolean): void {
    const head = Buffer.concat(this.head ?? []);
    this.head = null;
    this.decoder = wideTextDecoderFor(head);
    if (!this.decoder && startLooksBinary(head, moreToCome)) {
      this.binary = true;
      return;
    }
    this.take(this.decoder ? this.decoder.decode(head) : head);
  }

  private take(data: Buffer): void {
    if (data.length === 0) return;
    // Copied: a caller may read its next chunk into the same buffer.
    this.kept = Buffer.concat([this.kept, data]);
    const end = this.keptStart + this.kept.length;
    // A mention split between two chunks is found once: a match is new when it ends past what was searched.
    const from = Math.max(this.keptStart, this.searchedTo - this.longestNeedle + 1);
    for (const mention of this.mentionsFrom(from)) this.mention(mention.at, mention.end);
    this.searchedTo = end;
    // Closed once every mention that would join it has been seen (one within twice the context).
    if (this.open && end - this.longestNeedle >= this.open.mentionEnd + 2 * this.contextBytes) {
      this.close(this.open, this.windowEnd(this.open.mentionEnd));
      this.open = null;
    }
    this.dropUnneeded(end);
  }

  private mentionsFrom(from: number): { at: number; end: number }[] {
    const found: { at: number; end: number }[] = [];
    for (const needle of this.needles) {
      for (let index = this.kept.indexOf(needle, from - this.keptStart); index >= 0; index = this.kept.indexOf(needle, index + 1)) {
        const at = this.keptStart + index;
        if (at + needle.length > this.searchedTo) found.push({ at, end: at + needle.length });
      }
    }
    // Overlapping needles (secret, SECRET_KEY) at one place are one mention.
    found.sort((a, b) => a.at - b.at);
    return found.filter((mention, i) => i === 0 || mention.at >= found[i - 1]!.end);
  }

  private mention(at: number, end: number): void {
    this.mentions++;
    const open = this.open;
    if (open && at <= open.mentionEnd + 2 * this.contextBytes && end - open.start <= MAX_WINDOW_BYTES) {
      open.mentionEnd = Math.max(open.mentionEnd, end);
      open.mentions++;
      return;
    }
    // Either far from the open window (whose context has arrived), or the window is full: it ends before this mention.
    if (open) this.close(open, Math.min(this.windowEnd(open.mentionEnd), this.lineStartAtOrBefore(at, open.mentionEnd)));
    this.open = { start: this.windowStart(at), mentionEnd: end, mentions: 1 };
  }

  /** The start of the line the context before `at` begins in (mid-line when that line is longer). */
  private windowStart(at: number): number {
    const lowest = Math.max(this.keptStart, this.lastWindowEnd, at - this.contextBytes);
    if (lowest === 0) return 0;
    const lineFeed = this.kept.indexOf(LINE_FEED, Math.max(0, lowest - 1 - this.keptStart));
    return lineFeed >= 0 && this.keptStart + lineFeed < at ? this.keptStart + lineFeed + 1 : lowest;
  }

  /** The end of the last whole line within the context after `mentionEnd` (mid-line when that line is longer). */
  private windowEnd(mentionEnd: number): number {
    const highest = Math.min(this.keptStart + this.kept.length, mentionEnd + this.contextBytes);
    return this.lineStartAtOrBefore(highest, mentionEnd);
  }

  /** The start of the line holding `offset`, if it is after `lowest`; else `offset`. */
  private lineStartAtOrBefore(offset: number, lowest: number): number {
    if (offset <= this.keptStart) return offset;
    const lineFeed = this.kept.lastIndexOf(LINE_FEED, offset - 1 - this.keptStart);
    return lineFeed >= 0 && this.keptStart + lineFeed >= lowest ? this.keptStart + lineFeed + 1 : offset;
  }

  private close(open: OpenWindow, end: number): void {
    this.lastWindowEnd = end;
    const content = Buffer.from(this.kept.subarray(open.start - this.keptStart, end - this.keptStart));
    if (this.windowBytes + content.length > MAX_WINDOWS_TOTAL_BYTES) {
      this.mentionsLeftOut += open.mentions;
      return;
    }
    this.windowBytes += content.length;
    const start = open.start - this.keptStart;
    this.windows.push({ firstLine: this.keptStartLine + countLineFeeds(this.kept, 0, start), firstColumn: this.columnAt(start), offset: open.start, content });
  }

  /** The column of the kept byte at `index`. */
  private columnAt(index: number): number {
    const lineFeed = index > 0 ? this.kept.lastIndexOf(LINE_FEED, index - 1) : -1;
    return lineFeed >= 0 ? 1 + utf16Length(this.kept, lineFeed + 1, index) : this.keptStartColumn + utf16Length(this.kept, 0, index);
  }

  /** Keeps the open window and the context a mention in the next chunk may need; counts the lines dropped. */
  private dropUnneeded(end: number): void {
    const keepFrom = Math.min(this.open?.start ?? end, end - this.contextBytes - this.longestNeedle);
    if (keepFrom <= this.keptStart) return;
    this.keptStartLine += countLineFeeds(this.kept, 0, keepFrom - this.keptStart);
    this.keptStartColumn = this.columnAt(keepFrom - this.keptStart);
    this.kept = Buffer.from(this.kept.subarray(keepFrom - this.keptStart));
    this.keptStart = keepFrom;
  }
}

/** The columns (UTF-16 code units) the UTF-8 bytes [start, end) take: continuation bytes add none, a four-byte character two. */
function utf16Length(bytes: Buffer, start: number, end: number): number {
  let length = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 0x80 || byte >= 0xc0) length += byte >= 0xf0 ? 2 : 1;
  }
  return length;
}

function countLineFeeds(bytes: Buffer, start: number, end: number): number {
  let count = 0;
  for (let index = bytes.indexOf(LINE_FEED, start); index >= 0 && index < end; index = bytes.indexOf(LINE_FEED, index + 1)) count++;
  return count;
}
