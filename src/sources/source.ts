// What every source (working tree, git index, git history) hands to the scan.
import { relative, resolve, sep } from 'node:path';
import type { FileTracking, Finding, SkippedFile, SourceFile } from '../types';
import type { LargeFileSearch } from '../text/windows';
import { looksBinary, wideTextDecoderFor } from '../text/encoding';

export type SourceItem =
  | { kind: 'file'; file: SourceFile }
  | { kind: 'skipped'; skipped: SkippedFile }
  /**
   * A file too large to analyse whole: the windows around each mention of a
   * secret name, each a SourceFile with its `firstLine`; `skipped` when some
   * mentions fell outside every window.
   */
  | { kind: 'windows'; path: string; windows: SourceFile[]; skipped?: SkippedFile };

/** Decides whether a path (relative, POSIX) is analysed at all; returns its kind or null. */
export type PathSelector = (path: string) => string | null;

/** The byte strings whose absence proves the file at a path holds no key (the analysis's prefilter for its kind). */
export type NeedlesOf = (path: string) => readonly string[];

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

// Directories that hold installed or generated code, never the project's own
// settings: kept out of a working-tree listing when git does not track them.
const JUNK_DIRECTORIES = new Set(['node_modules', '.git', '__pycache__', 'site-packages', '.tox', '.mypy_cache']);

export function isJunkPath(path: string): boolean {
  return path.split('/').some((segment) => JUNK_DIRECTORIES.has(segment));
}

export function toPosix(path: string): string {
  return path.split('\\').join('/');
}

/** `file`, relative to the directory `from`, as a POSIX path relative to the directory `to`. */
export function rebasePath(file: string, from: string, to: string): string {
  return toPosix(relative(to, resolve(from, file)));
}

/** `path` is `directory` or inside it (both absolute, native separators). */
export function isWithin(directory: string, path: string): boolean {
  return path === directory || path.startsWith(directory.endsWith(sep) ? directory : directory + sep);
}

export function skippedItem(file: string, reason: SkippedFile['reason'], detail?: string): SourceItem {
  return { kind: 'skipped', skipped: detail === undefined ? { file, reason } : { file, reason, detail } };
}

/** A file of a kind settings-guard reads that could not be read: it could hold a key, so the scan is incomplete. */
export function unreadItem(file: string, reason: SkippedFile['reason'], detail: string): SourceItem {
  return { kind: 'skipped', skipped: { file, reason, detail, couldHoldKey: true } };
}

/**
 * A blob or file that was read whole: UTF-16 and UTF-32 (marked by their BOM)
 * become UTF-8, so the byte prefilter and every analyser see text; binary
 * content is skipped.
 */
/** The item with `tracking` set on the file (every window of it too). */
export function withTracking(item: SourceItem, tracking: FileTracking | undefined): SourceItem {
  if (tracking === undefined) return item;
  if (item.kind === 'file') return { ...item, file: { ...item.file, tracking } };
  if (item.kind === 'windows') return { ...item, windows: item.windows.map((window) => ({ ...window, tracking })) };
  return item;
}

export function contentItem(file: SourceFile): SourceItem {
  const decoder = wideTextDecoderFor(file.content);
  if (decoder) return { kind: 'file', file: { ...file, content: Buffer.concat([decoder.decode(file.content), decoder.end()]) } };
  if (looksBinary(file.content)) return skippedItem(file.path, 'binary');
  return { kind: 'file', file };
}

/** What a search of a large file found, as the items the scan analyses. */
export function windowsItem(file: Omit<SourceFile, 'content'>, search: LargeFileSearch, size: number): SourceItem {
  const found = search.finish();
  if (found.binary) return skippedItem(file.path, 'binary');
  const windows = found.windows.map((window) => ({ ...file, content: window.content, firstLine: window.firstLine, firstColumn: window.firstColumn }));
  if (found.mentionsLeftOut === 0) return { kind: 'windows', path: file.path, windows };
  const detail = `${size} bytes; ${found.mentionsLeftOut} of ${found.mentions} mentions of a secret name not analysed`;
  return { kind: 'windows', path: file.path, windows, skipped: { file: file.path, reason: 'too-large', detail, couldHoldKey: true } };
}

/** The findings of a file read whole, or of a large file's windows (which never overlap, so nothing is found twice). */
export function analyzeItem(item: Exclude<SourceItem, { kind: 'skipped' }>, analyze: (file: SourceFile) => Finding[]): Finding[] {
  return item.kind === 'file' ? analyze(item.file) : item.windows.flatMap(analyze);
}
