// `settings-guard hook NAME [ARG...]`: the check each git hook runs, with the
// arguments and stdin git gives that hook (githooks(5)). Every hook is a scan:
// of the index before a commit or merge commit, of the commits a push brings.
import { UserError, selectPushedCommits, selectRange, selectReceivedCommits, type CommitSelection, type ScanResult } from '../../index';
import type { CliIO } from '../io';
import { invocationOf } from '../invocation';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';
import { readScanCommand, reportScan, scanWithProgress, type ScanCommand } from './scan';

export const HOOK_NAMES = ['pre-commit', 'pre-merge-commit', 'pre-push', 'pre-receive', 'pre-commit-framework'] as const;
type HookName = (typeof HOOK_NAMES)[number];

function isHookName(name: string): name is HookName {
  return (HOOK_NAMES as readonly string[]).includes(name);
}

/** The scan's own arguments, with the hook's positionals taken out and `flags` set. */
function scanArgs(args: ParsedArgs, flags: string[], positionals: string[] = []): ParsedArgs {
  return { ...args, flags: new Set([...args.flags, ...flags]), positionals };
}

export async function runHook(args: ParsedArgs, io: CliIO): Promise<number> {
  const [name, ...hookArgs] = args.positionals;
  if (name === undefined) throw new UserError(messages.missingArgument('hook', `a hook name (${HOOK_NAMES.join(', ')})`));
  if (!isHookName(name)) throw new UserError(messages.unknownHook(name, HOOK_NAMES));
  switch (name) {
    case 'pre-commit':
    case 'pre-merge-commit':
      return runStagedCheck(args, io);
    case 'pre-push':
      return runCommitCheck(args, io, selectPushedCommits(hookArgs[0] ?? '', await readStdin(io)), 'push');
    case 'pre-receive':
      return runCommitCheck(args, io, selectReceivedCommits(await readStdin(io)), 'receive');
    case 'pre-commit-framework':
      return runFrameworkCheck(args, io, hookArgs);
  }
}

function readStdin(io: CliIO): Promise<string> {
  return io.readStdin ? io.readStdin() : Promise.resolve('');
}

function runStagedCheck(args: ParsedArgs, io: CliIO): Promise<number> {
  const command = readScanCommand(scanArgs(args, ['staged']), io.cwd);
  return scanWithProgress(command, io).then((result) => reportScan(command, result, io));
}

/** The commits a push brings, each key reported at the commit that added it, then how to take it out. */
async function runCommitCheck(args: ParsedArgs, io: CliIO, selection: CommitSelection, side: 'push' | 'receive'): Promise<number> {
  // Nothing pushed (only deletions): no git to start, nothing to say.
  if (selection.include.length === 0) return 0;
  const base = readScanCommand(scanArgs(args, ['history']), io.cwd);
  const command: ScanCommand = { ...base, scanOptions: { ...base.scanOptions, commits: selection } };
  const result = await scanWithProgress(command, io);
  // Like the pre-commit hook, a clean push says nothing.
  if (result.findings.length === 0 && !result.incomplete) return 0;
  const code = reportScan(command, result, io);
  if (code === 1) io.stderr(side === 'push' ? messages.pushBlocked(firstCommit(result), invocationOf(io)) : messages.receiveRefused(firstCommit(result)));
  return code;
}

/** The oldest commit that added a key: the one to rebase from. */
function firstCommit(result: ScanResult): string {
  const commits = result.findings.flatMap((finding) => (finding.commit ? [finding.commit] : []));
  // By instant: the dates carry each author's own time zone.
  commits.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  return commits[0]?.sha.slice(0, 12) ?? 'HEAD';
}

/**
 * The pre-commit framework: in its pre-push stage it names the range pushed
 * (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF), whose commits are scanned;
 * otherwise it passes the files to check, whose working-tree copies are what
 * is committed (it stashes unstaged changes first), or every file under
 * --all-files. Files of kinds settings-guard does not read are passed over in
 * silence: the framework names every file, not the ones asked about.
 */
async function runFrameworkCheck(args: ParsedArgs, io: CliIO, files: string[]): Promise<number> {
  const from = io.env.PRE_COMMIT_FROM_REF;
  const to = io.env.PRE_COMMIT_TO_REF;
  if (from && to) return runCommitCheck(args, io, selectRange(from, to), 'push');
  if (files.length === 0) return 0;
  const command = readScanCommand(scanArgs(args, [], files), io.cwd);
  const result = await scanWithProgress(command, io);
  return reportScan(command, withoutUnreadKinds(result), io);
}

function withoutUnreadKinds(result: ScanResult): ScanResult {
  const skipped = result.skipped.filter((skip) => skip.reason !== 'unsupported-type' && skip.reason !== 'excluded');
  return { ...result, skipped, stats: { ...result.stats, filesSkipped: result.stats.filesSkipped - (result.skipped.length - skipped.length) } };
}
