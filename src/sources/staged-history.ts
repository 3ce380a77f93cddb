// Where the keys a commit would add already are: only in this commit (new),
// in HEAD (committed here before), or on a remote-tracking branch (pushed,
// so published). The hook's words differ for each: a key already pushed
// needs rotating whatever this commit does.
import type { Finding, PriorCommit } from '../types';
import { BlobReader, listRemoteTrackingRefs, listTreeBlobs, type Repository } from './git';

/**
 * For each finding whose key HEAD or a remote-tracking ref already holds (at
 * any of the findings' paths), where; `keysOf` gives the key values of a blob's
 * content at a path (the same analysis the scan ran).
 */
export async function findPriorCommits(
  repo: Repository,
  findings: readonly Finding[],
  keyOf: (finding: Finding) => string,
  keysOf: (path: string, content: Buffer) => string[],
): Promise<Map<Finding, PriorCommit>> {
  const prior = new Map<Finding, PriorCommit>();
  const wanted = findings.filter((finding) => keyOf(finding) !== '');
  if (wanted.length === 0) return prior;
  const paths = [...new Set(wanted.map((finding) => finding.file))];
  const reader = new BlobReader(repo.root);
  const keysAt = async (commit: string): Promise<Set<string>> => {
    const keys = new Set<string>();
    for (const [path, blob] of await listTreeBlobs(repo, commit, paths)) {
      const read = await reader.read(blob);
      if (read.status === 'ok') for (const key of keysOf(path, read.content)) keys.add(key);
    }
    return keys;
  };
  try {
    // Pushed wins over committed: it says more about what to do.
    for (const { ref, commit } of await listRemoteTrackingRefs(repo)) {
      const keys = await keysAt(commit);
      for (const finding of wanted) if (!prior.has(finding) && keys.has(keyOf(finding))) prior.set(finding, { where: 'pushed', ref });
    }
    if (repo.head) {
      const keys = await keysAt(repo.head);
      for (const finding of wanted) if (!prior.has(finding) && keys.has(keyOf(finding))) prior.set(finding, { where: 'head' });
    }
  } finally {
    await reader.close();
  }
  return prior;
}
