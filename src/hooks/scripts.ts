// The text install writes into hooks: the block in a git hook (a shell
// function that finds settings-guard, the call, the chain to a hook kept
// aside), husky's one line, and how to recognise and remove them.
import { hookMessages as messages } from './messages';

/** The settings-guard running install, as absolute paths: the hooks call exactly it first. */
export interface HookRunner {
  node: string;
  cli: string;
}

export type GitHookName = 'pre-commit' | 'pre-merge-commit' | 'pre-push' | 'pre-receive';

/** git gives these hooks ref lines on stdin (githooks(5)). */
const READS_STDIN: ReadonlySet<GitHookName> = new Set(['pre-push', 'pre-receive']);

export const HOOK_COMMAND = 'settings-guard hook pre-commit';
export const HUSKY_MARK = '# added by settings-guard install';
export const BLOCK_BEGIN = '# >>> settings-guard >>> added by `settings-guard install`; `settings-guard uninstall` removes it';
const BLOCK_END = '# <<< settings-guard <<<';
/** Where install moves a hook it cannot chain into (--force) or must keep disabled. */
export const MOVED_SUFFIX = '.before-settings-guard';

/** What the hook runs: the hook name and, for pre-push, the remote's name and URL. */
export function checkArguments(name: GitHookName): string {
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

export function chainCall(name: GitHookName): string {
  return `"$(dirname "$0")/${name}${MOVED_SUFFIX}" "$@" || exit $?`;
}

export function hookBlock(name: GitHookName, runner: HookRunner | undefined, chained: boolean): string {
  return [BLOCK_BEGIN, ...runnerFunction(runner), ...invocation(name), ...(chained ? [chainCall(name)] : []), BLOCK_END, ''].join('\n');
}

/**
 * One line, so that uninstall can take it out by its mark. husky runs the
 * file with `sh -e` and node_modules/.bin on PATH. For pre-push, git's ref
 * lines go to a temporary file opened twice: settings-guard reads one
 * descriptor, and the commands after it (`git lfs pre-push "$@"`) read stdin
 * from the start.
 */
export function huskyLine(name: GitHookName): string {
  const found = `{ command -v settings-guard >/dev/null 2>&1 || { echo ${shellQuote(messages.huskyNotFound)} >&2; exit 1; }; }`;
  if (!READS_STDIN.has(name)) return `${found} && settings-guard ${checkArguments(name)} ${HUSKY_MARK}`;
  const keepRefs = 'sg_refs=$(mktemp) && cat >"$sg_refs" && exec 3<"$sg_refs" 0<"$sg_refs" && rm -f "$sg_refs"';
  return `${keepRefs} && ${found} && settings-guard ${checkArguments(name)} <&3 || exit $? ${HUSKY_MARK}`;
}

/** A line the user wrote themselves that runs this hook's check. */
export function runsCheck(text: string, name: GitHookName): boolean {
  const own = new RegExp(`settings-guard\\s+hook\\s+${name}\\b`);
  return own.test(text) || (name === 'pre-commit' && /settings-guard\s+scan\s+--staged/.test(text));
}

export function hasBlock(text: string): boolean {
  return text.includes(BLOCK_BEGIN) && text.includes(BLOCK_END);
}

export function withoutBlock(text: string): string {
  const start = text.indexOf(BLOCK_BEGIN);
  const end = text.indexOf(BLOCK_END, start);
  if (start < 0 || end < 0) return text;
  let after = end + BLOCK_END.length;
  if (text[after] === '\n') after++;
  return text.slice(0, start) + text.slice(after);
}

export function isShellScript(text: string): boolean {
  const firstLine = text.split('\n', 1)[0] ?? '';
  return /^#!\s*\S*\/(env\s+)?(sh|bash|dash|zsh|ksh|ash)\b/.test(firstLine);
}

/** Only the shebang and blank lines are left: nothing of the user's would be lost by deleting it. */
export function isEmptyScript(text: string): boolean {
  return text.split('\n').every((line) => line.trim() === '' || line.startsWith('#!'));
}
