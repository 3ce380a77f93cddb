/** Everything the CLI may touch of the process, passed in by bin.ts (and by tests). */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** A person can answer prompts (fix asks before overwriting). */
  stdinIsTTY?: boolean;
  /** All of stdin, for the hooks git feeds ref lines to (pre-push, pre-receive); absent: nothing to read. */
  readStdin?: () => Promise<string>;
  /** The running settings-guard: node and dist/cli.js, absolute and real; install records them in the hooks. */
  executable?: { node: string; cli: string };
}

/**
 * Colour on a terminal unless NO_COLOR (https://no-color.org) or --no-color;
 * FORCE_COLOR turns it on anywhere (FORCE_COLOR=0 or false turns it off).
 */
export function colorEnabled(io: CliIO, isTTY: boolean, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && io.env.TERM !== 'dumb';
}
