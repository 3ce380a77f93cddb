// Glob matching with picomatch, loaded on first use: a hook run without
// include/exclude globs or findings never matches a glob, and never pays for it.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors';

type Picomatch = typeof import('picomatch');

let picomatch: Picomatch | undefined;

/** A matcher for picomatch `globs` (dotfiles included), relative POSIX paths in. */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  picomatch ??= require('picomatch') as Picomatch;
  return picomatch([...globs], { dot: true });
}

/** picomatch refuses longer patterns (its MAX_LENGTH); a path glob this long is a mistake anyway. */
const MAX_GLOB_LENGTH = 65536;
// A backslash escapes the next character in picomatch; before anything but one of
// these it is a Windows path separator, which matches nothing on a POSIX path.
const ESCAPABLE = new Set([...'*?[]{}()!+@\\,|^$.-']);
const CLOSER: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

/**
 * Why a glob would select nothing or not what its author meant, or null when
 * it is fine: empty, absolute, a Windows separator, an unclosed `[`, `{` or
 * `(`. picomatch takes such a pattern literally and matches nothing, so an
 * include or exclude with a typo would scan no file and pass in silence.
 */
export function globProblem(glob: string): string | null {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  if (glob.length > MAX_GLOB_LENGTH) return `longer than ${MAX_GLOB_LENGTH} characters`;
  if (glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) return 'absolute: globs are relative paths, with / between directories';
  const open: string[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '\\') {
      const next = glob[i + 1];
      if (next === undefined || !ESCAPABLE.has(next)) return 'a backslash: separate directories with /';
      i++;
      continue;
    }
    const inClass = open[open.length - 1] === '[';
    if (inClass) {
      if (char === ']') open.pop();
      continue;
    }
    if (char in CLOSER) open.push(char);
    else if ((char === '}' || char === ')') && open[open.length - 1] === (char === '}' ? '{' : '(')) open.pop();
  }
  const unclosed = open[open.length - 1];
  return unclosed === undefined ? null : `an unclosed "${unclosed}" (close it with "${CLOSER[unclosed]}", or escape it as "\\${unclosed}")`;
}

/** Every glob of `globs` checked by globProblem; a UserError naming the first bad one and `where` it came from. */
export function checkGlobs(globs: readonly string[], where: string): void {
  for (const glob of globs) {
    const problem = globProblem(glob);
    if (problem) throw new UserError(`${where}: invalid glob ${quoteGlob(glob)}: ${problem}`);
  }
}

function quoteGlob(glob: string): string {
  const clean = glob.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 60 ? `"${clean.slice(0, 40)}…" (${clean.length} characters)` : `"${clean}"`;
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
