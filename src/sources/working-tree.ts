// Files on disk: what git tracks plus untracked files it does not ignore when
// the path is in a work tree, every file otherwise. Installed code (junk
// directories, virtualenvs) is left out only when git does not track it.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdir, readSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors';
import { findWorkTreeRoot, listWorkTreeFiles } from './git';
import { searchLargeFile } from '../text/windows';
import type { FileTracking } from '../types';
import {
  contentItem,
  isJunkPath,
  isWithin,
  skippedItem,
  toPosix,
  unreadItem,
  windowsItem,
  withTracking,
  type NeedlesOf,
  type PathSelector,
  type SourceItem,
} from './source';

export interface WorkTreeOptions {
  cwd: string;
  paths: string[];
  select: PathSelector;
  maxFileSize: number;
  needlesOf: NeedlesOf;
  /** Files read before all others (each group in path order): the scan learns from them how to read the rest. */
  readFirst?: (path: string) => boolean;
}

interface Candidate {
  absolute: string;
  /** The path reported in findings: relative to cwd, POSIX. */
  display: string;
  /** Symlinks are followed only to targets inside this directory. */
  boundary: string;
  /** git listed it: a regular file, a symbolic link or a submodule when listed, never a FIFO or a device. */
  listedByGit: boolean;
  /** Known when a listing gave it: git's (tracked or not) or, outside a work tree, the directory walk's. */
  tracking?: FileTracking;
}

/**
 * The files under the paths, in path order (those `readFirst` picks first). A file's content is a view of a
 * buffer the next file is read into: it is valid until the next item is asked
 * for, so a consumer that keeps content must copy it.
 */
export async function* readWorkTree(options: WorkTreeOptions): AsyncGenerator<SourceItem> {
  const listing = await listCandidates(options);
  const { unlisted } = listing;
  let candidates = listing.candidates;
  if (options.readFirst) {
    const first: Candidate[] = [];
    const rest: Candidate[] = [];
    for (const candidate of candidates) (options.readFirst(candidate.display) ? first : rest).push(candidate);
    candidates = first.concat(rest);
  }
  const listed = new Set(candidates.map((candidate) => candidate.absolute));
  const reading: Reading = { maxFileSize: options.maxFileSize, buffer: new ReadBuffer(), needlesOf: options.needlesOf };
  // Synchronous reads: files come from the page cache in microseconds, less
  // than a promise round trip through the thread pool costs per call.
  for (const candidate of candidates) {
    const item = readCandidate(candidate, listed, reading);
    if (item) yield withTracking(item, candidate.tracking);
  }
  for (const directory of unlisted) yield unreadItem(`${directory.path}/`, 'unreadable', `directory cannot be listed: ${directory.reason}`);
}

/**
 * One buffer every file is read into. A fresh buffer per file made the kernel
 * fault in new pages for each copy: over half the read time of a large tree.
 */
class ReadBuffer {
  private bytes = Buffer.allocUnsafe(64 * 1024);

  /** At most `size` bytes from the descriptor (fewer if the file was truncated since its fstat). */
  fill(descriptor: number, size: number): Buffer {
    if (this.bytes.length < size) this.bytes = Buffer.allocUnsafe(Math.max(size, this.bytes.length * 2));
    let length = 0;
    while (length < size) {
      const count = readSync(descriptor, this.bytes, length, size - length, null);
      if (count === 0) break;
      length += count;
    }
    return this.bytes.subarray(0, length);
  }
}

/** A directory the listing could not open (display path, no trailing slash), and why. */
interface UnlistedDirectory {
  path: string;
  reason: string;
}

// A directory's files are never listed, so whether the configuration excludes
// them is asked of a file of each kind that could be in it.
const PROBE_NAMES = ['settings.py', '.env', 'docker-compose.yml', 'app.js'];

async function listCandidates(options: WorkTreeOptions): Promise<{ candidates: Candidate[]; unlisted: UnlistedDirectory[] }> {
  const byPath = new Map<string, Candidate>();
  const unlisted: UnlistedDirectory[] = [];
  const add = (absolute: string, display: string, boundary: string, listedByGit = false, tracking?: FileTracking): void => {
    if (!byPath.has(absolute) && options.select(display) !== null) {
      byPath.set(absolute, { absolute, display, boundary, listedByGit, ...(tracking !== undefined && { tracking }) });
    }
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
    const listing = await listDirectory(absolute);
    for (const { path: file, tracked } of listing.files) {
      if (!tracked && (isJunkPath(file) || venvs.isInside(file))) continue;
      const tracking: FileTracking = !listing.fromGit ? 'outside-git' : tracked ? 'committed' : 'untracked';
      add(absolutePrefix + (sep === '/' ? file : file.split('/').join(sep)), displayPrefix + file, absolute, listing.fromGit, tracking);
    }
    for (const directory of listing.unlisted) {
      if (isJunkPath(directory.path) || venvs.isInside(`${directory.path}/`)) continue;
      const display = displayPrefix + directory.path;
      if (PROBE_NAMES.some((name) => options.select(`${display}/${name}`) !== null)) unlisted.push({ ...directory, path: display });
    }
  }
  const candidates = [...byPath.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { candidates, unlisted };
}

/** The path reported in findings: relative to cwd, POSIX. */
function displayPath(cwd: string, absolute: string): string {
  return toPosix(relative(cwd, absolute)) || '.';
}

interface DirectoryListing {
  /** POSIX paths relative to the directory; `tracked` when git tracks the file. */
  files: { path: string; tracked: boolean }[];
  fromGit: boolean;
  /** Directories under it that could not be opened, relative to it. */
  unlisted: UnlistedDirectory[];
}

/** The files under `directory`: git's listing inside a work tree, every file otherwise. */
async function listDirectory(directory: string): Promise<DirectoryListing> {
  const root = await findWorkTreeRoot(directory);
  if (root) {
    const pathspec = toPosix(relative(root, directory));
    const prefix = pathspec ? `${pathspec}/` : '';
    const listing = await listWorkTreeFiles(root, [pathspec || '.']);
    const files = listing.files
      // A sparse checkout leaves most skip-worktree files off the disk on purpose: those are not missing.
      .filter((file) => !file.skipWorktree || orNull(() => lstatSync(join(root, file.path))) !== null)
      .filter((file) => file.path.startsWith(prefix))
      .map((file) => ({ path: file.path.slice(prefix.length), tracked: file.tracked }));
    const unlisted = listing.unlisted
      .filter((directory) => directory.path.startsWith(prefix))
      .map((directory) => ({ ...directory, path: directory.path.slice(prefix.length) }));
    return { files, fromGit: true, unlisted };
  }
  return globDirectory(directory);
}

/** Outside a work tree: every file but installed code, and each directory that could not be read. */
async function globDirectory(directory: string): Promise<DirectoryListing> {
  // Loaded only here: inside a git work tree (the usual case) git lists the files.
  const fg = require('fast-glob') as typeof import('fast-glob');
  const unlisted: UnlistedDirectory[] = [];
  const entries = await fg('**', {
    cwd: directory,
    dot: true,
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/node_modules/**', '**/.git/**', '**/__pycache__/**', '**/site-packages/**', '**/.tox/**', '**/.mypy_cache/**'],
    // suppressErrors drops a directory it cannot read in silence: the adapter notes each one.
    fs: { readdir: noteUnreadable(unlisted, directory) },
  });
  const files = entries.filter((entry) => !entry.endsWith('/')).map((path) => ({ path, tracked: false }));
  return { files, fromGit: false, unlisted };
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: (string | Dirent)[]) => void;

/** fs.readdir (with or without options, as fast-glob's walker calls it), noting into `unlisted` each directory under `top` it fails on. */
function noteUnreadable(unlisted: UnlistedDirectory[], top: string): typeof readdir {
  const noting = (path: string, optionsOrCallback: object | ReaddirCallback, maybeCallback?: ReaddirCallback): void => {
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback)!;
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    (readdir as (path: string, options: object, callback: ReaddirCallback) => void)(path, options, (error, entries) => {
      if (error && error.code !== 'ENOENT' && error.code !== 'ENOTDIR') unlisted.push({ path: toPosix(relative(top, path)), reason: error.code ?? 'failed' });
      callback(error, entries);
    });
  };
  return noting as typeof readdir;
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


/** `call()`, or null when it throws. */
function orNull<T>(call: () => T): T | null {
  try {
    return call();
  } catch {
    return null;
  }
}

type Attempt<T> = { ok: true; value: T } | { ok: false; code: string };

/** `call()`'s value, or the error code it failed with. */
function attempt<T>(call: () => T): Attempt<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    return { ok: false, code: (error as NodeJS.ErrnoException).code ?? 'failed' };
  }
}

/** Why a symbolic link could not be followed (path_resolution(7): ELOOP for a loop, ENOENT for a dangling link). */
function brokenLinkReason(code: string): string {
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'broken symbolic link';
  return code;
}

/** A listed path that is no longer there, in words; null for any other error. */
function missingReason(code: string | undefined): string | null {
  // ENOTDIR: a directory on the way was replaced by a file.
  return code === 'ENOENT' || code === 'ENOTDIR' ? 'deleted during the scan' : null;
}

// A file git listed is opened at once: git lists regular files, symbolic links
// and submodules only, and the open below neither follows a link nor waits on
// a FIFO put in a file's place. Anything else, and any file that open refuses,
// is lstat-ed first: a FIFO or socket is never opened, and a symlink is
// followed only to a regular file inside the boundary. A file the listing
// named but that is gone by now was deleted while the scan ran: it is
// counted, never silently dropped.
function readCandidate(candidate: Candidate, listed: Set<string>, reading: Reading): SourceItem | null {
  const { absolute, display } = candidate;
  if (candidate.listedByGit && CAN_OPEN_FIRST) {
    // An lstat per file cost about 10 ms of a 0.3 s scan of 5,000 files (BENCHMARKS.md, round 5).
    const item = readOpened(absolute, display, reading, false);
    if (item) return item;
  }
  const link = attempt(() => lstatSync(absolute));
  if (!link.ok) return unreadableItem(display, link.code);
  let stats = link.value;
  let target = absolute;
  if (stats.isSymbolicLink()) {
    // realpathSync.native is the same libuv call as fs.promises.realpath.
    const resolved = attempt(() => realpathSync.native(absolute));
    if (!resolved.ok) return skippedItem(display, 'unreadable', brokenLinkReason(resolved.code));
    const boundary = orNull(() => realpathSync.native(candidate.boundary)) ?? candidate.boundary;
    if (!isWithin(boundary, resolved.value)) return skippedItem(display, 'not-a-file', 'symbolic link to outside the scanned directory');
    // The target is scanned under its own name.
    if (listed.has(resolved.value)) return null;
    const targetStats = attempt(() => statSync(resolved.value));
    if (!targetStats.ok) return skippedItem(display, 'unreadable', brokenLinkReason(targetStats.code));
    stats = targetStats.value;
    target = resolved.value;
  }
  if (!stats.isFile()) return skippedItem(display, 'not-a-file');
  return readOpened(target, display, reading, true);
}

/** A file that could not be read: gone since it was listed, or there and closed to us (it could hold a key). */
function unreadableItem(display: string, code: string | undefined): SourceItem {
  const missing = missingReason(code);
  return missing ? skippedItem(display, 'unreadable', missing) : unreadItem(display, 'unreadable', code ?? 'read failed');
}

// O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
// O_NOFOLLOW: a symbolic link put in the file's place is not followed. Neither
// exists on Windows, which has no FIFOs to hang on (open(2), Node's fs.constants).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
/** Opening before any lstat is safe only where the open itself refuses links and does not block. */
const CAN_OPEN_FIRST = constants.O_NOFOLLOW !== undefined && constants.O_NONBLOCK !== undefined;

/** How files are read: into one buffer, up to a size; a larger file is searched for the needles of its kind. */
interface Reading {
  maxFileSize: number;
  buffer: ReadBuffer;
  needlesOf: NeedlesOf;
}

/**
 * The content of the regular file at `path`, read through one descriptor.
 * The caller's lstat may be stale by the time the file is opened (replaced
 * by a FIFO, a directory, a link or a bigger file since), so the kind and the
 * size are judged on that descriptor's fstat, and at most that many bytes are
 * read: what is judged is what is read, once. With `afterLstat` false no
 * lstat came first, so nothing was "replaced", and an open that fails (a
 * link, a socket, a file deleted) gives null: the caller's lstat then says
 * what the path is.
 */
export function readRegularFile(path: string, display: string, maxFileSize: number, needlesOf: NeedlesOf = () => []): SourceItem {
  return readOpened(path, display, { maxFileSize, buffer: new ReadBuffer(), needlesOf }, true);
}

function readOpened(path: string, display: string, reading: Reading, afterLstat: true): SourceItem;
function readOpened(path: string, display: string, reading: Reading, afterLstat: boolean): SourceItem | null;
function readOpened(path: string, display: string, reading: Reading, afterLstat: boolean): SourceItem | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if (!afterLstat) return null;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return skippedItem(display, 'not-a-file', 'replaced by a symbolic link during the scan');
    return unreadableItem(display, code ?? 'open failed');
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return afterLstat ? skippedItem(display, 'not-a-file', `replaced by ${kindOf(stats)} during the scan`) : skippedItem(display, 'not-a-file');
    if (stats.size > reading.maxFileSize) return searchOpenedFile(fd, stats.size, display, reading);
    return contentItem({ path: display, content: reading.buffer.fill(fd, stats.size) });
  } catch (error) {
    return unreadItem(display, 'unreadable', (error as NodeJS.ErrnoException).code ?? 'read failed');
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'something other than a file';
}

const LARGE_FILE_CHUNK_BYTES = 1024 * 1024;

/** A file over the size limit, streamed through a search a chunk at a time: never held whole. */
function searchOpenedFile(fd: number, size: number, display: string, reading: Reading): SourceItem {
  const search = searchLargeFile(reading.needlesOf(display));
  const chunk = Buffer.allocUnsafe(LARGE_FILE_CHUNK_BYTES);
  for (let read = 0; read < size; ) {
    const count = readSync(fd, chunk, 0, Math.min(chunk.length, size - read), null);
    if (count === 0) break;
    search.push(chunk.subarray(0, count));
    read += count;
  }
  return windowsItem({ path: display }, search, size);
}
