// A fixture folder scanned as a user scans a project: copied to a temporary
// directory that is not a git repository, then `settings-guard scan --format
// json .` there (in process), so no path above it, no configuration of this
// repository and no git state changes what it finds.
import { cpSync, rmSync } from 'node:fs';
import { runInProcess } from './in-process';
import { makeTempDir } from './temp-repo';

export interface FoundAt {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
}

export async function scanCopyOf(folder: string, leaveOut: (path: string) => boolean): Promise<{ status: number; findings: FoundAt[]; stderr: string }> {
  const work = makeTempDir('sg-fixture-');
  try {
    cpSync(folder, work, { recursive: true, filter: (source) => !leaveOut(source) });
    const run = await runInProcess(work, ['scan', '--format', 'json', '.']);
    const findings = (JSON.parse(run.stdout) as { findings: FoundAt[] }).findings.map(({ file, line, column, ruleId, severity }) => ({ file, line, column, ruleId, severity }));
    return { status: run.status, findings, stderr: run.stderr };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
