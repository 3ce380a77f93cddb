// Files on disk: what git tracks plus untracked files it does not ignore when
// the path is in a work tree, every file otherwise (minus installed code).
import { closeSync, existsSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors';
import { findWorkTreeRoot, listWorkTreeFiles } from './git';
import { contentItem, isJunkPath, skippedItem, toPosix, type PathSelector, type SourceItem } from './source';

export interface WorkTreeOptions {
  cwd: string;
  paths: string[];
  select: PathSelector;
  maxFileSize: number;
}

interface Candidate {
  absolute: string;
  /** The path reported in findings: relative to cwd, POSIX. */
  display: string;
  /** Symlinks are followed only to targets inside this directory. */
  boundary: string;
}

/**
 * The files under the paths, in path order. A file's content is a view of a
 * buffer the next file is read into: it is valid until the next item is asked
 * for, so a consumer that keeps content must copy it.
 */
export async function* readWorkTree(options: WorkTreeOptions): AsyncGenerator<SourceItem> {
  const candidates = await listCandidates(options);
  const listed = new Set(candidates.map((candidate) => candidate.absolute));
  const buffer = new ReadBuffer();
  // Synchronous reads: files come from the page cache in microseconds, less
  // than a promise round trip through the thread pool costs per call.
  for (const candidate of candidates) {
    const item = readCandidate(candidate, listed, options.maxFileSize, buffer);
    if (item) yield item;
  }
}

/**
 * One buffer every file is read into. A fresh buffer per file made the kernel
 * fault in new pages for each copy: over half the read time of a large tree.
 */
class ReadBuffer {
  private bytes = Buffer.allocUnsafe(64 * 1024);

  /** The file's bytes (at most `limit` + 1, enough to tell it is too large). */
  read(path: string, expectedSize: number, limit: number): Buffer {
    const descriptor = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.bytes.length) {
          if (length > limit) break;
          const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, expectedSize + 1));
          this.bytes.copy(larger, 0, 0, length);
          this.bytes = larger;
        }
        const count = readSync(descriptor, this.bytes, length, this.bytes.length - length, null);
        if (count === 0) break;
        length += count;
      }
      return this.bytes.subarray(0, length);
    } finally {
      closeSync(descriptor);
    }
  }
}

async function listCandidates(options: WorkTreeOptions): Promise<Candidate[]> {
  const byPath = new Map<string, Candidate>();
  const add = (absolute: string, display: string, boundary: string): void => {
    if (!byPath.has(absolute) && options.select(display) !== null) byPath.set(absolute, { absolute, display, boundary });
  };
  for (const path of options.paths.length > 0 ? options.paths : ['.']) {
    const absolute = resolve(options.cwd, path);
    const stats = await lstat(absolute).catch(() => null);
    if (!stats) throw new UserError(`no such file or directory: ${path}`);
    if (!stats.isDirectory()) {
      add(absolute, displayPath(options.cwd, absolute), options.cwd);
      continue;
    }
    // Paths are joined as strings: path.join and path.relative per file cost more than reading it.
    const directoryDisplay = displayPath(options.cwd, absolute);
    const displayPrefix = directoryDisplay === '.' ? '' : `${directoryDisplay}/`;
    const absolutePrefix = absolute.endsWith(sep) ? absolute : absolute + sep;
    const venvs = new VirtualenvDetector(absolute);
    for (const file of await listDirectory(absolute)) {
      if (isJunkPath(file) || venvs.isInside(file)) continue;
      add(absolutePrefix + (sep === '/' ? file : file.split('/').join(sep)), displayPrefix + file, absolute);
    }
  }
  return [...byPath.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

/** The path reported in findings: relative to cwd, POSIX. */
function displayPath(cwd: string, absolute: string): string {
  return toPosix(relative(cwd, absolute)) || '.';
}

/** The files under `directory`, as POSIX paths relative to it. */
async function listDirectory(directory: string): Promise<string[]> {
  const root = await findWorkTreeRoot(directory);
  if (root) {
    const pathspec = toPosix(relative(root, directory));
    const files = await listWorkTreeFiles(root, [pathspec || '.']);
    if (!pathspec) return files;
    const prefix = `${pathspec}/`;
    return files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
  }
  // Loaded only here: inside a git work tree (the usual case) git lists the files.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fg = require('fast-glob') as typeof import('fast-glob');
  const entries = await fg('**', {
    cwd: directory,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/node_modules/**', '**/.git/**', '**/__pycache__/**', '**/site-packages/**', '**/.tox/**', '**/.mypy_cache/**'],
  });
  return entries.filter((entry) => !entry.endsWith('/'));
}

/** A directory holding pyvenv.cfg is a virtualenv (PEP 405), whatever its name. */
class VirtualenvDetector {
  /** Directory (POSIX, relative to the top) -> whether it is or is inside a virtualenv. */
  private readonly known = new Map<string, boolean>([['', false]]);

  constructor(private readonly top: string) {}

  /** `file`: POSIX, relative to the top. */
  isInside(file: string): boolean {
    return this.isVirtualenv(file.slice(0, Math.max(0, file.lastIndexOf('/'))));
  }

  private isVirtualenv(directory: string): boolean {
    let answer = this.known.get(directory);
    if (answer === undefined) {
      answer = this.isVirtualenv(directory.slice(0, Math.max(0, directory.lastIndexOf('/')))) || existsSync(join(this.top, directory, 'pyvenv.cfg'));
      this.known.set(directory, answer);
    }
    return answer;
  }
}

function isWithin(directory: string, path: string): boolean {
  return path === directory || path.startsWith(directory.endsWith(sep) ? directory : directory + sep);
}

/** `call()`, or null when it throws. */
function orNull<T>(call: () => T): T | null {
  try {
    return call();
  } catch {
    return null;
  }
}

// lstat before opening anything: a FIFO or socket is never opened, and a
// symlink is followed only to a regular file inside the boundary.
function readCandidate(candidate: Candidate, listed: Set<string>, maxFileSize: number, buffer: ReadBuffer): SourceItem | null {
  const { absolute, display } = candidate;
  let stats: Stats | null | undefined = orNull(() => lstatSync(absolute));
  // Listed by git but deleted from the working tree since: nothing to scan.
  if (!stats) return null;
  let target = absolute;
  if (stats.isSymbolicLink()) {
    // realpathSync.native is the same libuv call as fs.promises.realpath.
    const resolved = orNull(() => realpathSync.native(absolute));
    if (!resolved) return skippedItem(display, 'unreadable', 'broken symbolic link');
    const boundary = orNull(() => realpathSync.native(candidate.boundary)) ?? candidate.boundary;
    if (!isWithin(boundary, resolved)) return skippedItem(display, 'not-a-file', 'symbolic link to outside the scanned directory');
    // The target is scanned under its own name.
    if (listed.has(resolved)) return null;
    stats = orNull(() => statSync(resolved));
    if (!stats) return skippedItem(display, 'unreadable', 'broken symbolic link');
    target = resolved;
  }
  if (!stats.isFile()) return skippedItem(display, 'not-a-file');
  if (stats.size > maxFileSize) return skippedItem(display, 'too-large', `${stats.size} bytes`);
  let content: Buffer;
  try {
    content = buffer.read(target, stats.size, maxFileSize);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return skippedItem(display, 'unreadable', code ?? 'read failed');
  }
  return contentItem({ path: display, content }, maxFileSize);
}
