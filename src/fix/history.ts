// Was an old key ever committed? Searched in-process over the blobs of every
// reachable commit, so the key never goes on a git command line.
import { historyBlobs, readBlobs, repoRoot } from './git';

export interface OldKey {
  /** The decoded value and the literal's source text: either may be how history holds it. */
  needles: string[];
}

/** For each key, whether some commit holds it; null when there is no git history to ask. */
export async function committedKeys(cwd: string, keys: readonly OldKey[], wanted: (path: string) => boolean): Promise<boolean[] | null> {
  const root = await repoRoot(cwd);
  if (!root) return null;
  const ids = await historyBlobs(root, wanted);
  if (!ids) return null;
  const found = keys.map(() => false);
  const needles = keys.map((key) => key.needles.filter((needle) => needle.length > 0).map((needle) => Buffer.from(needle, 'utf8')));
  // Batches keep memory flat on large histories.
  for (let at = 0; at < ids.length && found.includes(false); at += 500) {
    const blobs = await readBlobs(root, ids.slice(at, at + 500));
    if (!blobs) return null;
    for (const blob of blobs) {
      needles.forEach((list, index) => {
        if (!found[index] && list.some((needle) => blob.includes(needle))) found[index] = true;
      });
    }
  }
  return found;
}
