// What every source (working tree, git index, git history) hands to the scan.
import { relative, resolve, sep } from 'node:path';
import type { SkippedFile, SourceFile } from '../types';

export type SourceItem = { kind: 'file'; file: SourceFile } | { kind: 'skipped'; skipped: SkippedFile };

/** Decides whether a path (relative, POSIX) is analysed at all; returns its kind or null. */
export type PathSelector = (path: string) => string | null;

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

// Directories that hold installed or generated code, never the project's own settings.
const JUNK_DIRECTORIES = new Set(['node_modules', '.git', '__pycache__', 'site-packages', '.tox', '.mypy_cache']);

export function isJunkPath(path: string): boolean {
  return path.split('/').some((segment) => JUNK_DIRECTORIES.has(segment));
}

/** A NUL byte in the first 8 KB marks a binary file, the heuristic git itself uses. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, 8192).includes(0);
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

/** A blob or file that was read: skipped when binary or too large, otherwise a SourceFile. */
export function contentItem(file: SourceFile, maxFileSize: number): SourceItem {
  if (file.content.length > maxFileSize) return skippedItem(file.path, 'too-large', `${file.content.length} bytes`);
  if (looksBinary(file.content)) return skippedItem(file.path, 'binary');
  return { kind: 'file', file };
}
