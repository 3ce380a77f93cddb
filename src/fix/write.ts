import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

// node:crypto is required where it is used: loading it costs a hook run
// milliseconds, and a clean run never hashes or draws anything.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');

/** A file as read for fixing: what a later write must find unchanged. */
export interface ReadFile {
  /** Absolute path with symlinks resolved, so a write replaces the target, not the link. */
  path: string;
  bytes: Buffer;
  mode: number;
}

export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed since it was read`);
    this.name = 'FileChangedError';
  }
}

export async function readForFix(path: string): Promise<ReadFile> {
  const real = await fs.realpath(path);
  const [bytes, stat] = await Promise.all([fs.readFile(real), fs.stat(real)]);
  return { path: real, bytes, mode: stat.mode & 0o7777 };
}

/**
 * Replaces the file's content atomically: a temp file in the same directory
 * (same file system, so rename(2) is atomic) with the same mode, then rename.
 * Throws FileChangedError, and leaves the file alone, when its bytes are no
 * longer the ones read.
 */
export async function writeAtomically(file: ReadFile, bytes: Buffer): Promise<void> {
  await writeNew(file.path, bytes, file.mode, async () => {
    const now = await fs.readFile(file.path).catch(() => null);
    if (!now || !now.equals(file.bytes)) throw new FileChangedError(file.path);
  });
}

/** Writes `path` through a temp file and rename; `check` runs just before the rename. */
export async function writeNew(path: string, bytes: Buffer, mode: number, check?: () => Promise<void>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${crypto().randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.chmod(mode); // the umask may have taken bits away
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (check) await check();
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
