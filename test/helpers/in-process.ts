// The CLI in this process: run(argv, io) with captured streams and the real
// scan behind it, as bin.ts calls it, without the ~80 ms a node subprocess
// costs per call. Tests that need what only a process has (the loader, exit
// codes, signals, EPIPE, another user, PATH for git, peak memory) use runCli.
import { realpathSync } from 'node:fs';
import { run, type CliIO } from '../../src/cli/run';
import { CLI_PATH } from './temp-repo';

/** A CliRun whose status is always a number: no signal can end a run in process. */
export interface InProcessRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  /** Added to the environment the CLI sees (io.env); git and other children still inherit this process's. */
  env?: NodeJS.ProcessEnv;
  /** What a command reading stdin gets; a subprocess with nothing piped in reads ''. */
  stdin?: string;
}

// A path that exists nowhere: whatever the CLI resolves against process.cwd()
// instead of io.cwd fails loudly rather than reading the test runner's directory.
const NOT_THE_CWD = '/nonexistent/settings-guard-reads-io-cwd-not-process-cwd';

/** settings-guard with `argv` in `cwd`, colours off as a piped subprocess has them; install records the built CLI in the hooks it writes. */
export async function runInProcess(cwd: string, argv: string[], options: InProcessOptions = {}): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    executable: { node: process.execPath, cli: realpathSync(CLI_PATH) },
  };
  const cwdSpy = jest.spyOn(process, 'cwd').mockReturnValue(NOT_THE_CWD);
  try {
    const status = await run(argv, io);
    return { status, stdout, stderr };
  } finally {
    cwdSpy.mockRestore();
  }
}
