import { promises as fs, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { messages } from './messages';
import { crypto } from '../crypto';

/** A file as read for fixing: what a later write must find unchanged, and keep. */
export interface ReadFile {
  /** Absolute path with symlinks resolved, so a write replaces the target, not the link. */
  path: string;
  bytes: Buffer;
  mode: number;
  uid: number;
  gid: number;
  /** Hard links to the file: a rewrite replaces this name's inode only. */
  links: number;
}

export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed since it was read`);
    this.name = 'FileChangedError';
  }
}

/** A rewrite `fix` will not make without --force, and why (a sentence from messages). */
export class WriteRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WriteRefusedError';
  }
}

export async function readForFix(path: string): Promise<ReadFile> {
  const real = await fs.realpath(path);
  const [bytes, stat] = await Promise.all([fs.readFile(real), fs.stat(real)]);
  return { path: real, bytes, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid, links: stat.nlink };
}

/**
 * Why a rewrite would do more than change the file's text, or null: a file
 * with other hard links (they would keep the old key), a read-only file (its
 * owner said no). An owner the new file cannot be given is found while writing.
 */
function refusal(file: ReadFile): string | null {
  if (file.links > 1) return messages.refuseHardLinks(file.links);
  if ((file.mode & 0o200) === 0) return messages.refuseReadOnly((file.mode & 0o777).toString(8));
  return null;
}

/**
 * Replaces the file's content atomically: a temp file in the same directory
 * (same file system, so rename(2) is atomic) with the same mode, owner and
 * group, then rename. Throws FileChangedError, and leaves the file alone, when
 * its bytes are no longer the ones read; WriteRefusedError, unless `force`,
 * when the rewrite would change more than the text (see refusal).
 */
export async function writeAtomically(file: ReadFile, bytes: Buffer, options: { force?: boolean } = {}): Promise<void> {
  if (!options.force) {
    const reason = refusal(file);
    if (reason) throw new WriteRefusedError(reason);
  }
  await writeNew(file.path, bytes, file.mode, {
    owner: { uid: file.uid, gid: file.gid, force: options.force === true },
    check: async () => {
      const now = await fs.readFile(file.path).catch(() => null);
      if (!now || !now.equals(file.bytes)) throw new FileChangedError(file.path);
    },
  });
}

/** Temp files being written, so that a signal can remove them (removeTempFiles). */
const liveTemps = new Set<string>();

/** Removes the temp files of writes under way; the CLI calls it when SIGINT or SIGTERM ends the process. */
export function removeTempFiles(): void {
  for (const temp of liveTemps) rmSync(temp, { force: true });
  liveTemps.clear();
}

// `.settings.py.<pid>.<8 hex>.tmp`, the name writeNew gives a temp file.
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Temp files of `path` that an earlier fix left when it was killed (its process is gone): removed. */
async function removeStaleTemps(path: string): Promise<void> {
  const names = await fs.readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || match[1] !== basename(path) || isRunning(Number(match[2]))) continue;
    await fs.rm(join(dirname(path), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface WriteOptions {
  /** Give the new file this owner and group; unless `force`, refuse when that is not possible. */
  owner?: { uid: number; gid: number; force: boolean };
  /** Runs just before the rename. */
  check?: () => Promise<void>;
}

/** Writes `path` through a temp file and rename. */
export async function writeNew(path: string, bytes: Buffer, mode: number, options: WriteOptions = {}): Promise<void> {
  await removeStaleTemps(path);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${crypto().randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', mode);
  liveTemps.add(temp);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode); // the umask may have taken bits away
      if (options.owner) await giveOwner(handle, options.owner);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.check) await options.check();
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  } finally {
    liveTemps.delete(temp);
  }
}

/** The new file gets the old one's owner and group: a no-op for the owner, allowed to root, refused otherwise. */
async function giveOwner(handle: fs.FileHandle, owner: { uid: number; gid: number; force: boolean }): Promise<void> {
  const stat = await handle.stat();
  if (stat.uid === owner.uid && stat.gid === owner.gid) return;
  try {
    await handle.chown(owner.uid, owner.gid);
  } catch {
    // A user may give a file to a group of their own but not to another user.
    if (!owner.force) throw new WriteRefusedError(messages.refuseOwner());
  }
}
