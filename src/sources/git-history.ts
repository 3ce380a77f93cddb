// Every commit of a history or a range: each blob read once, each key reported
// once, at the commit that introduced it.
import { copyFinding, secretOf } from '../engine/secrets';
import { adviceOnceDeleted } from '../forms';
import type { CommitInfo, Finding, SkippedFile, SourceFile } from '../types';
import {
  BlobReader,
  HistoryListingError,
  SUBMODULE_MODE,
  SYMLINK_MODE,
  isNullOid,
  listLocalBlobs,
  listTreeBlobs,
  resolveCommit,
  streamHistory,
  type BlobRead,
  type HistoryCommit,
  type HistoryPathspecs,
  type HistoryRevisions,
  type Repository,
  type TreeChange,
} from './git';
import { searchLargeFile } from '../text/windows';
import { analyzeItem, contentItem, windowsItem, type NeedlesOf, type PathSelector, type SourceItem } from './source';

export interface HistoryOptions {
  /** Revisions as git log takes them (`origin/main..HEAD`), or for its --stdin; null for every ref. */
  revisions: HistoryRevisions;
  /** Only the changes to these paths, in the commits that make them. */
  pathspecs?: HistoryPathspecs;
  select: PathSelector;
  maxFileSize: number;
  needlesOf: NeedlesOf;
  analyze: (file: SourceFile) => Finding[];
  /**
   * Asked before a blob of this path and kind is read (content null) and before it is
   * analysed: a promise to wait for first (the project's links learned), or nothing.
   */
  beforeAnalysis?: (path: string, kind: string, content: Buffer | null) => Promise<void> | undefined;
  /** The commit whose tree is "the code now" for presentAtHead; default HEAD (a push: the commit pushed). */
  head?: string;
  onProgress?: (status: string) => void;
}

export interface HistoryScan {
  findings: Finding[];
  skipped: SkippedFile[];
  incompleteReasons: string[];
  commitsScanned: number;
  blobsScanned: number;
}

const PROGRESS_AFTER_MS = 1000;
// Blobs asked of git ahead of the analysis: one round trip per blob left git
// and the analysis each waiting for the other. A bound, so memory stays small.
const BLOBS_IN_FLIGHT = 64;
// Reads that have already arrived resolve without a turn of the event loop, so
// git's output pipe (64 KB) is not drained while the analysis runs and git
// stops writing: the analysis gives the loop a turn this often.
const YIELD_EVERY_MS = 2;
const PROGRESS_EVERY_MS = 500;

/**
 * Identities of a blob's findings. The same key twice in one file is two
 * findings, so the n-th occurrence of a rule+value pair is part of its identity.
 */
function identitiesOf(findings: Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const base = `${finding.ruleId}\0${finding.file}\0${secretOf(finding)}`;
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return `${base}\0${occurrence}`;
  });
}

function isRegularFile(mode: string): boolean {
  return mode !== SUBMODULE_MODE && mode !== SYMLINK_MODE && !/^0+$/.test(mode);
}

export async function scanHistory(repo: Repository, options: HistoryOptions): Promise<HistoryScan> {
  // A history names the same few paths thousands of times: each is judged once.
  const kinds = new Map<string, string | null>();
  const kindOf = (path: string): string | null => {
    let kind = kinds.get(path);
    if (kind === undefined) {
      kind = options.select(path);
      kinds.set(path, kind);
    }
    return kind;
  };
  const localBlobs = await listLocalBlobs(repo);
  const reader = new BlobReader(repo.root, { localBlobs });
  const introduced = new Map<string, Finding>();
  const skipped: SkippedFile[] = [];
  const incompleteReasons: string[] = [];
  // Keys already in the code before a range starts: a range reports only what it adds.
  const preexisting = new Set<string>();
  const pathsSeen = new Set<string>();
  const analysed = new Set<string>();
  // A blob with no findings has none under any path of the same kind, so it is never read again;
  // the few blobs that have findings are kept to analyse them under another path.
  const cleanBlobs = new Set<string>();
  const contentOf = new Map<string, Buffer>();
  // Reads already sent to git for the commits about to be analysed.
  const prefetched = new Map<string, Promise<BlobRead>>();
  // A blob over the size limit streams through a search for the names its path's kind can hold.
  const askFor = (blob: string, path: string): Promise<BlobRead> =>
    reader.read(blob, options.maxFileSize, () => searchLargeFile(options.needlesOf(path)));
  const readBlob = (blob: string, path: string): Promise<BlobRead> => {
    const read = prefetched.get(blob);
    if (!read) return askFor(blob, path);
    prefetched.delete(blob);
    return read;
  };
  let commitsScanned = 0;
  let blobsScanned = 0;
  // Each missing blob is skipped on its own and the scan goes on: the blobs that are here are all read.
  const missingBlobs = new Set<string>();

  const started = Date.now();
  let lastProgress = started;
  const reportProgress = (): void => {
    const now = Date.now();
    if (!options.onProgress || now - started < PROGRESS_AFTER_MS || now - lastProgress < PROGRESS_EVERY_MS) return;
    lastProgress = now;
    options.onProgress(`history: ${commitsScanned} commits, ${blobsScanned} blobs read`);
  };

  const analyseBlob = async (path: string, blob: string, commit?: CommitInfo): Promise<Finding[] | null> => {
    const kind = kindOf(path);
    if (kind === null || cleanBlobs.has(`${blob}\0${kind}`)) return [];
    const file = commit ? { path, blob, commit, tracking: 'committed' as const } : { path, blob, tracking: 'committed' as const };
    let item: SourceItem;
    const content = contentOf.get(blob);
    if (content) {
      item = { kind: 'file', file: { ...file, content } };
    } else {
      const read = await readBlob(blob, path);
      if (read.status === 'missing') {
        missingBlobs.add(blob);
        skipped.push({ file: path, reason: 'missing-object', detail: commit ? `${blob} in ${commit.sha}` : blob, couldHoldKey: true });
        return null;
      }
      blobsScanned++;
      item = read.status === 'too-large' ? windowsItem(file, read.search!, read.size) : contentItem({ ...file, content: read.content });
    }
    const where = commit?.sha ?? 'HEAD';
    if (item.kind === 'skipped') {
      skipped.push({ ...item.skipped, detail: where });
      cleanBlobs.add(`${blob}\0${kind}`);
      return [];
    }
    if (item.kind === 'windows' && item.skipped) skipped.push({ ...item.skipped, detail: `${item.skipped.detail ?? ''} in ${where}` });
    await options.beforeAnalysis?.(path, kind, item.kind === 'file' ? item.file.content : null);
    const findings = analyzeItem(item, options.analyze);
    if (findings.length === 0) cleanBlobs.add(`${blob}\0${kind}`);
    // The few blobs with findings are kept to analyse under another path; a large one is read again instead.
    else if (item.kind === 'file') contentOf.set(blob, item.file.content);
    return findings;
  };

  const seedPreexisting = async (change: TreeChange): Promise<void> => {
    if (pathsSeen.has(change.path)) return;
    pathsSeen.add(change.path);
    if (options.revisions === null || isNullOid(change.oldBlob) || !isRegularFile(change.oldMode)) return;
    const before = await analyseBlob(change.path, change.oldBlob);
    for (const identity of identitiesOf(before ?? [])) preexisting.add(identity);
  };

  const isCandidate = (change: TreeChange): boolean =>
    change.status !== 'D' && isRegularFile(change.newMode) && kindOf(change.path) !== null;

  const analyseCommit = async ({ commit, changes }: HistoryCommit): Promise<void> => {
    commitsScanned++;
    for (const change of changes) {
      if (!isCandidate(change)) continue;
      await seedPreexisting(change);
      const pair = `${change.newBlob}\0${change.path}`;
      if (analysed.has(pair)) continue;
      analysed.add(pair);
      const findings = await analyseBlob(change.path, change.newBlob, commit);
      if (!findings) continue;
      identitiesOf(findings).forEach((identity, i) => {
        if (introduced.has(identity) || preexisting.has(identity)) return;
        introduced.set(identity, copyFinding(findings[i]!, { commit }));
      });
    }
    reportProgress();
  };

  // A sliding window: each commit's blobs are asked for as soon as git log
  // lists it, and the oldest commit is analysed once enough reads are in
  // flight, so git reads ahead while the analysis runs.
  const waiting: { entry: HistoryCommit; blobs: string[] }[] = [];
  const prefetch = (change: TreeChange, blobs: string[]): void => {
    const blob = change.newBlob;
    const kind = kindOf(change.path);
    if (prefetched.has(blob) || contentOf.has(blob) || cleanBlobs.has(`${blob}\0${kind}`) || analysed.has(`${blob}\0${change.path}`)) return;
    const read = askFor(blob, change.path);
    // A read dropped unused must not surface as an unhandled rejection; a used one is awaited.
    read.catch(() => undefined);
    prefetched.set(blob, read);
    blobs.push(blob);
  };
  let lastYield = Date.now();
  const analyseOldest = async (): Promise<void> => {
    const { entry, blobs } = waiting.shift()!;
    await analyseCommit(entry);
    // Blobs fetched for nothing (an earlier copy proved clean) are dropped.
    for (const blob of blobs) prefetched.delete(blob);
    if (Date.now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
  };

  try {
    try {
      for await (const entry of streamHistory(repo, options.revisions, options.pathspecs)) {
        const blobs: string[] = [];
        for (const change of entry.changes) {
          if (!isCandidate(change)) continue;
          // A large blob is searched for its kind's names as it is read: they must be known first.
          await options.beforeAnalysis?.(change.path, kindOf(change.path)!, null);
          prefetch(change, blobs);
        }
        waiting.push({ entry, blobs });
        while (prefetched.size >= BLOBS_IN_FLIGHT && waiting.length > 0) await analyseOldest();
      }
    } catch (error) {
      if (!(error instanceof HistoryListingError)) throw error;
      incompleteReasons.push(`git log stopped before the end of the history: ${error.message}`);
    }
    while (waiting.length > 0) await analyseOldest();
    const findings = await markPresentAtHead(repo, [...introduced.entries()], analyseBlob, options.head ?? 'HEAD');
    if (repo.shallow) {
      incompleteReasons.push('shallow clone: commits before the shallow boundary were not scanned (run `git fetch --unshallow`)');
    }
    if (missingBlobs.size > 0) {
      incompleteReasons.push(
        localBlobs
          ? `${blobsAndPaths(missingBlobs.size, skipped)} are not in this partial clone and were not scanned (fetch them, or clone without --filter)`
          : `${blobsAndPaths(missingBlobs.size, skipped)} could not be read (damaged repository)`,
      );
    }
    return { findings, skipped, incompleteReasons, commitsScanned, blobsScanned };
  } finally {
    await reader.close();
  }
}

/** `67 blob(s)`, and the number of paths they were skipped at when a blob sat at several (the skipped list counts paths). */
function blobsAndPaths(blobs: number, skipped: readonly SkippedFile[]): string {
  const paths = skipped.filter((skip) => skip.reason === 'missing-object').length;
  return paths > blobs ? `${blobs} blob(s) (at ${paths} paths)` : `${blobs} blob(s)`;
}

async function markPresentAtHead(
  repo: Repository,
  introduced: [string, Finding][],
  analyseBlob: (path: string, blob: string) => Promise<Finding[] | null>,
  headRevision: string,
): Promise<Finding[]> {
  const head = introduced.length > 0 ? await resolveCommit(repo, headRevision) : null;
  const atHead = new Set<string>();
  // A key moved to another file is still in the code: the old path's finding says so too.
  const keysAtHead = new Set<string>();
  if (head) {
    const paths = [...new Set(introduced.map(([, finding]) => finding.file))];
    for (const [path, blob] of await listTreeBlobs(repo, head, paths)) {
      const findings = (await analyseBlob(path, blob)) ?? [];
      for (const identity of identitiesOf(findings)) atHead.add(identity);
      for (const finding of findings) if (secretOf(finding) !== '') keysAtHead.add(secretOf(finding));
    }
  }
  return introduced.map(([identity, finding]) => {
    const presentAtHead = atHead.has(identity) || (secretOf(finding) !== '' && keysAtHead.has(secretOf(finding)));
    // A key no longer in the code has nothing left for `fix` to rewrite: what is left to do is rotate it.
    const deleted = !presentAtHead && finding.suggestion !== undefined && finding.site !== undefined;
    return copyFinding(finding, { presentAtHead, ...(deleted && { suggestion: adviceOnceDeleted(finding.site!) }) });
  });
}
