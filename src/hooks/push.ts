// What a push brings: the commits a pre-push hook (client side) or a
// pre-receive hook (server side) must check, read from the lines git gives the
// hook on stdin (githooks(5)). Pure: the refs these selections name are
// resolved by the scan, in the repository.
import type { ExcludedRefs } from '../sources/git';

/** Commits to scan: those `include` reaches and neither `exclude` nor the refs of `excludeRefs` reach. */
export interface CommitSelection {
  include: string[];
  exclude: string[];
  excludeRefs: ExcludedRefs[];
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

function isOid(text: string): boolean {
  return OID.test(text);
}

function isZero(oid: string): boolean {
  return /^0+$/.test(oid);
}

function linesOf(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split(/\s+/));
}

/**
 * pre-push: `<local ref> <local sha> <remote ref> <remote sha>` per ref. The
 * commits the remote does not have: what each local sha reaches, less what the
 * remote's tracking refs and the remote's current sha (when this clone has it)
 * reach. A deleted ref (local sha all zeros) pushes nothing. `remote` is the
 * remote's name, or its URL when the push names no configured remote (then no
 * tracking ref matches and only the remote shas are excluded).
 */
export function selectPushedCommits(remote: string, stdin: string): CommitSelection {
  const selection: CommitSelection = { include: [], exclude: [], excludeRefs: [] };
  for (const [, localSha = '', , remoteSha = ''] of linesOf(stdin)) {
    if (!isOid(localSha) || isZero(localSha)) continue;
    selection.include.push(localSha);
    if (isOid(remoteSha) && !isZero(remoteSha)) selection.exclude.push(remoteSha);
  }
  if (selection.include.length > 0 && isRemoteName(remote)) selection.excludeRefs.push({ remote });
  return selection;
}

/** A configured remote's name, not a URL or a path (git's refname rules, loosely: no ':' or '/'-leading names). */
function isRemoteName(remote: string): boolean {
  return remote !== '' && !remote.includes(':') && !remote.startsWith('/') && !remote.startsWith('.') && !remote.startsWith('-');
}

/**
 * pre-receive: `<old sha> <new sha> <ref>` per ref, in the receiving
 * repository before any ref moves. The new commits: what each new sha reaches
 * and no ref of the repository does (`new --not --all`). A deletion (new sha
 * all zeros) brings nothing.
 */
export function selectReceivedCommits(stdin: string): CommitSelection {
  const include = linesOf(stdin)
    .map(([, newSha = '']) => newSha)
    .filter((sha) => isOid(sha) && !isZero(sha));
  return { include, exclude: [], excludeRefs: include.length > 0 ? [{ all: true }] : [] };
}

/**
 * The pre-commit framework's pre-push stage: it names the range itself
 * (PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF).
 */
export function selectRange(from: string, to: string): CommitSelection {
  return { include: [to], exclude: isZero(from) ? [] : [from], excludeRefs: [] };
}
