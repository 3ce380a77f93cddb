// Every sentence the reports print, in one place, so the wording of the text
// report, the hook's verdict and the history notes can be reviewed together.
import type { Severity } from '../types';

/** `1 error`, `2 errors`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export const wording = {
  stillPresent: 'still in the code',
  deletedButPublished: 'deleted, but published: rotate it',
  commitOrigin: (sha: string, day: string) => `commit ${sha} (${day})`,
  lineInCommit: (line: number) => `it was on line ${line} in that commit`,
  fixLabel: 'fix:',
  secretLabel: 'secret:',
  severityCounts: (counts: Record<Severity, number>) =>
    (['error', 'warning', 'note'] as const)
      .filter((severity) => counts[severity] > 0)
      .map((severity) => plural(counts[severity], severity))
      .join(', '),
  noFindings: 'no secret keys found',
  noNewFindings: (known: number) => `no new secret keys (${known} known, in the baseline)`,
  filesScanned: (scanned: number, skipped: number, detail: string) =>
    `${plural(scanned, 'file')} scanned${skipped > 0 ? `, ${skipped} skipped${detail ? ` (${detail})` : ''}` : ''}`,
  historyScanned: (commits: number, blobs: number) => `${plural(commits, 'commit')}, ${plural(blobs, 'blob')} read`,
  baselined: (suppressed: number | undefined, stale: number, fromOldBaseline: boolean, invocation: string) => {
    const them = stale === 1 ? 'it' : 'them';
    // An entry that says where its key was seen is stale only for a scan of that source, and regenerating
    // updates it; an older entry is stale for any full scan that misses it, and regenerating keeps it
    // while a commit still holds the key.
    const remedy = fromOldBaseline ? `drops ${them} unless git history still holds the key` : `updates ${them}`;
    const staleNote = `${plural(stale, 'baseline entry', 'baseline entries')} no longer ${stale === 1 ? 'matches' : 'match'} (\`${invocation} baseline\` ${remedy})`;
    // Without findings the counts line already says how many the baseline knows (noNewFindings).
    if (suppressed === undefined) return staleNote;
    return `${plural(suppressed, 'known finding')} left out by the baseline${stale > 0 ? `; ${staleNote}` : ''}`;
  },
  staleEntry: (ruleId: string, file: string) => `  no longer found: ${ruleId} in ${file}`,
  moreStale: (count: number) => `  and ${plural(count, 'more stale entry', 'more stale entries')}`,
  allLeftOut: (count: number) =>
    `no file selected: --include, --exclude or the configuration left out each of the ${plural(count, 'file')} settings-guard would read here`,
  notScanned: (file: string, reason: string) => `not scanned: ${file} (${reason})`,
  couldHoldKey: (reason: string) => `not read in full, and it could hold a secret key (${reason})`,
  moreNotScanned: (count: number) => `not scanned: ${count} more`,
  incomplete: (reason: string) => `scan incomplete: ${reason}`,
  incompleteHint: 'the scan did not read everything; findings may be missing (exit code 3).',
  explainHint: (ruleId: string, invocation: string) => `Run \`${invocation} explain ${ruleId}\` for why this matters and how to fix it.`,
  commitBlocked: (count: number) =>
    `Commit blocked: ${plural(count, 'hardcoded secret key')} in the staged changes would be published with this commit.`,
  commitBlockedFix: (invocation: string) => [
    `Fix it:  ${invocation} fix --write-env`,
    '         (reads the key from the DJANGO_SECRET_KEY environment variable instead and',
    '          writes a fresh key to a git-ignored .env), then `git add` the change and commit again;',
    '         or move the key to the environment yourself, e.g. SECRET_KEY = os.environ["DJANGO_SECRET_KEY"].',
  ],
  commitBlockedBypass: 'Bypass:  git commit --no-verify   (only deliberately: the key is then in the history for good)',
  commitBlockedAlreadyCommitted: (count: number) =>
    `Commit blocked: the staged changes keep ${plural(count, 'hardcoded secret key')} that ${count === 1 ? 'is' : 'are'} already in the history.`,
  alreadyInHead: (count: number, all: boolean) =>
    `Already committed: ${all ? (count === 1 ? 'it is' : 'they are') : `${count} of them ${count === 1 ? 'is' : 'are'}`} in HEAD and on no remote-tracking branch. If HEAD was never pushed or shared, \`git commit --amend\` or \`git rebase -i\` can still take ${count === 1 ? 'it' : 'them'} out of the history; otherwise rotate ${count === 1 ? 'it' : 'them'}.`,
  alreadyPushed: (count: number, all: boolean, refs: readonly string[]) =>
    `Already pushed: ${all ? (count === 1 ? 'it is' : 'they are') : `${count} of them ${count === 1 ? 'is' : 'are'}`} on ${refs.join(', ')}, so published: rotate ${count === 1 ? 'it' : 'them'} (a new key in every environment). Taking a key out of the code does not unpublish it.`,
  commitBlockedBypassAlreadyCommitted: 'Bypass:  git commit --no-verify   (the key stays in the code; it is in the history already)',
  commitBlockedUnread: (count: number) =>
    `Commit blocked: ${plural(count, 'staged file')} that could hold a secret key could not be read in full (named above).`,
  commitBlockedUnreadWayOut:
    'Way out: read access to it, or `exclude` it in the settings-guard configuration if it holds no key; or commit with `git commit --no-verify`.',
  commitBlockedUnsearched: 'Commit blocked: the scan could not be completed (said above), so the staged files were not checked in full.',
  commitBlockedUnsearchedWayOut: 'Way out: repair the repository (`git fsck` names what is damaged); or commit with `git commit --no-verify`.',
} as const;
