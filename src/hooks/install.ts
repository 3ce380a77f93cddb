// `settings-guard install` / `uninstall`: the pre-commit hook, in husky's
// .husky/pre-commit when the project uses husky, else in git's hooks path.
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../errors';
import { hooksDirectory, openRepository, readConfig, type Repository } from '../sources/git';

export interface HookOptions {
  cwd: string;
  force?: boolean;
}

export interface HookChange {
  changed: boolean;
  /** The hook file written or read. */
  path: string;
  message: string;
}

export const HOOK_COMMAND = 'npx --no-install settings-guard scan --staged';
const HUSKY_MARK = '# added by settings-guard install';
const HUSKY_LINE = `${HOOK_COMMAND} ${HUSKY_MARK}`;
const BLOCK_BEGIN = '# >>> settings-guard >>> added by `settings-guard install`; `settings-guard uninstall` removes it';
const BLOCK_END = '# <<< settings-guard <<<';
/** Where `install --force` moves a hook it cannot chain into; the new hook calls it. */
const CHAINED_SUFFIX = '.before-settings-guard';

const messages = {
  installed: (path: string) => `installed the pre-commit hook in ${path}`,
  updated: (path: string) => `updated settings-guard's part of ${path}`,
  alreadyInstalled: (path: string) => `settings-guard already runs from ${path}; nothing changed`,
  chained: (path: string) => `added settings-guard to the existing hook ${path}; its own commands still run after it`,
  moved: (path: string, moved: string) => `moved the existing hook to ${moved}; ${path} now runs settings-guard, then it`,
  foreignHook: (path: string) =>
    `${path} is an existing hook that is not a shell script, so settings-guard left it alone. ` +
    `Add \`${HOOK_COMMAND}\` to it yourself, or run \`settings-guard install --force\` to move it aside and chain it.`,
  huskyInactive: 'husky is not active in this clone yet: run `npx husky` (or `npm install`, whose prepare script usually does) so git uses .husky/',
  removed: (path: string) => `removed settings-guard from ${path}`,
  restored: (path: string) => `removed settings-guard's hook and restored the previous ${path}`,
  notInstalled: 'settings-guard was not installed as a hook here; nothing changed',
};

// Prefers the project's own copy (no npx start-up cost); npx finds hoisted or global installs.
const HOOK_BLOCK = `${BLOCK_BEGIN}
if [ -x ./node_modules/.bin/settings-guard ]; then
  ./node_modules/.bin/settings-guard scan --staged || exit $?
elif command -v npx >/dev/null 2>&1; then
  ${HOOK_COMMAND} || exit $?
else
  echo "settings-guard: not installed (run npm install); to commit anyway: git commit --no-verify" >&2
  exit 1
fi
${BLOCK_END}
`;

function chainBlock(chainedName: string): string {
  return HOOK_BLOCK.replace(BLOCK_END, `"$(dirname "$0")/${chainedName}" "$@" || exit $?\n${BLOCK_END}`);
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

export async function installHook(options: HookOptions): Promise<HookChange> {
  const repo = await openRepository(options.cwd, { needsWorkTree: true });
  if (await usesHusky(repo)) return installInHusky(repo);
  return installGitHook(repo, options.force === true);
}

async function installInHusky(repo: Repository): Promise<HookChange> {
  const path = join(repo.root, '.husky', 'pre-commit');
  const current = await readText(path);
  const hooksPath = await readConfig(repo, 'core.hooksPath');
  const inactive = hooksPath === null || !/^\.husky(\/_)?\/?$/.test(hooksPath) ? `\n${messages.huskyInactive}` : '';
  if (current !== null && /settings-guard\s+scan\s+--staged/.test(current)) {
    return { changed: false, path, message: messages.alreadyInstalled(shown(repo, path)) + inactive };
  }
  await mkdir(join(repo.root, '.husky'), { recursive: true });
  const base = current === null || current === '' ? '' : current.endsWith('\n') ? current : `${current}\n`;
  // husky 9 hooks are plain command lists run by its own sh wrapper: no shebang needed.
  await writeFile(path, `${base}${HUSKY_LINE}\n`);
  await chmod(path, 0o755);
  return { changed: true, path, message: messages.installed(shown(repo, path)) + inactive };
}

async function installGitHook(repo: Repository, force: boolean): Promise<HookChange> {
  const directory = await hooksDirectory(repo);
  const path = join(directory, 'pre-commit');
  const current = await readText(path);
  await mkdir(directory, { recursive: true });

  if (current === null) {
    await writeFile(path, `#!/bin/sh\n${HOOK_BLOCK}`, { mode: 0o755 });
    await chmod(path, 0o755);
    return { changed: true, path, message: messages.installed(shown(repo, path)) };
  }
  if (hasBlock(current)) {
    const chained = current.includes(CHAINED_SUFFIX);
    const block = chained ? chainBlock(`pre-commit${CHAINED_SUFFIX}`) : HOOK_BLOCK;
    const start = current.indexOf(BLOCK_BEGIN);
    const updated = current.slice(0, start) + block + withoutBlock(current).slice(start);
    await chmod(path, 0o755);
    if (updated === current) return { changed: false, path, message: messages.alreadyInstalled(shown(repo, path)) };
    await writeFile(path, updated);
    return { changed: true, path, message: messages.updated(shown(repo, path)) };
  }
  if (isShellScript(current)) {
    // Right after the shebang, so an `exit` at the end of the existing script cannot skip the check.
    const newline = current.indexOf('\n');
    const shebang = newline < 0 ? `${current}\n` : current.slice(0, newline + 1);
    const rest = newline < 0 ? '' : current.slice(newline + 1);
    await writeFile(path, `${shebang}${HOOK_BLOCK}${rest}`);
    await chmod(path, 0o755);
    return { changed: true, path, message: messages.chained(shown(repo, path)) };
  }
  if (!force) throw new UserError(messages.foreignHook(shown(repo, path)));
  const movedTo = `${path}${CHAINED_SUFFIX}`;
  if (await exists(movedTo)) throw new UserError(messages.foreignHook(shown(repo, path)));
  await rename(path, movedTo);
  await writeFile(path, `#!/bin/sh\n${chainBlock(`pre-commit${CHAINED_SUFFIX}`)}`, { mode: 0o755 });
  await chmod(path, 0o755);
  return { changed: true, path, message: messages.moved(shown(repo, path), shown(repo, movedTo)) };
}

export async function uninstallHook(options: HookOptions): Promise<HookChange> {
  const repo = await openRepository(options.cwd, { needsWorkTree: true });
  const husky = await uninstallFromHusky(repo);
  const plain = await uninstallGitHook(repo);
  const changed = [husky, plain].filter((change): change is HookChange => change !== null);
  if (changed.length === 0) {
    return { changed: false, path: join(await hooksDirectory(repo), 'pre-commit'), message: messages.notInstalled };
  }
  return { changed: true, path: changed[0]!.path, message: changed.map((change) => change.message).join('\n') };
}

async function uninstallFromHusky(repo: Repository): Promise<HookChange | null> {
  const path = join(repo.root, '.husky', 'pre-commit');
  const current = await readText(path);
  if (current === null || !current.includes(HUSKY_MARK)) return null;
  const remaining = current
    .split('\n')
    .filter((line) => !line.includes(HUSKY_MARK))
    .join('\n');
  if (remaining.trim() === '') await rm(path);
  else await writeFile(path, remaining);
  return { changed: true, path, message: messages.removed(shown(repo, path)) };
}

async function uninstallGitHook(repo: Repository): Promise<HookChange | null> {
  const path = join(await hooksDirectory(repo), 'pre-commit');
  const current = await readText(path);
  if (current === null || !hasBlock(current)) return null;
  const remaining = withoutBlock(current);
  const movedTo = `${path}${CHAINED_SUFFIX}`;
  if (!isEmptyScript(remaining)) {
    await writeFile(path, remaining);
    return { changed: true, path, message: messages.removed(shown(repo, path)) };
  }
  await rm(path);
  if (await exists(movedTo)) {
    await rename(movedTo, path);
    return { changed: true, path, message: messages.restored(shown(repo, path)) };
  }
  return { changed: true, path, message: messages.removed(shown(repo, path)) };
}
