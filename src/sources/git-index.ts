// What the next commit will contain: the staged blobs, never the working tree.
import { BlobReader, SUBMODULE_MODE, SYMLINK_MODE, listStagedChanges, type Repository } from './git';
import { contentItem, isJunkPath, skippedItem, type PathSelector, type SourceItem } from './source';

export interface IndexOptions {
  select: PathSelector;
  maxFileSize: number;
}

const READ_BATCH = 64;

export async function* readIndex(repo: Repository, options: IndexOptions): AsyncGenerator<SourceItem> {
  // git cat-file starts while git diff-index lists the changes: in a hook, the
  // two start-ups overlap instead of adding up.
  const reader = new BlobReader(repo.root);
  try {
    const toRead: { path: string; blob: string }[] = [];
    for (const change of await listStagedChanges(repo)) {
      if (change.status === 'D' || change.newMode === SUBMODULE_MODE) continue;
      if (isJunkPath(change.path) || options.select(change.path) === null) continue;
      if (change.status === 'U') yield skippedItem(change.path, 'conflicted', 'unresolved merge conflict');
      else if (change.newMode === SYMLINK_MODE) yield skippedItem(change.path, 'not-a-file', 'symbolic link');
      else toRead.push({ path: change.path, blob: change.newBlob });
    }
    for (let start = 0; start < toRead.length; start += READ_BATCH) {
      const batch = toRead.slice(start, start + READ_BATCH);
      const reads = await Promise.all(batch.map((entry) => reader.read(entry.blob, options.maxFileSize)));
      // Every blob is in: git can exit while the last batch is analysed.
      if (start + READ_BATCH >= toRead.length) void reader.close();
      for (const [i, read] of reads.entries()) {
        const { path, blob } = batch[i]!;
        if (read.status === 'missing') yield skippedItem(path, 'missing-object', blob);
        else if (read.status === 'too-large') yield skippedItem(path, 'too-large', `${read.size} bytes`);
        else yield contentItem({ path, content: read.content, blob }, options.maxFileSize);
      }
    }
  } finally {
    await reader.close();
  }
}
