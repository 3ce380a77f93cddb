// STUB (owner: CLI/reporters work).
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export async function run(_argv: string[], io: CliIO): Promise<number> {
  io.stderr('settings-guard: not built yet\n');
  return 2;
}
