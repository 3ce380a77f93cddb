// The few git questions `fix` asks, through the git binary. Secrets never go
// on a command line (other users can read it in `ps`): they go through stdin.
import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git; null when git itself cannot be started. */
export function runGit(args: string[], cwd: string, input?: Buffer | string): Promise<GitResult | null> {
  return new Promise((resolve) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The repository's top-level directory, or null outside a work tree. */
export async function repoRoot(cwd: string): Promise<string | null> {
  const result = await runGit(['rev-parse', '--show-toplevel'], cwd);
  if (!result || result.code !== 0) return null;
  return result.stdout.toString('utf8').trim() || null;
}

/** Whether git tracks `path` (in the index). */
export async function isTracked(root: string, path: string): Promise<boolean> {
  const result = await runGit(['ls-files', '--error-unmatch', '--', path], root);
  return result?.code === 0;
}

/** Whether git would ignore `path`; null when git cannot tell. */
export async function isIgnored(root: string, path: string): Promise<boolean | null> {
  const result = await runGit(['check-ignore', '-q', '--no-index', '--', path], root);
  if (!result) return null;
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  return null;
}

/** Blob ids and paths of every python or env file in any commit reachable from any ref. */
export async function historyBlobs(root: string, wanted: (path: string) => boolean): Promise<string[] | null> {
  const result = await runGit(['rev-list', '--all', '--objects'], root);
  if (!result || result.code !== 0) return null;
  const blobs = new Set<string>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && wanted(line.slice(space + 1))) blobs.add(line.slice(0, space));
  }
  return [...blobs];
}

/** Contents of the given objects, by `git cat-file --batch` (ids in through stdin). */
export async function readBlobs(root: string, ids: readonly string[]): Promise<Buffer[] | null> {
  if (ids.length === 0) return [];
  const result = await runGit(['cat-file', '--batch'], root, ids.join('\n') + '\n');
  if (!result || result.code !== 0) return null;
  const blobs: Buffer[] = [];
  const out = result.stdout;
  let at = 0;
  while (at < out.length) {
    const headerEnd = out.indexOf(0x0a, at);
    if (headerEnd < 0) break;
    const header = out.subarray(at, headerEnd).toString('utf8').split(' ');
    if (header[1] === 'missing' || header.length < 3) {
      at = headerEnd + 1;
      continue;
    }
    const size = Number(header[2]);
    blobs.push(out.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}
