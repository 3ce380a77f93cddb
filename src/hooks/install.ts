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

/** The settings-guard running install, as absolute paths: the hooks call exactly it first. */
export interface HookRunner {
  node: string;
  cli: string;
}

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

export type GitHookName = 'pre-commit' | 'pre-merge-commit' | 'pre-push' | 'pre-receive';

const CLIENT_HOOKS: readonly GitHookName[] = ['pre-commit', 'pre-merge-commit', 'pre-push'];
const SERVER_HOOKS: readonly GitHookName[] = ['pre-receive'];
/** git gives these hooks ref lines on stdin (githooks(5)). */
const READS_STDIN: ReadonlySet<GitHookName> = new Set(['pre-push', 'pre-receive']);

export const HOOK_COMMAND = 'settings-guard hook pre-commit';
const HUSKY_MARK = '# added by settings-guard install';
const BLOCK_BEGIN = '# >>> settings-guard >>> added by `settings-guard install`; `settings-guard uninstall` removes it';
const BLOCK_END = '# <<< settings-guard <<<';
/** Where install moves a hook it cannot chain into (--force) or must keep disabled. */
const MOVED_SUFFIX = '.before-settings-guard';

/** What the hook runs: the hook name and, for pre-push, the remote's name and URL. */
function checkArguments(name: GitHookName): string {
  return name === 'pre-push' ? `hook ${name} "$@"` : `hook ${name}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A shell function that runs settings-guard without ever asking a registry:
 * the copy that installed the hook (node and cli.js by absolute path, since a
 * GUI git client may have no node on PATH), then the work tree's and the main
 * work tree's node_modules, then PATH. None: one line, and the hook fails.
 */
function runnerFunction(runner: HookRunner | undefined): string[] {
  // Each fallback only when the one before is missing: a commit starts no git it does not need.
  const fallback = (where: string) => `  [ -f "$sg_cli" ] || sg_cli=${where}`;
  return [
    'settings_guard() {',
    `  sg_node=${shellQuote(runner?.node ?? '')}`,
    '  { [ -n "$sg_node" ] && [ -x "$sg_node" ]; } || sg_node=$(command -v node) || sg_node=',
    `  sg_cli=${shellQuote(runner?.cli ?? '')}`,
    fallback('"$(git rev-parse --show-toplevel 2>/dev/null)/node_modules/settings-guard/dist/cli.js"'),
    fallback('"$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../node_modules/settings-guard/dist/cli.js"'),
    fallback('$(command -v settings-guard)'),
    '  if [ -n "$sg_node" ] && [ -f "$sg_cli" ]; then "$sg_node" "$sg_cli" "$@"; return; fi',
    `  echo ${shellQuote(messages.notFound(runner?.cli ?? ''))} >&2`,
    '  return 1',
    '}',
  ];
}

/**
 * The call. A hook that reads stdin takes git's ref lines once, hands them to
 * settings-guard, and gives them back as stdin to whatever follows (a chained
 * hook such as git-lfs's pre-push reads them too). In a here-document the
 * expanded lines are not expanded again, so a `$` in a ref name is safe.
 */
function invocation(name: GitHookName): string[] {
  const call = `settings_guard ${checkArguments(name)} || exit $?`;
  if (!READS_STDIN.has(name)) return [call];
  return [
    'settings_guard_refs=$(cat)',
    `printf '%s\\n' "$settings_guard_refs" | ${call}`,
    'if [ -n "$settings_guard_refs" ]; then',
    'exec 0<<SETTINGS_GUARD_REFS',
    '$settings_guard_refs',
    'SETTINGS_GUARD_REFS',
    'else',
    'exec 0</dev/null',
    'fi',
  ];
}

function chainCall(name: GitHookName): string {
  return `"$(dirname "$0")/${name}${MOVED_SUFFIX}" "$@" || exit $?`;
}

function hookBlock(name: GitHookName, runner: HookRunner | undefined, chained: boolean): string {
  return [BLOCK_BEGIN, ...runnerFunction(runner), ...invocation(name), ...(chained ? [chainCall(name)] : []), BLOCK_END, ''].join('\n');
}

/**
 * One line, so that uninstall can take it out by its mark. husky runs the
 * file with `sh -e` and node_modules/.bin on PATH. For pre-push, git's ref
 * lines go to a temporary file opened twice: settings-guard reads one
 * descriptor, and the commands after it (`git lfs pre-push "$@"`) read stdin
 * from the start.
 */
function huskyLine(name: GitHookName): string {
  const found = `{ command -v settings-guard >/dev/null 2>&1 || { echo ${shellQuote(messages.huskyNotFound)} >&2; exit 1; }; }`;
  if (!READS_STDIN.has(name)) return `${found} && settings-guard ${checkArguments(name)} ${HUSKY_MARK}`;
  const keepRefs = 'sg_refs=$(mktemp) && cat >"$sg_refs" && exec 3<"$sg_refs" 0<"$sg_refs" && rm -f "$sg_refs"';
  return `${keepRefs} && ${found} && settings-guard ${checkArguments(name)} <&3 || exit $? ${HUSKY_MARK}`;
}

/** A line the user wrote themselves that runs this hook's check. */
function runsCheck(text: string, name: GitHookName): boolean {
  const own = new RegExp(`settings-guard\\s+hook\\s+${name}\\b`);
  return own.test(text) || (name === 'pre-commit' && /settings-guard\s+scan\s+--staged/.test(text));
}

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

function hasBlock(text: string): boolean {
  return text.includes(BLOCK_BEGIN) && text.includes(BLOCK_END);
}

function withoutBlock(text: string): string {
  const start = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END, start);
  if (start < 0 || end < 0) return text;
  let after = end + BLOCK_END.length;
  if (text[after] === '\n') after++;
  return text.slice(0, start) + text.slice(after);
}

function isShellScript(text: string): boolean {
  const firstLine = text.split('\n', 1)[0] ?? '';
  return /^#!\s*\S*\/(env\s+)?(sh|bash|dash|zsh|ksh|ash)\b/.test(firstLine);
}

/** Only the shebang and blank lines are left: nothing of the user's would be lost by deleting it. */
function isEmptyScript(text: string): boolean {
  return text.split('\n').every((line) => line.trim() === '' || line.startsWith('#!'));
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
