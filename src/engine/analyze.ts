import type { Finding, Severity, SourceFile } from '../types';

export interface AnalysisOptions {
  /** picomatch globs: files whose findings are test-only (severity note). */
  testGlobs: string[];
  /** picomatch globs: documentation and examples (severity note). */
  docsGlobs: string[];
  /** Per-rule severity override, or 'off'. */
  ruleSeverity: Record<string, Severity | 'off'>;
}

export type FileKind = 'python' | 'env';

/** Which analyser reads a path, or null when the file is never analysed. STUB: replaced by the core. */
export function fileKindOf(path: string): FileKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base.endsWith('.py')) return 'python';
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env')) return 'env';
  return null;
}

/** Findings of one file; never throws on any content. STUB: replaced by the core. */
export function analyzeFile(_file: SourceFile, _options: Partial<AnalysisOptions> = {}): Finding[] {
  return [];
}
