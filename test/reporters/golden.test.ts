import { formatReport, formatSummary, type ReportFormat, type ReportOptions } from '../../src/reporters';
import type { ScanResult } from '../../src/types';
import { baselineResult, directoryResult, emptyResult, historyResult, stagedResult, stagedUnreadResult } from './fixtures';
import { expectGolden } from './golden';

jest.mock('../../src/engine/rules', () => {
  const { testRules } = jest.requireActual('./fixtures');
  return { ruleCatalog: testRules, findRule: (id: string) => testRules.find((rule: { id: string }) => rule.id === id) };
});

const EXTENSION: Record<ReportFormat, string> = { text: 'txt', json: 'json', sarif: 'sarif', github: 'github.txt' };

function options(format: ReportFormat, extra: Partial<ReportOptions> = {}): ReportOptions {
  return { format, showSecrets: false, color: false, interactive: false, toolVersion: '0.0.0-test', ...extra };
}

/** Elapsed time is the one value that changes from run to run. */
function withElapsed(result: ScanResult, elapsedMs: number): ScanResult {
  return { ...result, stats: { ...result.stats, elapsedMs } };
}

describe.each(['text', 'json', 'sarif', 'github'] as const)('the %s report', (format) => {
  it('matches its golden file for a directory scan with findings of every severity', () => {
    expectGolden(`directory.${EXTENSION[format]}`, formatReport(withElapsed(directoryResult(), 412), options(format)));
  });

  it('matches its golden file for a history scan that is incomplete', () => {
    expectGolden(`history.${EXTENSION[format]}`, formatReport(withElapsed(historyResult(), 1875), options(format)));
  });

  it('matches its golden file for an empty result', () => {
    expectGolden(`empty.${EXTENSION[format]}`, formatReport(withElapsed(emptyResult(), 3), options(format)));
  });
});

describe('a scan with a baseline', () => {
  it.each([
    ['text', 'baseline.txt'],
    ['json', 'baseline.json'],
  ] as const)('shows what it left out and names the stale entries in the %s report', (format, golden) => {
    expectGolden(golden, formatReport(withElapsed(baselineResult(), 412), options(format)));
  });

  it('keeps the old hedge for stale entries of a baseline that does not say where each key was seen', () => {
    expectGolden('baseline-old-format.txt', formatReport(withElapsed(baselineResult(true), 412), options('text')));
  });

  it('says nothing about the baseline in the hook, where a staged slice cannot tell what is stale', () => {
    const summary = formatSummary({ ...baselineResult(), mode: 'staged' }, options('text'));
    expect(summary).not.toMatch(/baseline|no longer found/);
  });
});

describe('the text report of a staged scan', () => {
  it('ends a blocked commit with what the hook means, how to fix it and how to bypass it', () => {
    expectGolden('staged-blocked.txt', formatReport(stagedResult(), options('text')));
  });

  it('blocks a commit whose staged file could not be read, in one line, with the way out', () => {
    expectGolden('staged-unread.txt', formatReport(stagedUnreadResult(), options('text')));
  });

  it('prints nothing when nothing is found', () => {
    expect(formatReport(emptyResult('staged'), options('text'))).toBe('');
  });

  it('adds a hint for people at a terminal', () => {
    expectGolden('staged-blocked-interactive.txt', formatReport(stagedResult(), options('text', { interactive: true })));
  });

  it('puts the same verdict in the stderr summary used with --output', () => {
    const summary = formatSummary(stagedResult(), options('text'));
    expect(summary).toContain('Commit blocked');
    expect(summary).toContain('git commit --no-verify');
    expect(summary).not.toContain('mysite/settings.py:23:14');
  });
});
