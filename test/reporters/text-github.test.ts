import { formatReport, type ReportOptions } from '../../src/reporters';
import { escapeData, escapeProperty } from '../../src/reporters/github';
import { sanitize } from '../../src/reporters/text';
import type { Finding, ScanResult } from '../../src/types';
import { directoryResult, emptyResult, stagedResult } from './fixtures';

const text: ReportOptions = { format: 'text', showSecrets: false, color: false, interactive: false };

function withFinding(result: ScanResult, changes: Partial<Finding>): ScanResult {
  const [first] = result.findings;
  const finding = { ...first!, ...changes };
  return { ...result, findings: [finding], secretOf: () => result.secretOf(first!) };
}

describe('the text report', () => {
  it('names file:line:column, severity, rule and message on one line per finding', () => {
    expect(formatReport(directoryResult(), text).split('\n')[0]).toMatch(/^mysite\/settings\.py:23:14 {2}error {2}django-insecure-key {2}SECRET_KEY is/);
  });

  it('prints raw keys only with --show-secrets', () => {
    const result = directoryResult();
    const keys = result.findings.map((finding) => result.secretOf(finding));
    const masked = formatReport(result, text);
    const shown = formatReport(result, { ...text, showSecrets: true });
    for (const key of keys) {
      expect(masked).not.toContain(key);
      expect(shown).toContain(key);
    }
  });

  it('colours only when asked, and then with ANSI codes', () => {
    expect(formatReport(directoryResult(), text)).not.toContain('\u001b[');
    expect(formatReport(directoryResult(), { ...text, color: true })).toContain('\u001b[31m');
  });

  it('shows control characters from file names and source as \\xNN', () => {
    const report = formatReport(withFinding(directoryResult(), { file: 'evil\u001b[2J.py', snippet: [{ line: 23, text: 'SECRET_KEY = 1\r' }] }), text);
    expect(report).not.toContain('\u001b');
    expect(report).not.toContain('\r');
    expect(report).toContain('evil\\x1b[2J.py');
    expect(sanitize('a\tb\nc\u007f')).toBe('a\tb\nc\\x7f');
  });

  it('blocks a staged commit only for findings at or above the fail level', () => {
    const warningOnly = withFinding(stagedResult(), { severity: 'warning' });
    expect(formatReport(warningOnly, text)).not.toContain('Commit blocked');
    expect(formatReport(warningOnly, { ...text, failOn: 'warning' })).toContain('Commit blocked');
  });

  it('says the scan found nothing for a directory, and counts what was read', () => {
    expect(formatReport(emptyResult(), text)).toBe('no secret keys found · 0 files scanned · 3ms\n');
  });

  it('leaves the caret out when the column is past the masked line', () => {
    const report = formatReport(withFinding(directoryResult(), { column: 80 }), text);
    expect(report).not.toContain('^');
  });
});

describe('the github report', () => {
  it('escapes data and properties as the Actions runner expects', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('uses notice for notes, warning for warnings and error for errors', () => {
    const complete = { ...directoryResult(), skipped: [], incomplete: false, incompleteReasons: [] };
    const lines = formatReport(complete, { ...text, format: 'github' }).trimEnd().split('\n');
    expect(lines.map((line) => line.slice(0, line.indexOf(' ')))).toEqual(['::error', '::warning', '::notice']);
    for (const line of lines) expect(line).toMatch(/^::\w+ file=[^:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::[^\n]+$/);
  });
});
