// `fix --write-env`: a NEW key into a local env file that git ignores.
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors';
import { envLine } from './generate-key';
import { findWorkTreeRoot, isIgnored, isTracked } from '../sources/git';
import { lineEndingOf } from './imports';
import { messages } from './messages';
import { writeNew } from './write';

export interface EnvTarget {
  /** Absolute path of the env file. */
  path: string;
  /** As the user should see it: relative to the working directory. */
  display: string;
  /** Repository top level, or null outside git. */
  root: string | null;
}

export interface EnvEntry {
  name: string;
  key: string;
  /** Replace an existing line for `name` (a fix now reads it); otherwise keep one that exists. */
  replace: boolean;
}

export interface EnvWriteResult {
  lines: string[];
  written: string[];
  created: boolean;
}

/** Where the env file goes; refuses a tracked file before anything else is changed. */
export async function resolveEnvTarget(cwd: string, file: string | true): Promise<EnvTarget> {
  const root = await findWorkTreeRoot(cwd);
  const path = file === true ? join(root ?? cwd, '.env') : isAbsolute(file) ? file : resolve(cwd, file);
  const display = toSlash(relative(cwd, path)) || path;
  const stat = await fs.lstat(path).catch(() => null);
  if (stat && !stat.isFile()) throw new UserError(messages.envNotAFile(display));
  if (root && (await isTracked(root, path))) throw new UserError(messages.envTracked(display));
  return { path, display, root };
}

/** Sets each entry's line, keeping every other line of the file. */
export async function writeEnvFile(target: EnvTarget, entries: readonly EnvEntry[], dryRun: boolean): Promise<EnvWriteResult> {
  const existing = await fs.readFile(target.path, 'utf8').catch(() => null);
  const lines: string[] = [];
  let text = existing ?? '';
  const eol = existing ? lineEndingOf(existing) : '\n';
  const written: string[] = [];
  for (const entry of entries) {
    // `NAME=`, `export NAME=`, with any spaces python-dotenv allows.
    const pattern = new RegExp(`^[ \\t]*(?:export[ \\t]+)?${entry.name}[ \\t]*=.*$`, 'gm');
    const present = pattern.test(text);
    if (present && !entry.replace) {
      lines.push(messages.envKept(target.display, entry.name));
      continue;
    }
    const line = envLine(entry.name, entry.key);
    if (present) {
      let first = true;
      // Keep the first assignment (now the new key) and drop later duplicates.
      text = text.replace(pattern, () => {
        const keep = first;
        first = false;
        return keep ? line : '\u0000';
      });
      text = text.replace(/\u0000(?:\r\n|\r|\n)?/g, '');
    } else {
      if (text.length > 0 && !/[\r\n]$/.test(text)) text += eol;
      text += line + eol;
    }
    written.push(entry.name);
  }
  if (written.length === 0) return { lines, written, created: false };
  if (dryRun) {
    lines.push(messages.envWouldWrite(target.display, written));
    return { lines, written, created: existing === null };
  }
  const stat = await fs.stat(target.path).catch(() => null);
  const mode = stat ? stat.mode & 0o7777 : 0o600;
  await writeNew(target.path, Buffer.from(text, 'utf8'), mode);
  lines.push(messages.envWritten(target.display, written, existing === null));
  if (mode & 0o077) lines.push(messages.envLoose(target.display, (mode & 0o777).toString(8)));
  lines.push(...(await ignoreEnvFile(target)));
  lines.push(messages.envLoadHint());
  return { lines, written, created: existing === null };
}

/** Adds the env file to the repository's .gitignore when git would not ignore it. */
async function ignoreEnvFile(target: EnvTarget): Promise<string[]> {
  if (!target.root) return [messages.gitignoreNoGit(target.display)];
  const ignored = await isIgnored(target.root, target.path);
  if (ignored !== false) return ignored === null ? [messages.gitignoreNoGit(target.display)] : [];
  const fromRoot = relative(target.root, target.path);
  if (fromRoot.startsWith('..')) return [messages.gitignoreNoGit(target.display)];
  // Anchored to the root, and with glob characters escaped (gitignore(5)).
  const entry = '/' + toSlash(fromRoot).replace(/([*?[\\!# ])/g, '\\$1');
  const gitignore = join(target.root, '.gitignore');
  const current = await fs.readFile(gitignore, 'utf8').catch(() => '');
  const eol = current ? lineEndingOf(current) : '\n';
  const separator = current.length > 0 && !/[\r\n]$/.test(current) ? eol : '';
  await fs.appendFile(gitignore, `${separator}${entry}${eol}`);
  return [messages.gitignoreAdded(entry)];
}

function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
