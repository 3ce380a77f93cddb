// GitHub Actions workflow commands, one line per finding, so findings show
// inline on a pull request. Escaping as the Actions runner unescapes it
// (actions/toolkit, packages/core/src/command.ts): data escapes %, \r, \n;
// property values also escape : and ,.
import type { Finding, ScanResult, Severity } from '../types';
import { historyNote, skipReasonOf, type ReportOptions } from './shared';
import { wording } from './wording';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

export function formatGithub(result: ScanResult, options: ReportOptions): string {
  const lines = result.findings.map((finding) => annotationOf(finding, result, options));
  for (const skip of result.skipped) {
    if (!skip.couldHoldKey) continue;
    lines.push(`::warning file=${escapeProperty(skip.file)},title=${escapeProperty('settings-guard: not scanned')}::${escapeData(wording.couldHoldKey(skipReasonOf(skip)))}`);
  }
  for (const reason of result.incompleteReasons) {
    lines.push(`::error title=${escapeProperty('settings-guard: scan incomplete')}::${escapeData(reason)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

function annotationOf(finding: Finding, result: ScanResult, options: ReportOptions): string {
  // A key a later commit deleted: the line it had is HEAD's line of other code now, so the
  // annotation goes on the file, and the message says where the key was.
  const gone = finding.commit !== undefined && finding.presentAtHead === false;
  const properties = [
    ['file', finding.file],
    ...(gone
      ? []
      : [
          ['line', String(finding.line)],
          ['col', String(finding.column)],
          ['endLine', String(finding.endLine)],
          ['endColumn', String(finding.endColumn)],
        ]),
    ['title', finding.ruleId],
  ]
    .map(([name, value]) => `${name}=${escapeProperty(value ?? '')}`)
    .join(',');
  const parts = [finding.message];
  const history = historyNote(finding);
  if (history !== undefined) parts.push(`(${history}${gone ? `; ${wording.lineInCommit(finding.line)}` : ''})`);
  if (finding.suggestion !== undefined) parts.push(`\n\nFix: ${finding.suggestion}`);
  if (options.showSecrets) parts.push(`\n\nSecret: ${result.secretOf(finding)}`);
  return `::${COMMAND[finding.severity]} ${properties}::${escapeData(parts.join(' ').replace(/ \n/g, '\n'))}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
