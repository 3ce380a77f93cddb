// `settings-guard install` / `uninstall`. In a clone: pre-commit and
// pre-merge-commit (the staged changes; git runs the second for a clean
// `git merge`) and pre-push (the commits the remote does not have, the net for
// every commit no pre-commit hook saw: cherry-pick, revert, am, rebase,
// --no-verify). In husky's .husky/ when the project uses husky, else in git's
// hooks path. In a server's bare repository: pre-receive.
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors';
import { hooksDirectory, openRepository, readConfig, type Repository } from '../sources/git';
import { hookMessages as messages } from './messages';
import {
  BLOCK_BEGIN,
  HUSKY_MARK,
  MOVED_SUFFIX,
  chainCall,
  checkArguments,
  hasBlock,
  hookBlock,
  huskyLine,
  isEmptyScript,
  isShellScript,
  runsCheck,
  withoutBlock,
  type GitHookName,
  type HookRunner,
} from './scripts';

export { HOOK_COMMAND, type GitHookName, type HookRunner } from './scripts';

export interface HookOptions {
  cwd: string;
  force?: boolean;
  runner?: HookRunner;
}

export interface HookChange {
  changed: boolean;
  /** The first hook file written or read (pre-commit's, pre-receive's on a server). */
  path: string;
  /** Every hook file written or read. */
  paths: string[];
  message: string;
}

const CLIENT_HOOKS: readonly GitHookName[] = ['pre-commit', 'pre-merge-commit', 'pre-push'];
const SERVER_HOOKS: readonly GitHookName[] = ['pre-receive'];

async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function isExecutable(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => (stats.mode & 0o111) !== 0,
    () => false,
  );
}

async function usesHusky(repo: Repository): Promise<boolean> {
  if (await exists(join(repo.root, '.husky'))) return true;
  const text = await readText(join(repo.root, 'package.json'));
  if (!text) return false;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    return ['dependencies', 'devDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && 'husky' in deps;
    });
  } catch {
    return false;
  }
}

function isBare(repo: Repository): boolean {
  return repo.root === repo.gitDir;
}

function shown(repo: Repository, path: string): string {
  return relative(repo.root, path) || path;
}

function combine(changes: HookChange[]): HookChange {
  return {
    changed: changes.some((change) => change.changed),
    path: changes[0]?.path ?? '',
    paths: changes.flatMap((change) => change.paths),
    message: changes.map((change) => change.message).join('\n'),
  };
}

function change(changed: boolean, path: string, message: string): HookChange {
  return { changed, path, paths: [path], message };
}

export async function installHook(options: HookOptions): Promise<HookChange> {
  const repo = await openRepository(options.cwd, { needsWorkTree: false });
  if (isBare(repo)) return installGitHooks(repo, SERVER_HOOKS, options);
  if (await usesHusky(repo)) return installInHusky(repo);
  return installGitHooks(repo, CLIENT_HOOKS, options);
}

async function installInHusky(repo: Repository): Promise<HookChange> {
  const hooksPath = await readConfig(repo, 'core.hooksPath');
  const inactive = hooksPath === null || !/^\.husky(\/_)?\/?$/.test(hooksPath);
  await mkdir(join(repo.root, '.husky'), { recursive: true });
  const changes: HookChange[] = [];
  for (const name of CLIENT_HOOKS) changes.push(await installHuskyHook(repo, name));
  const combined = combine(changes);
  return inactive ? { ...combined, message: `${combined.message}\n${messages.huskyInactive}` } : combined;
}

async function installHuskyHook(repo: Repository, name: GitHookName): Promise<HookChange> {
  const path = join(repo.root, '.husky', name);
  const current = (await readText(path)) ?? '';
  const line = huskyLine(name);
  const lines = current.split('\n');
  // husky 9 hooks are plain command lists run by its own sh wrapper: no shebang needed.
  if (lines.some((existing) => existing.includes(HUSKY_MARK))) {
    const updated = lines.map((existing) => (existing.includes(HUSKY_MARK) ? line : existing)).join('\n');
    if (updated === current) return change(false, path, messages.alreadyInstalled(shown(repo, path)));
    await writeFile(path, updated);
    return change(true, path, messages.updated(shown(repo, path)));
  }
  if (runsCheck(current, name)) return change(false, path, messages.alreadyInstalled(shown(repo, path)));
  // First, as in a git hook: an `exit` further down cannot skip it, and pre-push reads git's refs before anything else can.
  await writeFile(path, `${line}\n${current}`);
  await chmod(path, 0o755);
  return change(true, path, messages.installed(shown(repo, path)));
}

type Existing = 'none' | 'ours' | 'disabled' | 'shell' | 'foreign';

async function classifyHook(path: string, current: string | null): Promise<Existing> {
  if (current === null) return 'none';
  if (hasBlock(current)) return 'ours';
  if (!(await isExecutable(path))) return 'disabled';
  return isShellScript(current) ? 'shell' : 'foreign';
}

async function installGitHooks(repo: Repository, names: readonly GitHookName[], options: HookOptions): Promise<HookChange> {
  const directory = await hooksDirectory(repo);
  await mkdir(directory, { recursive: true });
  const found = await Promise.all(
    names.map(async (name) => {
      const path = join(directory, name);
      const current = await readText(path);
      return { name, path, current, existing: await classifyHook(path, current) };
    }),
  );
  // Every hook is checked before any is written: a refusal leaves them all as they were.
  for (const hook of found) {
    const movedTaken = hook.existing === 'disabled' || hook.existing === 'foreign' ? await exists(`${hook.path}${MOVED_SUFFIX}`) : false;
    if ((hook.existing === 'foreign' && options.force !== true) || movedTaken) {
      throw new UserError(messages.foreignHook(shown(repo, hook.path), `settings-guard ${checkArguments(hook.name)}`));
    }
  }
  const changes: HookChange[] = [];
  for (const hook of found) changes.push(await installGitHook(repo, hook, options.runner));
  return combine(changes);
}

async function writeHook(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o755 });
  await chmod(path, 0o755);
}

async function installGitHook(
  repo: Repository,
  hook: { name: GitHookName; path: string; current: string | null; existing: Existing },
  runner: HookRunner | undefined,
): Promise<HookChange> {
  const { name, path, current } = hook;
  const movedTo = `${path}${MOVED_SUFFIX}`;
  switch (hook.existing) {
    case 'none':
      await writeHook(path, `#!/bin/sh\n${hookBlock(name, runner, false)}`);
      return change(true, path, messages.installed(shown(repo, path)));
    case 'ours': {
      const text = current ?? '';
      const start = text.indexOf(BLOCK_BEGIN);
      const updated = text.slice(0, start) + hookBlock(name, runner, text.includes(chainCall(name))) + withoutBlock(text).slice(start);
      if (updated === text && (await isExecutable(path))) return change(false, path, messages.alreadyInstalled(shown(repo, path)));
      await writeHook(path, updated);
      return change(true, path, messages.updated(shown(repo, path)));
    }
    case 'disabled':
      // The user turned this hook off: it stays off, kept aside with its mode, and the new hook does not call it.
      await rename(path, movedTo);
      await writeHook(path, `#!/bin/sh\n${hookBlock(name, runner, false)}`);
      return change(true, path, messages.disabledKept(shown(repo, path), shown(repo, movedTo)));
    case 'shell': {
      // Right after the shebang, so an `exit` at the end of the existing script cannot skip the check.
      const text = current ?? '';
      const newline = text.indexOf('\n');
      const shebang = newline < 0 ? `${text}\n` : text.slice(0, newline + 1);
      const rest = newline < 0 ? '' : text.slice(newline + 1);
      await writeHook(path, `${shebang}${hookBlock(name, runner, false)}${rest}`);
      return change(true, path, messages.chained(shown(repo, path)));
    }
    case 'foreign':
      await rename(path, movedTo);
      await writeHook(path, `#!/bin/sh\n${hookBlock(name, runner, true)}`);
      return change(true, path, messages.moved(shown(repo, path), shown(repo, movedTo)));
  }
}

export async function uninstallHook(options: HookOptions): Promise<HookChange> {
  const repo = await openRepository(options.cwd, { needsWorkTree: false });
  const changes: HookChange[] = [];
  for (const name of [...CLIENT_HOOKS, ...SERVER_HOOKS]) {
    const husky = isBare(repo) ? null : await uninstallFromHusky(repo, name);
    const plain = await uninstallGitHook(repo, name);
    for (const done of [husky, plain]) if (done) changes.push(done);
  }
  if (changes.length === 0) {
    return change(false, join(await hooksDirectory(repo), isBare(repo) ? 'pre-receive' : 'pre-commit'), messages.notInstalled);
  }
  return combine(changes);
}

async function uninstallFromHusky(repo: Repository, name: GitHookName): Promise<HookChange | null> {
  const path = join(repo.root, '.husky', name);
  const current = await readText(path);
  if (current === null || !current.includes(HUSKY_MARK)) return null;
  const remaining = current
    .split('\n')
    .filter((line) => !line.includes(HUSKY_MARK))
    .join('\n');
  if (remaining.trim() === '') await rm(path);
  else await writeFile(path, remaining);
  return change(true, path, messages.removed(shown(repo, path)));
}

async function uninstallGitHook(repo: Repository, name: GitHookName): Promise<HookChange | null> {
  const path = join(await hooksDirectory(repo), name);
  const current = await readText(path);
  if (current === null || !hasBlock(current)) return null;
  const remaining = withoutBlock(current);
  const movedTo = `${path}${MOVED_SUFFIX}`;
  if (!isEmptyScript(remaining)) {
    await writeFile(path, remaining);
    return change(true, path, messages.removed(shown(repo, path)));
  }
  await rm(path);
  if (await exists(movedTo)) {
    await rename(movedTo, path);
    return change(true, path, messages.restored(shown(repo, path)));
  }
  return change(true, path, messages.removed(shown(repo, path)));
}
