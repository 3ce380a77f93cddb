import packageJson from '../../package.json';
import { SEVERITY_RANK, type Finding, type Severity, type SkippedFile } from '../types';
import { wording } from './wording';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'github';

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'github'];

export interface ReportOptions {
  format: ReportFormat;
  /** Print raw keys (`--show-secrets`); masked otherwise. */
  showSecrets: boolean;
  /** ANSI colours (text only). */
  color: boolean;
  /** A person is reading at a terminal: text adds hints meant for people. */
  interactive: boolean;
  /** The level from which findings fail the run (`--fail-on`); default error. */
  failOn?: Severity;
  /** `--quiet`: text prints the findings and what could not be read, no counts, hints or verdict. */
  quiet?: boolean;
  /** Overrides the version written into json and sarif (golden tests pin it). */
  toolVersion?: string;
  /** How the user runs settings-guard, for the commands the text names (default `npx settings-guard`). */
  invocation?: string;
}

export const TOOL_NAME = 'settings-guard';
/** How advice names the tool's commands unless the CLI knows better (ReportOptions.invocation). */
export const DEFAULT_INVOCATION = 'npx settings-guard';
export const TOOL_VERSION: string = packageJson.version;
export const TOOL_URI = 'https://www.npmjs.com/package/settings-guard';

export function toolVersionOf(options: ReportOptions): string {
  return options.toolVersion ?? TOOL_VERSION;
}

/** Whether a finding fails the run at the given level (what blocks a commit). */
export function isBlocking(finding: Finding, failOn: Severity = 'error'): boolean {
  return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[failOn];
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}


/** The first 7 characters of a commit id, as git abbreviates it. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** The calendar day of an ISO 8601 date, as written (no time zone conversion). */
export function dayOf(isoDate: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(isoDate)?.[0] ?? isoDate;
}

/** History scans: where the key came from and whether it is still there. */
export function historyNote(finding: Finding): string | undefined {
  if (!finding.commit) return undefined;
  const origin = wording.commitOrigin(shortSha(finding.commit.sha), dayOf(finding.commit.date));
  if (finding.presentAtHead === undefined) return origin;
  return `${origin}, ${finding.presentAtHead ? wording.stillPresent : wording.deletedButPublished}`;
}

/** A skipped file's reason and detail: `unreadable: EACCES`. */
export function skipReasonOf(skip: SkippedFile): string {
  return skip.detail === undefined ? skip.reason : `${skip.reason}: ${skip.detail}`;
}
