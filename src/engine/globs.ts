// Glob matching with picomatch, loaded on first use: a hook run without
// include/exclude globs or findings never matches a glob, and never pays for it.
import { isAbsolute, relative, resolve, sep } from 'node:path';

type Picomatch = typeof import('picomatch');

let picomatch: Picomatch | undefined;

/** A matcher for picomatch `globs` (dotfiles included), relative POSIX paths in. */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  picomatch ??= require('picomatch') as Picomatch;
  return picomatch([...globs], { dot: true });
}

/**
 * Globs and the directory they are written from: a configuration file's
 * globs are relative to its directory, the command line's to the one the
 * command runs in.
 */
export interface GlobsFrom {
  globs: readonly string[];
  /** Absolute. */
  directory: string;
}

/**
 * Turns a path relative to `root` into the same file's path relative to
 * `directory` (both absolute), POSIX either way. A file outside `directory`
 * comes out as `../…`, which only a glob that says `..` matches.
 */
export function pathFrom(root: string, directory: string): (path: string) => string {
  if (root === directory) return (path) => path;
  const rebase = (path: string): string => relative(directory, resolve(root, path)).split(sep).join('/');
  const rootFromDirectory = relative(directory, root);
  const rootIsBelow = rootFromDirectory !== '' && rootFromDirectory !== '..' && !rootFromDirectory.startsWith(`..${sep}`) && !isAbsolute(rootFromDirectory);
  if (!rootIsBelow) return rebase;
  // The usual case, a scan run below the directory: one prefix for every path that stays below the root.
  const prefix = `${rootFromDirectory.split(sep).join('/')}/`;
  return (path) => (path === '..' || path.startsWith('../') || isAbsolute(path) ? rebase(path) : prefix + path);
}

/** Whether any of the lists matches a path relative to `root`; null when no list holds a glob. */
export function compileGlobsFrom(lists: readonly GlobsFrom[], root: string): ((path: string) => boolean) | null {
  const matchers = lists
    .filter((list) => list.globs.length > 0)
    .map((list) => {
      const matches = compileGlobs(list.globs);
      const seen = pathFrom(root, list.directory);
      return (path: string) => matches(seen(path));
    });
  if (matchers.length === 0) return null;
  return matchers.length === 1 ? matchers[0]! : (path) => matchers.some((matches) => matches(path));
}
