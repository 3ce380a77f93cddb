// The JSON report: the contract in schema/report.schema.json. Every field is
// mapped by hand, never spread from a Finding, so internal fields (site,
// snippet, context) and raw secrets cannot leak into it. The types, this
// mapping and the schema are held to each other by test/reporters/schema.test.ts.
import type { Finding, PriorCommit, ScanResult, Severity, SkipReason } from '../types';
import { toolVersionOf, type ReportOptions } from './shared';

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  secret: { masked: string; length: number; value?: string };
  fingerprint: string;
  suggestion?: string;
  commit?: { sha: string; date: string };
  presentAtHead?: boolean;
  priorCommit?: PriorCommit;
}

export interface JsonReport {
  version: string;
  mode: ScanResult['mode'];
  findings: JsonFinding[];
  skipped: { file: string; reason: SkipReason; detail?: string; couldHoldKey?: boolean }[];
  stats: {
    filesScanned: number;
    filesSkipped: number;
    commitsScanned?: number;
    blobsScanned?: number;
    filesLeftOut?: number;
    elapsedMs: number;
  };
  incomplete: boolean;
  incompleteReasons: string[];
  baseline?: { suppressed: number; stale: number };
}

export function formatJson(result: ScanResult, options: ReportOptions): string {
  return `${JSON.stringify(toJsonReport(result, options), null, 2)}\n`;
}

export function toJsonReport(result: ScanResult, options: ReportOptions): JsonReport {
  const { stats } = result;
  return {
    version: toolVersionOf(options),
    mode: result.mode,
    findings: result.findings.map((finding) => toJsonFinding(finding, result, options)),
    skipped: result.skipped.map((skip) => ({
      file: skip.file,
      reason: skip.reason,
      ...(skip.detail !== undefined && { detail: skip.detail }),
      ...(skip.couldHoldKey && { couldHoldKey: true }),
    })),
    stats: {
      filesScanned: stats.filesScanned,
      filesSkipped: stats.filesSkipped,
      ...(stats.commitsScanned !== undefined && { commitsScanned: stats.commitsScanned }),
      ...(stats.blobsScanned !== undefined && { blobsScanned: stats.blobsScanned }),
      ...(stats.filesLeftOut !== undefined && { filesLeftOut: stats.filesLeftOut }),
      elapsedMs: Math.round(stats.elapsedMs),
    },
    incomplete: result.incomplete,
    incompleteReasons: [...result.incompleteReasons],
    ...(result.baseline && { baseline: { suppressed: result.baseline.suppressed, stale: result.baseline.stale } }),
  };
}

function toJsonFinding(finding: Finding, result: ScanResult, options: ReportOptions): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    message: finding.message,
    secret: {
      masked: finding.secret.masked,
      length: finding.secret.length,
      ...(options.showSecrets && { value: result.secretOf(finding) }),
    },
    fingerprint: finding.fingerprint,
    ...(finding.suggestion !== undefined && { suggestion: finding.suggestion }),
    ...(finding.commit && { commit: { sha: finding.commit.sha, date: finding.commit.date } }),
    ...(finding.presentAtHead !== undefined && { presentAtHead: finding.presentAtHead }),
    ...(finding.priorCommit && { priorCommit: { ...finding.priorCommit } }),
  };
}
