// The only module that runs git. Short commands are run to completion with
// their output collected; the two streams that can be large (blob contents and
// the history listing) are read incrementally, never buffered whole. Plain
// child processes rather than simple-git: loading simple-git takes about 15 ms
// (measured on Node 20), a quarter of the hook's whole budget of 1.5x Node's
// own start-up, and every git it starts costs the hook again.
import { spawn } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors';
import type { CommitInfo } from '../types';
import type { LargeFileSearch } from '../text/windows';

export interface Repository {
  /** Absolute path of the work tree's top level. */
  root: string;
  gitDir: string;
  shallow: boolean;
  objectFormat: string;
  /** The commit HEAD names, when openRepository was asked to resolve it; null on an unborn branch. */
  head?: string | null;
}

/** Mode of a gitlink (a submodule's commit) and of a symbolic link, as git records them. */
export const SUBMODULE_MODE = '160000';
export const SYMLINK_MODE = '120000';

const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/** git exited non-zero: the message is its stderr (or the exit code when it wrote none). */
class GitCommandError extends Error {
  constructor(
    readonly code: number,
    readonly stdout: string,
    readonly stderr: string,
    command: string,
  ) {
    super(stderr || `git ${command} exited with ${code}`);
  }
}

/**
 * Runs `git ARGS` in `dir` and resolves with its stdout; rejects with its
 * stderr when it exits non-zero, or with the spawn error (ENOENT) when git
 * cannot be started. Git runs a pre-commit hook with GIT_INDEX_FILE pointing
 * at the index the commit will be made from (a temporary one for `commit -a`
 * or `commit PATH`), so every git we run sees exactly the environment git gave us.
 */
function runGit(dir: string, args: string[]): Promise<string> {
  return runGitForOutput(dir, args).then((output) => output.stdout);
}

/** runGit, also resolving with what git warned of on stderr; `env` is added to ours. */
function runGitForOutput(dir: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...(env && { env: { ...process.env, ...env } }) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolvePromise({ stdout, stderr: Buffer.concat(err).toString('utf8') });
      else reject(new GitCommandError(code ?? -1, stdout, Buffer.concat(err).toString('utf8'), args[0] ?? ''));
    });
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.replace(/^fatal: /, '') ?? '';
}

/**
 * The repository at `cwd`; a UserError outside one. A bare repository (a CI
 * mirror) has no work tree: its git directory stands in as the root, which is
 * enough for history scans.
 */
export async function openRepository(cwd: string, options: { needsWorkTree: boolean; resolveHead?: boolean }): Promise<Repository> {
  const details = ['--absolute-git-dir', '--is-shallow-repository', '--show-object-format'];
  let output: string;
  let root: string | null = null;
  let head: string | null | undefined;
  let headInOutput = options.resolveHead === true;
  try {
    if (options.resolveHead) {
      // One git instead of two: rev-parse prints the details, then HEAD's commit;
      // on an unborn branch `-q --verify` makes it exit 1 quietly after the details.
      output = await runGit(cwd, ['rev-parse', '--show-toplevel', ...details, '-q', '--verify', 'HEAD^{commit}']).catch((error: unknown) => {
        const unborn = error instanceof GitCommandError && error.code === 1 && error.stderr === '' && error.stdout.split('\n').length > details.length;
        if (!unborn) throw error;
        head = null;
        return error.stdout;
      });
    } else {
      output = await runGit(cwd, ['rev-parse', '--show-toplevel', ...details]);
    }
    [root = null] = output.split('\n', 1);
    output = output.slice(output.indexOf('\n') + 1);
  } catch (error) {
    const message = messageOf(error);
    if (/ENOENT|spawn git/.test(message)) throw new UserError('git is not installed or not on PATH');
    if (/not a git repository/i.test(message)) throw new UserError(`not a git repository: ${cwd}`);
    if (!/must be run in a work tree/.test(message)) throw new UserError(`git failed in ${cwd}: ${firstLine(message)}`);
    if (options.needsWorkTree) throw new UserError(`this needs a git work tree, and ${cwd} has none (a bare repository?)`);
    headInOutput = false;
    output = await runGit(cwd, ['rev-parse', ...details]);
  }
  const [gitDir = '', shallow, objectFormat, headLine] = output.split('\n');
  const top = root || gitDir;
  if (headInOutput && head === undefined) head = headLine || null;
  return { root: top, gitDir, shallow: shallow === 'true', objectFormat: objectFormat || 'sha1', ...(head !== undefined && { head }) };
}

/** The top level of the work tree holding `dir`, or null when it is not in one (or git is missing). */
export async function findWorkTreeRoot(dir: string): Promise<string | null> {
  try {
    const output = await runGit(dir, ['rev-parse', '--show-toplevel']);
    return output.trim() || null;
  } catch {
    return null;
  }
}

/** Whether git tracks `path` (relative to `repoRoot`). */
export async function isTracked(repoRoot: string, path: string): Promise<boolean> {
  try {
    await runGit(repoRoot, ['ls-files', '--error-unmatch', '--', path]);
    return true;
  } catch {
    return false;
  }
}

/** Whether git would ignore `path`; null when git cannot tell (exit codes: git-check-ignore(1)). */
export async function isIgnored(repoRoot: string, path: string): Promise<boolean | null> {
  try {
    await runGit(repoRoot, ['check-ignore', '-q', '--no-index', '--', path]);
    return true;
  } catch (error) {
    return error instanceof GitCommandError && error.code === 1 ? false : null;
  }
}

/**
 * The blobs at paths `wanted` accepts, in any commit reachable from any ref,
 * each with the first path it was listed at; how many reachable blobs this
 * repository lacks (a partial clone's, at any path: git names no path for
 * them); and whether the history is cut short (a shallow clone). Null when
 * git cannot list them. Nothing is fetched to find out.
 */
export async function listReachableBlobs(
  repoRoot: string,
  wanted: (path: string) => boolean,
): Promise<{ blobs: Map<string, string>; missing: number; shallow: boolean } | null> {
  let listing: string;
  let shallow: string;
  try {
    // --missing=print: in a partial clone, every other choice fetches each missing blob from the remote.
    [listing, shallow] = await Promise.all([
      runGit(repoRoot, ['rev-list', '--all', '--objects', '--missing=print']),
      runGit(repoRoot, ['rev-parse', '--is-shallow-repository']),
    ]);
  } catch {
    return null;
  }
  const blobs = new Map<string, string>();
  let missing = 0;
  for (const line of listing.split('\n')) {
    if (line.startsWith('?')) {
      missing++;
      continue;
    }
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const [blob, path] = [line.slice(0, space), line.slice(space + 1)];
    if (!blobs.has(blob) && wanted(path)) blobs.set(blob, path);
  }
  return { blobs, missing, shallow: shallow.trim() === 'true' };
}

export async function resolveCommit(repo: Repository, revision: string): Promise<string | null> {
  try {
    const output = await runGit(repo.root, ['rev-parse', '-q', '--verify', '--end-of-options', `${revision}^{commit}`]);
    return output.trim() || null;
  } catch {
    return null;
  }
}

function splitNul(output: string): string[] {
  const parts = output.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/**
 * git could not list `what` (a damaged .git/index, say): nothing of it was
 * read, so the scan is incomplete (exit 3), said in git's own words.
 */
function unreadableIndex(what: string): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof GitCommandError)) throw error;
    throw new UserError(`git could not list ${what}, so nothing was scanned: ${firstLine(error.message)}`, 3);
  };
}

export interface WorkTreeFile {
  /** Relative to the repository root. */
  path: string;
  /**
   * Outside a sparse checkout (git's skip-worktree bit): usually absent from
   * disk by design, but a file someone keeps local edits in this way is there.
   */
  skipWorktree: boolean;
  /** In the index: what a commit holds, so never passed over as clutter. */
  tracked: boolean;
}

// git warns and goes on when it cannot open a directory while looking for
// untracked files (dir.c, open_cached_dir); LC_ALL=C keeps the words English.
const UNOPENED_DIRECTORY = /^warning: could not open directory '(.*)\/': (.*)$/gm;

/**
 * Tracked files plus untracked ones that are not ignored, under `pathspecs`
 * (relative to the repository root), minus tracked files deleted from the
 * working tree: git knows them gone, so they are not there to scan. Also the
 * directories git could not open to look for untracked files, and why.
 */
export async function listWorkTreeFiles(
  repoRoot: string,
  pathspecs: string[],
): Promise<{ files: WorkTreeFile[]; unlisted: { path: string; reason: string }[] }> {
  // -t tags each path (git-ls-files(1)): H tracked, S skip-worktree, M unmerged,
  // ? untracked, and R for the deleted ones --deleted lists a second time.
  const { stdout: output, stderr } = await runGitForOutput(
    repoRoot,
    ['--literal-pathspecs', 'ls-files', '-z', '-t', '--cached', '--others', '--deleted', '--exclude-standard', '--', ...pathspecs],
    { LC_ALL: 'C' },
  ).catch(unreadableIndex('the files of the work tree'));
  const unlisted = [...stderr.matchAll(UNOPENED_DIRECTORY)].map((match) => ({ path: match[1]!, reason: match[2]! }));
  const deleted = new Set<string>();
  const files = new Map<string, WorkTreeFile>();
  for (const entry of splitNul(output)) {
    const tag = entry.charAt(0);
    const path = entry.slice(2);
    if (tag === 'R') deleted.add(path);
    // A conflicted path is listed once per index stage.
    else if (!files.has(path)) files.set(path, { path, skipWorktree: tag === 'S', tracked: tag !== '?' });
  }
  return { files: [...files.values()].filter((file) => !deleted.has(file.path)), unlisted };
}

export interface TreeChange {
  oldMode: string;
  newMode: string;
  oldBlob: string;
  newBlob: string;
  /** A, C, D, M, R, T, U (unmerged) or X; renames and copies are not detected, so they show as A. */
  status: string;
  path: string;
}

export function isNullOid(oid: string): boolean {
  return /^0+$/.test(oid);
}

// `--raw -z` output: ":oldmode newmode oldsha newsha status\0path\0" per entry.
function parseRawEntry(header: string, path: string): TreeChange | null {
  const fields = header.slice(1).split(' ');
  if (fields.length < 5) return null;
  const [oldMode = '', newMode = '', oldBlob = '', newBlob = '', status = ''] = fields;
  return { oldMode, newMode, oldBlob, newBlob, status: status.charAt(0), path };
}

/** What the next commit will change: the index against HEAD, or against the empty tree before the first commit. */
export async function listStagedChanges(repo: Repository): Promise<TreeChange[]> {
  const head = repo.head !== undefined ? repo.head : await resolveCommit(repo, 'HEAD');
  const base = head ?? EMPTY_TREE[repo.objectFormat] ?? EMPTY_TREE.sha1!;
  const output = await runGit(repo.root, ['diff-index', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev', base, '--']).catch(
    unreadableIndex('the staged changes'),
  );
  const parts = splitNul(output);
  const changes: TreeChange[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const change = parseRawEntry(parts[i] ?? '', parts[i + 1] ?? '');
    if (change) changes.push(change);
  }
  return changes;
}

/**
 * The lines of the index's text files (or, given `commit`, its tree's) that
 * match `pathspecs` and hold one of `needles` (fixed strings), by path. git
 * grep reads the blobs in C, on several threads: far less than reading every
 * blob here would cost. For the index, the files git knows to be as staged
 * are read from the work tree, which costs half as much as inflating their
 * blobs; the others (changed since staged, deleted) are read from the index.
 */
export async function grepLines(repo: Repository, needles: readonly string[], pathspecs: readonly string[], commit?: string): Promise<Map<string, string[]>> {
  if (commit !== undefined) return grepIn(repo, needles, pathspecs, [commit]);
  // git grep reads assume-unchanged and skip-worktree entries from the index itself; diff-files lists the rest that differ.
  const [inWorkTree, changed] = await Promise.all([
    grepIn(repo, needles, pathspecs, []),
    runGit(repo.root, ['diff-files', '--name-only', '-z', '--', ...pathspecs]).then(splitNul),
  ]);
  if (changed.length === 0) return inWorkTree;
  // Past a command line's worth of paths, the whole index is searched instead.
  if (changed.length > 500) return grepIn(repo, needles, pathspecs, ['--cached']);
  for (const path of changed) inWorkTree.delete(path);
  for (const [path, lines] of await grepIn(repo, needles, changed, ['--cached'], true)) inWorkTree.set(path, lines);
  return inWorkTree;
}

/**
 * The lines of the work tree's files under `root` (tracked, and untracked ones
 * git does not ignore: what a directory scan reads) that match `pathspecs` and
 * hold one of `needles`, by path from `root`.
 */
export function grepWorkTreeLines(root: string, needles: readonly string[], pathspecs: readonly string[]): Promise<Map<string, string[]>> {
  return grepIn({ root }, needles, pathspecs, ['--untracked']);
}

async function grepIn(repo: Pick<Repository, 'root'>, needles: readonly string[], pathspecs: readonly string[], where: readonly string[], literal = false): Promise<Map<string, string[]>> {
  const commit = where[0] !== undefined && !where[0].startsWith('--') ? where[0] : undefined;
  // The configuration must not add line numbers or columns to what is parsed here.
  const args = [
    ...(literal ? ['--literal-pathspecs'] : []), '-c', 'grep.lineNumber=false', '-c', 'grep.column=false', 'grep', '-z', '-I', '-F', '--full-name', '--no-color',
    ...needles.flatMap((needle) => ['-e', needle]), ...where, '--', ...pathspecs,
  ];
  let output: string;
  try {
    // As cat-file: never a fetch from a promisor remote (a partial clone's missing blob is an error).
    output = (await runGitForOutput(repo.root, args, { GIT_NO_LAZY_FETCH: '1' })).stdout;
  } catch (error) {
    // Exit code 1: no file matched.
    if (error instanceof GitCommandError && error.code === 1 && error.stderr === '') return new Map();
    throw error;
  }
  const prefix = commit === undefined ? '' : `${commit}:`;
  const lines = new Map<string, string[]>();
  for (const record of output.split('\n')) {
    const nul = record.indexOf('\0');
    if (nul < 0) continue;
    const path = record.startsWith(prefix) ? record.slice(prefix.length, nul) : record.slice(0, nul);
    const list = lines.get(path) ?? [];
    list.push(record.slice(nul + 1));
    lines.set(path, list);
  }
  return lines;
}

/** Blob ids of `paths` in `commit`'s tree (regular files only). */
export async function listTreeBlobs(repo: Repository, commit: string, paths: string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  if (paths.length === 0) return blobs;
  const output = await runGit(repo.root, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths]);
  for (const entry of splitNul(output)) {
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && oid && mode !== SYMLINK_MODE) blobs.set(entry.slice(tab + 1), oid);
  }
  return blobs;
}

/** Each remote-tracking ref (refs/remotes/*, short name) and the commit it names; symbolic ones (origin/HEAD) left out. */
export async function listRemoteTrackingRefs(repo: Repository): Promise<{ ref: string; commit: string }[]> {
  let output: string;
  try {
    output = await runGit(repo.root, ['for-each-ref', '--format=%(refname:short)%09%(objectname)%09%(objecttype)%09%(symref)', 'refs/remotes']);
  } catch {
    return [];
  }
  return output
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([ref, commit, type, symref]) => ref && commit && type === 'commit' && !symref)
    .map(([ref, commit]) => ({ ref: ref!, commit: commit! }));
}

/** Where git looks for hooks (honours core.hooksPath), as an absolute path. */
export async function hooksDirectory(repo: Repository): Promise<string> {
  const output = (await runGit(repo.root, ['rev-parse', '--git-path', 'hooks'])).trim();
  return isAbsolute(output) ? output : resolve(repo.root, output);
}

export async function readConfig(repo: Repository, key: string): Promise<string | null> {
  try {
    return (await runGit(repo.root, ['config', '--get', key])).trim() || null;
  } catch {
    return null;
  }
}

/** A git boolean as git-config(1) reads it; a key with no value at all is true. */
function isTrue(value: string): boolean {
  return /^(?:true|yes|on|1|)$/i.test(value.trim());
}

/**
 * The blobs a partial clone holds; null when the repository is not a partial
 * clone, where every blob a commit names is expected to be here. cat-file
 * asked for a blob a partial clone lacks fetches it from the promisor remote,
 * and when that fails, or GIT_NO_LAZY_FETCH forbids it, git dies rather than
 * answer `missing` (promisor_remote_get_direct in git's promisor-remote.c, the
 * same in 2.39 and 2.44+), which would end the scan at the first such blob.
 * With this list the reader answers `missing` for each of them without asking
 * git. Enumerating the object store fetches nothing.
 */
export async function listLocalBlobs(repo: Repository): Promise<Set<string> | null> {
  let promisors: string;
  try {
    promisors = await runGit(repo.root, ['config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$']);
  } catch {
    return null;
  }
  const partial = promisors.split('\n').some((line) => {
    const space = line.indexOf(' ');
    const [key, value] = space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
    return key === 'extensions.partialclone' ? value.trim() !== '' : key.endsWith('.promisor') && isTrue(value);
  });
  if (!partial) return null;
  const blobs = new Set<string>();
  try {
    await streamLines(repo.root, ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objecttype) %(objectname)'], (line) => {
      if (line.startsWith('blob ')) blobs.add(line.slice(5));
    });
  } catch {
    // Unknown, then: the reader asks git for every blob, and stops at the first it cannot have (exit 3).
    return null;
  }
  return blobs;
}

/** Runs git and hands each line of its output to `onLine` as it arrives, never holding the whole output. */
function streamLines(dir: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let carry = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (carry !== '') onLine(carry);
      if (code === 0) resolvePromise();
      else reject(new GitCommandError(code ?? -1, '', stderr, args[0] ?? ''));
    });
  });
}

export type BlobRead =
  | { status: 'ok'; content: Buffer }
  /** `search`: what the reader's search saw of the content as it streamed past; null when none was asked for. */
  | { status: 'too-large'; size: number; search: LargeFileSearch | null }
  | { status: 'missing' };

/**
 * Why cat-file exited. A blob a partial clone should have but lacks (pruned
 * after listLocalBlobs listed it) makes cat-file exit, which leaves the
 * history unread (exit code 3), not a bug.
 */
function catFileStopped(stderr: string): Error {
  if (/promisor remote|lazy fetching/.test(stderr)) {
    return new UserError('the history could not be read in full: this partial clone lacks blobs that its remote cannot supply (fetch them, or clone without --filter)', 3);
  }
  return new Error(`git cat-file stopped: ${firstLine(stderr) || 'no output'}`);
}

interface PendingRead {
  oid: string;
  maxSize: number;
  searchLarge: (() => LargeFileSearch) | undefined;
  resolve: (result: BlobRead) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch`: requests are written as they come and
 * answered in order. A blob over `maxSize` is never held in memory: its
 * bytes go to a search as they stream past (or are dropped when none is asked for).
 */
export class BlobReader {
  private readonly child;
  private readonly queue: PendingRead[] = [];
  private headerChunks: Buffer[] = [];
  private body: { size: number; remaining: number; chunks: Buffer[] | null; search: LargeFileSearch | null } | null = null;
  private failure: Error | null = null;
  private stderr = '';
  private closing: Promise<void> | null = null;
  private readonly localBlobs: ReadonlySet<string> | null;

  /** `localBlobs`: in a partial clone, the blobs it holds (listLocalBlobs); any other is answered `missing` without asking git. */
  constructor(repoRoot: string, options: { localBlobs?: ReadonlySet<string> | null } = {}) {
    this.localBlobs = options.localBlobs ?? null;
    // GIT_NO_LAZY_FETCH (git 2.44, and the 2.39.4+ security releases): a scan
    // never fetches from a promisor remote, whatever it is asked for.
    this.child = spawn('git', ['cat-file', '--batch'], {
      cwd: repoRoot,
      env: { ...process.env, GIT_NO_LAZY_FETCH: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.child.on('error', (error) => this.fail(new UserError(`could not run git cat-file: ${error.message}`)));
    this.child.on('close', () => this.fail(catFileStopped(this.stderr)));
    this.child.stdin.on('error', () => undefined);
  }

  /** `searchLarge`: makes the search a blob over `maxSize` streams through. */
  read(oid: string, maxSize: number = Number.POSITIVE_INFINITY, searchLarge?: () => LargeFileSearch): Promise<BlobRead> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.localBlobs && !this.localBlobs.has(oid)) return Promise.resolve({ status: 'missing' });
    return new Promise<BlobRead>((resolve, reject) => {
      this.queue.push({ oid, maxSize, searchLarge, resolve, reject });
      // Requests made in the same tick go to git in one write: a write per blob
      // wakes cat-file once per blob, and history scans ask for thousands.
      if (this.child.stdin.writableCorked === 0) {
        this.child.stdin.cork();
        process.nextTick(() => this.child.stdin.uncork());
      }
      this.child.stdin.write(`${oid}\n`);
    });
  }

  /** Ends git's input and waits for it to exit; safe to call more than once. */
  close(): Promise<void> {
    if (!this.closing) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
      this.closing = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
      this.child.stdin.end();
    }
    return this.closing;
  }

  private fail(error: Error): void {
    if (!this.failure) this.failure = error;
    for (const pending of this.queue.splice(0)) pending.reject(this.failure);
  }

  private receive(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.body) {
        const body = this.body;
        const take = Math.min(body.remaining, rest.length);
        body.chunks?.push(rest.subarray(0, take));
        // The last byte is git's LF after the content, not part of it.
        body.search?.push(rest.subarray(0, Math.min(take, body.remaining - 1)));
        body.remaining -= take;
        rest = rest.subarray(take);
        if (body.remaining === 0) {
          this.body = null;
          const pending = this.queue.shift();
          if (!body.chunks) pending?.resolve({ status: 'too-large', size: body.size, search: body.search });
          // The content is followed by one LF that is not part of the blob.
          else pending?.resolve({ status: 'ok', content: Buffer.concat(body.chunks).subarray(0, body.size) });
        }
        continue;
      }
      const newline = rest.indexOf(0x0a);
      if (newline < 0) {
        this.headerChunks.push(rest);
        return;
      }
      const header = Buffer.concat([...this.headerChunks, rest.subarray(0, newline)]).toString('utf8');
      this.headerChunks = [];
      rest = rest.subarray(newline + 1);
      this.startAnswer(header);
    }
  }

  // "<oid> <type> <size>" then the content, or "<name> missing" / "<name> ambiguous".
  private startAnswer(header: string): void {
    const fields = header.split(' ');
    const pending = this.queue[0];
    if (fields.length !== 3) {
      this.queue.shift();
      pending?.resolve({ status: 'missing' });
      return;
    }
    const size = Number(fields[2]);
    const keep = pending !== undefined && size <= pending.maxSize;
    this.body = { size, remaining: size + 1, chunks: keep ? [] : null, search: keep ? null : (pending?.searchLarge?.() ?? null) };
  }
}

export interface HistoryCommit {
  commit: CommitInfo;
  changes: TreeChange[];
}

const COMMIT_MARK = '\x01';

/** Refs whose history a listing leaves out: every ref (`--all`), or one remote's tracking refs (`--remotes=NAME`). */
export type ExcludedRefs = { all: true } | { remote: string };

/**
 * The commits a history scan lists: every ref (null), revisions as git log
 * takes them on its command line, or lines for `git log --stdin` (a sha, or
 * ^sha to exclude what it reaches), where nothing can be read as an option,
 * less what `excludeRefs` reach. git before 2.42 takes no pseudo-option
 * (--not, --remotes=) on stdin, so those go on the command line, each a
 * single argument.
 */
export type HistoryRevisions = string[] | { stdin: string[]; excludeRefs?: ExcludedRefs[] } | null;

/** Limits a history listing to paths, as `git log -- PATH...` does: git pathspecs, relative to `cwd`. */
export interface HistoryPathspecs {
  cwd: string;
  paths: string[];
}

function excludedRefsArgs(refs: ExcludedRefs[] | undefined): string[] {
  if (!refs || refs.length === 0) return [];
  return ['--not', ...refs.map((ref) => ('all' in ref ? '--all' : `--remotes=${ref.remote}`))];
}

/**
 * Streams the commits of `revisions` (all refs when null), parents before
 * children, each with the files it changes. Merges are diffed against their
 * first parent: anything a merge brings that is not in that parent is either
 * in a commit of the merged branch (already listed) or new in the merge.
 */
export async function* streamHistory(repo: Repository, revisions: HistoryRevisions, pathspecs?: HistoryPathspecs): AsyncGenerator<HistoryCommit> {
  const onStdin = revisions !== null && !Array.isArray(revisions);
  // With no revision at all git log would list HEAD's history.
  if (onStdin && revisions.stdin.length === 0) return;
  const args = [
    'log', '--no-color', '--no-show-signature', '--no-mailmap', '--no-notes',
    '--date-order', '--reverse', '--root', '--raw', '-z', '--no-renames', '--no-abbrev',
    '--diff-merges=first-parent', `--format=${COMMIT_MARK}%H%x09%aI%x09%an`,
    // --ignore-missing: a pushed-over remote commit this clone never fetched excludes nothing, rather than failing.
    // Paths: every commit that changes them, on a side branch whose merge leaves them as they were too
    // (--full-history: git log's default simplification may drop that branch), listed from the top.
    ...(pathspecs ? ['--full-history', '--no-relative'] : []),
    ...(revisions === null ? ['--all'] : onStdin ? ['--ignore-missing', '--stdin', ...excludedRefsArgs(revisions.excludeRefs)] : ['--end-of-options', ...revisions]),
    '--',
    ...(pathspecs?.paths ?? []),
  ];
  // Pathspecs are git's, read from the directory they were given in.
  const child = spawn('git', args, { cwd: pathspecs?.cwd ?? repo.root, stdio: ['pipe', 'pipe', 'pipe'] });
  // git reads --stdin revisions up to EOF; a git that died early surfaces through its exit code below.
  child.stdin.on('error', () => undefined);
  child.stdin.end(onStdin ? revisions.stdin.map((revision) => `${revision}\n`).join('') : '');
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number>((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (code) => resolve(code ?? -1));
  });

  // A raw entry's header and its path are separate NUL-terminated tokens.
  const parser: { current: HistoryCommit | null; entryHeader: string | null } = { current: null, entryHeader: null };
  const finished: HistoryCommit[] = [];
  let carry = Buffer.alloc(0);

  const takeToken = (token: string): void => {
    if (parser.entryHeader !== null) {
      const change = parseRawEntry(parser.entryHeader, token);
      parser.entryHeader = null;
      if (change && parser.current) parser.current.changes.push(change);
      return;
    }
    const text = token.replace(/^\n+/, '');
    if (text.startsWith(':')) {
      parser.entryHeader = text;
    } else if (text.startsWith(COMMIT_MARK)) {
      if (parser.current) finished.push(parser.current);
      const [sha = '', date = '', ...author] = text.slice(1).split('\t');
      parser.current = { commit: { sha, date, author: author.join('\t') }, changes: [] };
    }
  };

  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      let nul = data.indexOf(0);
      while (nul >= 0) {
        takeToken(data.subarray(0, nul).toString('utf8'));
        data = data.subarray(nul + 1);
        nul = data.indexOf(0);
      }
      carry = Buffer.from(data);
      while (finished.length > 0) yield finished.shift()!;
    }
    if (carry.length > 0) takeToken(carry.toString('utf8'));
    if (parser.current) yield parser.current;
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0) {
    const reason = firstLine(stderr);
    if (/bad revision|unknown revision|ambiguous argument|bad default revision|invalid/i.test(reason)) {
      throw new UserError(`not a valid revision range: ${revisionsText(revisions)} (${reason})`);
    }
    if (pathspecs && /outside repository|pathspec/i.test(reason)) throw new UserError(`not a path of this repository's history: ${reason}`);
    throw new HistoryListingError(reason || `git log exited with ${code}`);
  }
}

function revisionsText(revisions: HistoryRevisions): string {
  if (revisions === null) return '--all';
  return Array.isArray(revisions) ? revisions.join(' ') : revisions.stdin.join(' ');
}

/** git log stopped part way, e.g. on a missing or damaged object. */
export class HistoryListingError extends Error {}
