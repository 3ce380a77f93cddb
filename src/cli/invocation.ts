// How the user can run this very settings-guard again, for the commands the
// block messages name: `npx settings-guard` for a project's own copy (npx finds
// it in node_modules without asking a registry), `settings-guard` when that
// name on the user's PATH is this copy (a global install), and otherwise node
// and the absolute path (the pre-commit framework's private copy, a clone).
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import type { CliIO } from './io';

export function invocationOf(io: Pick<CliIO, 'env' | 'executable'>): string {
  const cli = io.executable?.cli;
  if (!cli) return 'npx settings-guard';
  // The framework puts its private environment first on PATH while it runs a hook: not the user's PATH.
  const onPath = io.env.PRE_COMMIT === '1' ? null : pathDirectoryOf(cli, io.env.PATH);
  // npx and npm scripts put a project's node_modules/.bin on PATH: the user's own shell has it through npx.
  if (onPath !== null && !onPath.endsWith(`node_modules${sep}.bin`)) return 'settings-guard';
  if (onPath !== null || (io.env.PRE_COMMIT !== '1' && isProjectCopy(cli))) return 'npx settings-guard';
  return `node ${shellQuote(cli)}`;
}

/** In a project's node_modules, not a global one (`<prefix>/lib/node_modules`, npm's layout on Unix). */
function isProjectCopy(cli: string): boolean {
  return cli.includes(`${sep}node_modules${sep}settings-guard${sep}`) && !cli.includes(`${sep}lib${sep}node_modules${sep}settings-guard${sep}`);
}

/** The PATH directory whose `settings-guard` is `cli`, or null. */
function pathDirectoryOf(cli: string, path: string | undefined): string | null {
  for (const directory of (path ?? '').split(delimiter)) {
    const candidate = join(directory, 'settings-guard');
    if (directory === '' || !existsSync(candidate)) continue;
    try {
      if (realpathSync(candidate) === cli) return directory;
    } catch {
      // A broken link: not this copy.
    }
  }
  return null;
}

function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
