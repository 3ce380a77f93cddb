// Glob matching with picomatch, loaded on first use: a hook run without
// include/exclude globs or findings never matches a glob, and never pays for it.
type Picomatch = typeof import('picomatch');

let picomatch: Picomatch | undefined;

/** A matcher for picomatch `globs` (dotfiles included), relative POSIX paths in. */
export function compileGlobs(globs: readonly string[]): (path: string) => boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  picomatch ??= require('picomatch') as Picomatch;
  return picomatch([...globs], { dot: true });
}
