// A project's links, learned from its modules where each scan finds them: on
// disk (a scan of named files), in the index or a commit's tree (the hook,
// history and pushes), or (a directory scan) from its own analysis, with the
// modules read before the names were known read again. The links themselves
// (which names are keys where) are src/engine/links.ts.
import { relative, resolve } from 'node:path';
import { fileKindOf, keyNeedles } from './engine/analyze';
import { mightHoldKey } from './engine/classify';
import { learnLinks, type LinkLearner, mayLinkLines, mayTeachNames, NO_LINKS, type ProjectLinks } from './engine/links';
import { UserError } from './errors';
import { BlobReader, findWorkTreeRoot, grepLines, grepWorkTreeLines, type Repository } from './sources/git';
import { readIndexFiles } from './sources/git-index';
import { isJunkPath, rebasePath, toPosix, type PathSelector } from './sources/source';
import { readRegularFile, readWorkTree } from './sources/working-tree';
import type { Finding, SourceFile } from './types';

export function isPythonPath(path: string): boolean {
  return fileKindOf(path) === 'python';
}

/** What a directory scan has learned from the Python files analysed so far, and where each stands with git. */
export interface WorkTreeLearning {
  learner: LinkLearner;
  seen: Map<string, SourceFile['tracking']>;
  done: boolean;
}

/**
 * The modules a setting imports a name from were read before the names were
 * known: each is read again and its findings replace the first reading's.
 */
export function rereadLinkedModules(state: WorkTreeLearning, links: ProjectLinks, cwd: string, maxFileSize: number, analyze: (file: SourceFile) => Finding[], findings: Finding[]): void {
  for (const path of links.modules) {
    if (!state.seen.has(path)) continue;
    const item = readRegularFile(resolve(cwd, path), path, maxFileSize);
    if (item.kind !== 'file') continue;
    const tracking = state.seen.get(path);
    const again = analyze(tracking === undefined ? item.file : { ...item.file, tracking });
    for (let index = findings.length - 1; index >= 0; index--) if (findings[index]!.file === path) findings.splice(index, 1);
    findings.push(...again);
  }
}

/**
 * The links of the Python modules under the project's directory (on disk), by
 * their paths from the scan's directory. In a git work tree, git grep finds
 * the modules with a line that can read a setting from a name, and only those
 * are read; elsewhere every module is.
 */
export async function learnFromDirectory(cwd: string, project: string, extraSettings: readonly string[], maxFileSize: number, selected: PathSelector): Promise<ProjectLinks> {
  const select = (path: string) => (isPythonPath(path) ? selected(path) : null);
  const modules: SourceFile[] = [];
  const root = await findWorkTreeRoot(project);
  const under = root === null ? '' : toPosix(relative(root, project));
  const needles = keyNeedles('python', extraSettings).filter((needle) => needle !== 'settings-guard:');
  // When git cannot search (a damaged index, say), every module is read instead.
  const mentions = root === null ? null : await grepWorkTreeLines(root, needles, ['*.py', '*.pyw'].map((glob) => (under === '' ? glob : `${under}/${glob}`))).catch(() => null);
  if (root !== null && mentions !== null) {
    for (const [path, lines] of mentions) {
      const display = rebasePath(path, root, cwd);
      if (select(display) === null || isJunkPath(path) || !mayLinkLines(lines, extraSettings)) continue;
      const item = readRegularFile(resolve(root, path), display, maxFileSize);
      if (item.kind === 'file') modules.push(item.file);
    }
    return learnLinks(modules, extraSettings);
  }
  for await (const item of readWorkTree({ cwd, paths: [toPosix(relative(cwd, project)) || '.'], select, maxFileSize, needlesOf: () => [] })) {
    // The content is a view of the reader's buffer: kept, it is copied.
    // Paths as the scan gives them: `../../app/x.py` from app/ is `x.py`.
    if (item.kind === 'file' && mightHoldKey(item.file.content, 'python', extraSettings) && mayTeachNames(item.file, extraSettings)) {
      modules.push({ path: rebasePath(item.file.path, cwd, cwd), content: Buffer.from(item.file.content) });
    }
  }
  return learnLinks(modules, extraSettings);
}

/**
 * The links of the project's modules in the index, or (given `commit`) in that
 * commit's tree; none, and why, when git cannot read them (a corrupt or missing object).
 */
export async function learnFromGit(repo: Repository, extraSettings: readonly string[], maxFileSize: number, commit?: string): Promise<{ links: ProjectLinks; problem?: string }> {
  // cat-file starts while git grep searches.
  const own = new BlobReader(repo.root);
  try {
    const needles = keyNeedles('python', extraSettings).filter((needle) => needle !== 'settings-guard:');
    // Only modules with a line that can read a setting from a name are read whole (a path with a line break cannot be asked of cat-file).
    const mentions = await grepLines(repo, needles, ['*.py', '*.pyw'], commit);
    const paths = [...mentions].filter(([path, lines]) => !/[\n\r]/.test(path) && mayLinkLines(lines, extraSettings)).map(([path]) => path);
    const modules = await readIndexFiles(own, paths, maxFileSize, commit);
    return { links: learnLinks(modules, extraSettings) };
  } catch (error) {
    if (error instanceof UserError) throw error;
    return { links: NO_LINKS, problem: (error instanceof Error ? error.message : String(error)).trim().split('\n')[0]! };
  } finally {
    await own.close();
  }
}
