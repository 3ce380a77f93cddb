// Was an old key ever committed? Decided on the key's value as the code means
// it, searched in-process over the blobs of every reachable commit, so the key
// never goes on a git command line. A blob that does not hold the value's
// bytes may still hold the key written another way (in pieces over lines,
// with escapes): such a blob is analysed, and its keys' values compared.
import { analyzeFile, type AnalysisOptions } from '../engine/analyze';
import { secretOf } from '../engine/secrets';
import { BlobReader, findWorkTreeRoot, listReachableBlobs } from '../sources/git';

/**
 * For each key value, whether some commit holds it: null for a key not found
 * when some history could not be read (a partial clone's missing blobs, a
 * shallow clone's cut-off commits), and null for all when there is no git
 * history to ask.
 */
export async function committedKeys(
  cwd: string,
  values: readonly string[],
  wanted: (path: string) => boolean,
  analysis: Partial<AnalysisOptions> = {},
): Promise<(boolean | null)[] | null> {
  const root = await findWorkTreeRoot(cwd);
  if (!root) return null;
  const listed = await listReachableBlobs(root, wanted);
  if (!listed) return null;
  const ids = [...listed.blobs.keys()];
  let unread = listed.missing;
  const found = values.map(() => false);
  const needles = values.map((value) => (value.length > 0 ? Buffer.from(value, 'utf8') : null));
  const reader = new BlobReader(root);
  try {
    // Requests go out a batch at a time, so git streams while the batch is searched; memory stays flat.
    for (let at = 0; at < ids.length && found.includes(false); at += 256) {
      const batch = ids.slice(at, at + 256);
      const reads = await Promise.all(batch.map((id) => reader.read(id)));
      reads.forEach((blob, index) => {
        if (blob.status !== 'ok') {
          unread++;
          return;
        }
        let evaluated: Set<string> | null = null;
        needles.forEach((needle, key) => {
          if (found[key] || !needle) return;
          if (blob.content.includes(needle)) {
            found[key] = true;
            return;
          }
          evaluated ??= new Set(analyzeFile({ path: listed.blobs.get(batch[index]!)!, content: blob.content }, analysis).map(secretOf));
          if (evaluated.has(values[key]!)) found[key] = true;
        });
      });
    }
  } catch {
    return null;
  } finally {
    await reader.close();
  }
  const partly = unread > 0 || listed.shallow;
  return found.map((hit) => (hit ? true : partly ? null : false));
}
