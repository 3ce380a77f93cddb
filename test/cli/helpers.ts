import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const projectRoot = join(__dirname, '..', '..');
export const cliPath = join(projectRoot, 'dist', 'cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as its users do: a subprocess, no TTY, colours off unless env says otherwise. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, DEBUG: undefined, CI: 'true', ...options.env };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? projectRoot, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'sg-cli-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}
