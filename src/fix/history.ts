// Was an old key ever committed? Searched in-process over the blobs of every
// reachable commit, so the key never goes on a git command line.
import { BlobReader, findWorkTreeRoot, listReachableBlobs } from '../sources/git';

export interface OldKey {
  /** The decoded value and the literal's source text: either may be how history holds it. */
  needles: string[];
}

/**
 * For each key, whether some commit holds it: null for a key not found when
 * some blob could not be read (a partial clone's), and null for all when
 * there is no git history to ask.
 */
export async function committedKeys(cwd: string, keys: readonly OldKey[], wanted: (path: string) => boolean): Promise<(boolean | null)[] | null> {
  const root = await findWorkTreeRoot(cwd);
  if (!root) return null;
  const listed = await listReachableBlobs(root, wanted);
  if (!listed) return null;
  const ids = listed.blobs;
  let unread = listed.missing;
  const found = keys.map(() => false);
  const needles = keys.map((key) => key.needles.filter((needle) => needle.length > 0).map((needle) => Buffer.from(needle, 'utf8')));
  const reader = new BlobReader(root);
  try {
    // Requests go out a batch at a time, so git streams while the batch is searched; memory stays flat.
    for (let at = 0; at < ids.length && found.includes(false); at += 256) {
      for (const blob of await Promise.all(ids.slice(at, at + 256).map((id) => reader.read(id)))) {
        if (blob.status !== 'ok') {
          unread++;
          continue;
        }
        needles.forEach((list, index) => {
          if (!found[index] && list.some((needle) => blob.content.includes(needle))) found[index] = true;
        });
      }
    }
  } catch {
    return null;
  } finally {
    await reader.close();
  }
  return found.map((hit) => (hit ? true : unread > 0 ? null : false));
}
