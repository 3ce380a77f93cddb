// Orchestrates source -> analysis -> sorting -> ScanResult.
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { analyzeFile, fileKindOf, keyNeedles, type AnalysisOptions, type FileKind, type SettingRead } from './engine/analyze';
import { LinkLearner, mayDefineLinkedName, NO_LINKS, withLinkedNames, type ProjectLinks } from './engine/links';
import { isPythonPath, learnFromDirectory, learnFromGit, rereadLinkedModules, type WorkTreeLearning } from './project-links';
import { applyBaseline, wasSeenIn, type Baseline, type BaselineEntry } from './engine/baseline';
import { compileGlobsFrom, pathFrom, type GlobsFrom } from './engine/globs';
import { secretOf } from './engine/secrets';
import { UserError } from './errors';
import { BlobReader, listStagedChanges, openRepository, resolveCommit, type HistoryRevisions, type Repository } from './sources/git';
import { findPriorCommits } from './sources/staged-history';
import type { CommitSelection } from './hooks/push';
import { scanHistory } from './sources/git-history';
import { readIndex } from './sources/git-index';
import { DEFAULT_MAX_FILE_SIZE, analyzeItem, isWithin, rebasePath, toPosix, type NeedlesOf, type PathSelector, type SourceItem } from './sources/source';
import { readWorkTree } from './sources/working-tree';
import { decodeSource } from './text/decode';
import type { Finding, ScanResult, SkippedFile, SourceFile, SuggestedFix } from './types';

export interface ScanOptions {
  /** Working directory the command runs in. */
  cwd: string;
  mode: 'directory' | 'staged' | 'history';
  /**
   * Directory mode: files or folders to scan (default ['.']). History mode:
   * only the changes to these paths (git pathspecs, from `cwd`), as `git log -- PATH...`.
   */
  paths?: string[];
  /** History mode: a revision range such as `origin/main..HEAD`; all refs when absent. */
  range?: string;
  /** History mode: scan `REF..HEAD`, the commits added since REF. Not combined with `range`. */
  since?: string;
  /** History mode: scan exactly these commits (what a push brings); none to scan when `include` is empty. */
  commits?: CommitSelection;
  /** Scan only the paths one of these picomatch globs matches (every path when none is given). */
  include?: GlobsFrom[];
  /** Skip the paths any of these globs matches. */
  exclude?: GlobsFrom[];
  /**
   * The project's directory (absolute): the configuration file's, else the
   * repository's root. The analysis judges where a file sits (test and docs
   * paths, CI files) by its path from there. Default: the scan's root.
   */
  projectDirectory?: string;
  /** Files larger than this many bytes are searched for secret names, and the lines around each mention analysed. */
  maxFileSize?: number;
  analysis?: Partial<AnalysisOptions>;
  /** Findings this baseline knows are left out; the result counts them. */
  baseline?: Baseline;
  /**
   * The directory the baseline's paths are relative to (the baseline file's).
   * Without it, they are taken as relative to the scan's own paths.
   */
  baselineDirectory?: string;
  /**
   * Plans the rewrite `fix` would make for findings, given the text they were
   * found in (the fixer's suggestFixes); each planned one is attached to its
   * finding (SARIF `fixes`). Ignored by history scans.
   */
  suggestFixes?: (text: string, findings: readonly Finding[]) => Map<Finding, SuggestedFix>;
  /** Called with a short status line now and then during long scans. */
  onProgress?: (status: string) => void;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  const result = await collect(options);
  if (!options.baseline) return result;
  // Findings' paths are relative to the scan's root (the working directory, or the repository
  // for git modes), the baseline's to its own directory: the same file from a subdirectory too.
  const directory = options.baselineDirectory;
  const toBaseline = (file: string): string => (directory === undefined ? file : rebasePath(file, result.root, directory));
  const fromBaseline = (file: string): string => (directory === undefined ? file : rebasePath(file, directory, result.root));
  const outcome = applyBaseline(result.findings, options.baseline, secretOf, (finding) => toBaseline(finding.file));
  const inScope = baselineScope(options);
  const stale = outcome.stale.map((entry) => ({ ...entry, file: fromBaseline(entry.file) })).filter(inScope);
  return {
    ...result,
    findings: outcome.findings,
    baseline: {
      suppressed: outcome.suppressed,
      stale: stale.length,
      staleEntries: stale.map((entry) => ({ ruleId: entry.ruleId, file: entry.file })),
      staleFromOldBaseline: stale.some((entry) => entry.seenIn === undefined),
    },
  };
}

/**
 * Which baseline entries a scan can call stale: only those recorded from the
 * source it reads (the working tree or the history), for files it looked at.
 * A staged scan, a range or the history of some paths sees a slice of the project, so none.
 */
function baselineScope(options: ScanOptions): (entry: BaselineEntry) => boolean {
  const slice = options.range !== undefined || options.since !== undefined || options.commits !== undefined || options.paths !== undefined;
  if (options.mode === 'staged' || (options.mode === 'history' && slice)) return () => false;
  if (options.mode === 'history') return (entry) => wasSeenIn(entry, 'history');
  const prefixes = (options.paths ?? ['.']).map((path) => path.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, ''));
  const everywhere = prefixes.some((prefix) => prefix === '' || prefix === '.');
  // Entry paths are relative to the scan's directory here: `../` leads out of what it read.
  const outside = (file: string) => file === '..' || file.startsWith('../');
  const inPaths = (file: string) => (everywhere ? !outside(file) : prefixes.some((prefix) => file === prefix || file.startsWith(`${prefix}/`)));
  return (entry) => wasSeenIn(entry, 'tree') && inPaths(entry.file);
}

async function collect(options: ScanOptions): Promise<ScanResult> {
  // Date.now() rather than performance.now(): the `performance` global loads perf_hooks, milliseconds of a hook run.
  const started = Date.now();
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // The project's links, once learned: env and deployment files (and the modules a setting imports from) are read with them.
  let links: ProjectLinks = NO_LINKS;
  // Directory mode learns from the Python files it reads, which come first (their analysis finds the reads on the way):
  // the names are final when another file is read.
  let learning: WorkTreeLearning | null = null;
  const findings: Finding[] = [];
  const linksFor = (kind: FileKind | null): ProjectLinks => {
    if (learning && !learning.done && kind !== 'python') {
      learning.done = true;
      links = learning.learner.links();
      rereadLinkedModules(learning, links, options.cwd, maxFileSize, analyzerFor(options.cwd), findings);
    }
    return links;
  };
  const needlesOf = needlesFor(options, linksFor);
  const onSettingReads = (path: string, reads: readonly SettingRead[]) => {
    if (learning && !learning.done) learning.learner.learn(path, reads);
  };
  // Paths are relative to the scan's root: the working directory, or the repository for git modes.
  const analyzerFor = (root: string) => {
    const analysis = {
      ...analysisOptionsFor(options, root),
      linkedNames: (path: string, kind: FileKind) => linksFor(kind).namesFor(path, kind),
      // Only a directory scan learns the names from its own analysis; the other modes learn them from git.
      ...(learning && { onSettingReads }),
    };
    return (file: SourceFile): Finding[] => withFixes(file, analyzeFile(file, analysis), options);
  };

  if (options.mode === 'history') {
    const repo = await openRepository(options.cwd, { needsWorkTree: false });
    // The names come from the code as it is now: HEAD's modules (the commit pushed, for a push), searched only once a
    // blob could hold a key under a learned name: an env or deployment file, or a module that assigns names (as the hook does).
    // A blob git cannot read there is one the history scan reads too, and reports.
    const learnFromHead = new Once(async () => {
      const head = options.commits ? options.commits.include[0] : await resolveHead(repo);
      if (head !== undefined && head !== null) links = (await learnFromGit(repo, options.analysis?.extraSettings ?? [], maxFileSize, head)).links;
    });
    // A whole history nearly always meets such a blob: git searches HEAD while the history is listed. A push rarely does.
    // (Awaited where it is needed; a history with nothing that needs it must not leave its failure unhandled.)
    if (!options.commits) learnFromHead.run().catch(() => undefined);
    const beforeAnalysis = (_path: string, kind: string, content: Buffer | null): Promise<void> | undefined =>
      learnFromHead.started || mayNeedLinks(kind, content) ? learnFromHead.run() : undefined;
    const history = await scanHistory(repo, {
      revisions: options.commits ? selectionRevisions(options.commits) : historyRevisions(options),
      ...(options.paths !== undefined && { pathspecs: { cwd: options.cwd, paths: options.paths } }),
      // A push's keys are "still in the code" when the commit pushed holds them, whatever HEAD is.
      ...(options.commits?.include[0] !== undefined && { head: options.commits.include[0] }),
      select: pathSelector(options, repo.root),
      maxFileSize,
      needlesOf,
      analyze: analyzerFor(repo.root),
      beforeAnalysis,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return {
      mode: 'history',
      root: repo.root,
      findings: sortFindings(history.findings),
      skipped: history.skipped,
      stats: {
        filesScanned: history.blobsScanned,
        filesSkipped: history.skipped.length,
        commitsScanned: history.commitsScanned,
        blobsScanned: history.blobsScanned,
        elapsedMs: Date.now() - started,
      },
      // Missing blobs have the history's own reason, which says what to fetch.
      ...incompleteness(history.skipped.filter((skip) => skip.reason !== 'missing-object'), history.incompleteReasons),
      secretOf,
    };
  }

  let root = options.cwd;
  let learnLinksOnce: Once | null = null;
  const linkProblems: string[] = [];
  let stagedRepo: Repository | null = null;
  let items: AsyncIterable<SourceItem>;
  let skipped: SkippedFile[] = [];
  const leftOut = new Set<string>();
  if (options.mode === 'staged') {
    const repo = await openRepository(options.cwd, { needsWorkTree: true, resolveHead: true });
    root = repo.root;
    stagedRepo = repo;
    const select = pathSelector(options, root, leftOut);
    // git cat-file starts while git diff-index lists the changes: in a hook, the two start-ups overlap instead of adding up.
    const reader = new BlobReader(repo.root);
    const changes = await listStagedChanges(repo).catch(async (error: unknown) => {
      await reader.close();
      throw error;
    });
    // The project's modules are searched only when a staged file could hold a key under a learned name:
    // an env or deployment file (before it is read, so a large one is searched for the names too), or a module that assigns names.
    learnLinksOnce = new Once(async () => {
      const learned = await learnFromGit(repo, options.analysis?.extraSettings ?? [], maxFileSize);
      links = learned.links;
      if (learned.problem !== undefined) linkProblems.push(`the project's settings modules could not be searched for the names they read keys from (${learned.problem})`);
    });
    if (changes.some((change) => change.status !== 'D' && mayNeedLinks(select(change.path), null))) await learnLinksOnce.run();
    items = readIndex(repo, { select, maxFileSize, needlesOf, reader, changes: Promise.resolve(changes) });
  } else {
    const select = pathSelector(options, root, leftOut);
    const paths = options.paths ?? ['.'];
    const project = resolve(options.projectDirectory ?? options.cwd);
    if (paths.some((path) => isWithin(resolve(options.cwd, path), project))) {
      learning = { learner: new LinkLearner(options.analysis?.extraSettings ?? []), seen: new Map(), done: false };
    } else {
      // Only some of the project is scanned (the files the pre-commit framework names, say): its modules are read for the names
      // when a file could need them, a folder or an env or deployment file before any is read.
      learnLinksOnce = new Once(async () => {
        links = await learnFromDirectory(options.cwd, project, options.analysis?.extraSettings ?? [], maxFileSize, pathSelector(options, options.cwd));
      });
      if (paths.some((path) => !['python', 'javascript'].includes(fileKindOf(path) ?? '') || !statSync(resolve(options.cwd, path), { throwIfNoEntry: false })?.isFile())) {
        await learnLinksOnce.run();
      }
    }
    items = readWorkTree({ cwd: options.cwd, paths, select, maxFileSize, needlesOf, ...(learning && { readFirst: isPythonPath }) });
    skipped = namedFilesNotRead(options, select);
  }
  const namedCount = skipped.length;
  const analyze = analyzerFor(root);
  let filesScanned = 0;
  for await (const item of items) {
    const python = item.kind === 'file' && (learning !== null || learnLinksOnce !== null) && isPythonPath(item.file.path);
    if (python && learning && !learning.done) learning.seen.set(item.file.path, item.file.tracking);
    // Once the links are being learned, no other module needs asking.
    if (python && learnLinksOnce && !learnLinksOnce.started && mayNeedLinks('python', item.file.content)) await learnLinksOnce.run();
    if (item.kind === 'skipped') {
      skipped.push(item.skipped);
      continue;
    }
    if (item.kind === 'windows' && item.skipped) skipped.push(item.skipped);
    filesScanned++;
    findings.push(...analyzeItem(item, analyze));
  }
  // No file but Python files: the modules a setting imports from are read again all the same.
  linksFor(null);
  // Python files were read first: the files passed over are told in path order all the same.
  if (learning) skipped.splice(namedCount, Infinity, ...inPathOrder(skipped.slice(namedCount)));
  if (stagedRepo && findings.length > 0) {
    // Only when the commit is blocked anyway: a clean commit starts no more git.
    const prior = await findPriorCommits(stagedRepo, findings, secretOf, (path, content) => analyze({ path, content }).map(secretOf));
    for (const [finding, where] of prior) finding.priorCommit = where;
  }
  return {
    mode: options.mode,
    root,
    findings: sortFindings(findings),
    skipped,
    stats: {
      filesScanned,
      filesSkipped: skipped.length,
      // Only when it matters: globs that left out every file would otherwise pass in silence.
      ...(filesScanned === 0 && leftOut.size > 0 && { filesLeftOut: leftOut.size }),
      elapsedMs: Date.now() - started,
    },
    ...incompleteness(skipped, linkProblems),
    secretOf,
  };
}

/** Fail closed: a file that could hold a key and was not analysed makes the scan incomplete, in every mode. */
function incompleteness(skipped: readonly SkippedFile[], reasons: readonly string[]): Pick<ScanResult, 'incomplete' | 'incompleteReasons'> {
  const unread = skipped.filter((skip) => skip.couldHoldKey);
  const all = [...reasons];
  if (unread.length === 1) all.push(`${unread[0]!.file} could hold a secret key and was not read in full (${unread[0]!.reason})`);
  else if (unread.length > 1) all.push(`${unread.length} files that could hold a secret key were not read in full`);
  return { incomplete: all.length > 0, incompleteReasons: all };
}

function needlesFor(options: ScanOptions, links: (kind: FileKind) => ProjectLinks): NeedlesOf {
  const extraSettings = [...new Set(options.analysis?.extraSettings ?? [])];
  return (path) => {
    const kind = fileKindOf(path);
    if (kind === null) return [];
    return keyNeedles(kind, withLinkedNames(extraSettings, links(kind).namesFor(path, kind)));
  };
}

/** Files by path (as a walk lists them), then the folders that could not be listed, as the walk gives them last. */
function inPathOrder(skipped: readonly SkippedFile[]): SkippedFile[] {
  const folders = skipped.filter((skip) => skip.file.endsWith('/'));
  const files = skipped.filter((skip) => !skip.file.endsWith('/'));
  return [...files.sort((a, b) => compareText(a.file, b.file)), ...folders];
}

/**
 * Whether a file of this kind (its content, once read) could hold a key under a
 * name only the project's links make one: an env or deployment file, or a
 * module that assigns a string to a name (another module may import it as a key).
 */
function mayNeedLinks(kind: string | null, content: Buffer | null): boolean {
  return kind === 'env' || kind === 'deploy' || (kind === 'python' && content !== null && mayDefineLinkedName(content));
}

/** Work started at most once, however often it is asked for. */
class Once {
  private running: Promise<void> | null = null;

  constructor(private readonly work: () => Promise<void>) {}

  get started(): boolean {
    return this.running !== null;
  }

  run(): Promise<void> {
    return (this.running ??= this.work());
  }
}

async function resolveHead(repo: Repository): Promise<string | null> {
  return repo.head !== undefined ? repo.head : resolveCommit(repo, 'HEAD');
}

/** Files named on the command line that the scan passes over: said so, never dropped in silence. */
function namedFilesNotRead(options: ScanOptions, select: PathSelector): SkippedFile[] {
  const skipped: SkippedFile[] = [];
  for (const path of options.paths ?? []) {
    const absolute = resolve(options.cwd, path);
    if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) continue;
    const display = toPosix(relative(options.cwd, absolute));
    if (fileKindOf(display) === null) skipped.push({ file: display, reason: 'unsupported-type', detail: 'not a kind of file settings-guard reads' });
    else if (select(display) === null) skipped.push({ file: display, reason: 'excluded', detail: 'by --include, --exclude or the configuration' });
  }
  return skipped;
}

/** Plans each finding's rewrite on the very text just analysed, so offsets match what was read. */
function withFixes(file: SourceFile, findings: Finding[], options: ScanOptions): Finding[] {
  // A window's offsets are not the file's: its findings go without a rewrite.
  if (!options.suggestFixes || options.mode === 'history' || file.firstLine !== undefined || findings.length === 0) return findings;
  const suggested = options.suggestFixes(decodeSource(file.content).text, findings);
  for (const [finding, fix] of suggested) finding.fix = fix;
  return findings;
}

/** A selection as lines for `git log --stdin`; `{ stdin: [] }` lists nothing. */
function selectionRevisions(selection: CommitSelection): HistoryRevisions {
  return { stdin: [...selection.include, ...selection.exclude.map((sha) => `^${sha}`)], excludeRefs: selection.excludeRefs };
}

function historyRevisions(options: ScanOptions): string[] | null {
  if (options.range !== undefined && options.since !== undefined) {
    throw new UserError('give either a range or --since, not both');
  }
  const range = options.since !== undefined ? `${options.since}..HEAD` : options.range;
  if (range === undefined) return null;
  if (range.trim() === '' || range.startsWith('-')) throw new UserError(`not a valid revision range: ${range}`);
  return [range];
}

/** The analysis options of a scan whose paths are relative to `root`: told how to see them from the project's directory. */
export function analysisOptionsFor(options: Pick<ScanOptions, 'analysis' | 'projectDirectory'>, root: string): Partial<AnalysisOptions> {
  const analysis = options.analysis ?? {};
  if (options.projectDirectory === undefined || resolve(options.projectDirectory) === resolve(root)) return analysis;
  return { ...analysis, projectPathOf: pathFrom(resolve(root), resolve(options.projectDirectory)) };
}

/** Decides which paths are read; `leftOut` collects the files of a kind it reads that the globs left out. */
function pathSelector(options: ScanOptions, root: string, leftOut = new Set<string>()): PathSelector {
  const included = options.include ? compileGlobsFrom(options.include, resolve(root)) : null;
  const excluded = options.exclude ? compileGlobsFrom(options.exclude, resolve(root)) : null;
  return (path) => {
    const kind = fileKindOf(path);
    if (kind === null) return null;
    const relative = path.startsWith('./') ? path.slice(2) : path;
    if ((included && !included(relative)) || excluded?.(relative)) {
      leftOut.add(relative);
      return null;
    }
    return kind;
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
}
