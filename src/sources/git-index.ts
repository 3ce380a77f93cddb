// What the next commit will contain: the staged blobs, never the working tree.
// Every blob the commit adds is read, wherever it lives: only a configured
// exclude keeps a path out.
import { BlobReader, SUBMODULE_MODE, SYMLINK_MODE, listStagedChanges, type Repository, type TreeChange } from './git';
import type { SourceFile } from '../types';
import { searchLargeFile } from '../text/windows';
import { contentItem, skippedItem, unreadItem, windowsItem, type NeedlesOf, type PathSelector, type SourceItem } from './source';

export interface IndexOptions {
  select: PathSelector;
  maxFileSize: number;
  needlesOf: NeedlesOf;
  /** The reader to read blobs with (closed once the index is read); a new one when absent. */
  reader?: BlobReader;
  /** The staged changes, when the caller has started listing them already. */
  changes?: Promise<TreeChange[]>;
}

const READ_BATCH = 64;

export async function* readIndex(repo: Repository, options: IndexOptions): AsyncGenerator<SourceItem> {
  // git cat-file starts while git diff-index lists the changes: in a hook, the
  // two start-ups overlap instead of adding up.
  const reader = options.reader ?? new BlobReader(repo.root);
  try {
    const toRead: { path: string; blob: string }[] = [];
    for (const change of await (options.changes ?? listStagedChanges(repo))) {
      if (change.status === 'D' || change.newMode === SUBMODULE_MODE) continue;
      if (options.select(change.path) === null) continue;
      if (change.status === 'U') yield skippedItem(change.path, 'conflicted', 'unresolved merge conflict');
      else if (change.newMode === SYMLINK_MODE) yield skippedItem(change.path, 'not-a-file', 'symbolic link');
      else toRead.push({ path: change.path, blob: change.newBlob });
    }
    for (let start = 0; start < toRead.length; start += READ_BATCH) {
      const batch = toRead.slice(start, start + READ_BATCH);
      const reads = await Promise.all(
        batch.map((entry) => reader.read(entry.blob, options.maxFileSize, () => searchLargeFile(options.needlesOf(entry.path)))),
      );
      // Every blob is in: git can exit while the last batch is analysed.
      if (start + READ_BATCH >= toRead.length) void reader.close();
      for (const [i, read] of reads.entries()) {
        const { path, blob } = batch[i]!;
        if (read.status === 'missing') yield unreadItem(path, 'missing-object', blob);
        else if (read.status === 'too-large') yield windowsItem({ path, blob, tracking: 'staged' }, read.search!, read.size);
        else yield contentItem({ path, content: read.content, blob, tracking: 'staged' });
      }
    }
  } finally {
    await reader.close();
  }
}

/**
 * The files at `paths` in the index (or, given `commit`, in its tree), read
 * whole: any file of the project, not only those a commit changes. Files over
 * `maxFileSize` are left out; one git cannot read (corrupt, or missing from a partial clone) is an error.
 */
export async function readIndexFiles(reader: BlobReader, paths: readonly string[], maxFileSize: number, commit?: string): Promise<SourceFile[]> {
  const reads = await Promise.all(paths.map((path) => reader.read(`${commit ?? ''}:${path}`, maxFileSize)));
  const missing = reads.findIndex((read) => read.status === 'missing');
  if (missing >= 0) throw new Error(`git cannot read ${paths[missing]} ${commit === undefined ? 'in the index' : `in ${commit}`}`);
  return reads.flatMap((read, index) => (read.status === 'ok' ? [{ path: paths[index]!, content: read.content }] : []));
}
