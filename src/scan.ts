// STUB (owner: git/sources work). Orchestrates source -> analysis -> filters -> ScanResult.
import type { AnalysisOptions } from './engine/analyze';
import { secretOf } from './engine/secrets';
import type { ScanResult } from './types';

export interface ScanOptions {
  /** Working directory the command runs in. */
  cwd: string;
  mode: 'directory' | 'staged' | 'history';
  /** Directory mode: files or folders to scan (default ['.']). */
  paths?: string[];
  /** History mode: a revision range such as `origin/main..HEAD`; all refs when absent. */
  range?: string;
  /** picomatch globs, relative to the scan root. */
  include?: string[];
  exclude?: string[];
  /** Files larger than this many bytes are skipped and counted. */
  maxFileSize?: number;
  analysis?: Partial<AnalysisOptions>;
  /** Called with a short status line now and then during long scans. */
  onProgress?: (status: string) => void;
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  return {
    mode: options.mode,
    root: options.cwd,
    findings: [],
    skipped: [],
    stats: { filesScanned: 0, filesSkipped: 0, elapsedMs: 0 },
    incomplete: false,
    incompleteReasons: [],
    secretOf,
  };
}
