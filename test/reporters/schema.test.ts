import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReport, type ReportFormat, type ReportOptions } from '../../src/reporters';
import type { ScanResult } from '../../src/types';
import { baselineResult, directoryResult, emptyResult, historyResult, stagedResult } from './fixtures';

const root = join(__dirname, '..', '..');

interface SarifResult {
  ruleIndex: number;
  locations: { physicalLocation: { region: unknown } }[];
  partialFingerprints: Record<string, string>;
}

function options(format: ReportFormat, showSecrets = false): ReportOptions {
  return { format, showSecrets, color: false, interactive: false };
}

/** Formats the JSON Schema keywords name but ajv leaves to plugins (ajv-formats is not a dependency). */
function addFormats(ajv: Ajv): void {
  const isUri = (text: string) => {
    try {
      new URL(text);
      return true;
    } catch {
      return false;
    }
  };
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', (text) => !/[\s]/.test(text) && (isUri(text) || isUri(`file:///${text}`)));
  ajv.addFormat('date-time', (text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) && !Number.isNaN(Date.parse(text)));
}

function reportValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')));
}

/** The official SARIF 2.1.0 schema is draft-04; ajv reads it as draft-07 once `id` is `$id`. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-schema-2.1.0.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const results: [string, () => ScanResult][] = [
  ['a directory scan', directoryResult],
  ['a staged scan', stagedResult],
  ['an incomplete history scan', historyResult],
  ['an empty scan', () => emptyResult()],
  ['a scan with a baseline', baselineResult],
];

describe('the json report', () => {
  const validate = reportValidator();

  it.each(results)('validates against schema/report.schema.json for %s', (_name, make) => {
    for (const showSecrets of [false, true]) {
      const report = JSON.parse(formatReport(make(), options('json', showSecrets)));
      expect(validate(report) ? [] : validate.errors).toEqual([]);
    }
  });

  it('is one object with exactly the contract fields and never the internal ones', () => {
    const report = JSON.parse(formatReport(historyResult(), options('json')));
    expect(Object.keys(report).sort()).toEqual(['findings', 'incomplete', 'incompleteReasons', 'mode', 'skipped', 'stats', 'version']);
    for (const finding of report.findings) {
      expect(finding).not.toHaveProperty('site');
      expect(finding).not.toHaveProperty('snippet');
      expect(finding).not.toHaveProperty('context');
      expect(finding.secret).not.toHaveProperty('value');
      expect(finding.commit).toEqual({ sha: expect.stringMatching(/^[0-9a-f]{40}$/), date: expect.any(String) });
      expect(typeof finding.presentAtHead).toBe('boolean');
    }
    expect(report.incomplete).toBe(true);
  });

  it('carries the raw key only with --show-secrets', () => {
    const result = directoryResult();
    const report = JSON.parse(formatReport(result, options('json', true)));
    result.findings.forEach((finding, index) => expect(report.findings[index].secret.value).toBe(result.secretOf(finding)));
  });

  it('rejects a report with an unknown field (the schema is closed)', () => {
    const report = JSON.parse(formatReport(directoryResult(), options('json')));
    report.findings[0].snippet = [];
    expect(validate(report)).toBe(false);
  });
});

describe('the sarif report', () => {
  const validate = sarifValidator();

  it.each(results)('validates against the official SARIF 2.1.0 schema for %s', (_name, make) => {
    for (const showSecrets of [false, true]) {
      const log = JSON.parse(formatReport(make(), options('sarif', showSecrets)));
      expect(validate(log) ? [] : validate.errors).toEqual([]);
    }
  });

  it('catches a broken log (the schema check is not vacuous)', () => {
    const log = JSON.parse(formatReport(directoryResult(), options('sarif')));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('gives each result a region, a fingerprint and a rule that tool.driver lists', () => {
    const result = directoryResult();
    const run = JSON.parse(formatReport(result, options('sarif'))).runs[0];
    run.results.forEach((sarifResult: SarifResult, index: number) => {
      const finding = result.findings[index]!;
      expect(run.tool.driver.rules[sarifResult.ruleIndex].id).toBe(finding.ruleId);
      expect(sarifResult.locations[0]?.physicalLocation.region).toEqual({
        startLine: finding.line,
        startColumn: finding.column,
        endLine: finding.endLine,
        endColumn: finding.endColumn,
      });
      expect(Object.values(sarifResult.partialFingerprints)).toEqual([finding.fingerprint]);
    });
  });

  it('carries the fixer\'s rewrite as fixes only where one is known, deletions as regions', () => {
    const result = directoryResult();
    const run = JSON.parse(formatReport(result, options('sarif'))).runs[0];
    const withFix = result.findings.map((finding) => finding.fix !== undefined);
    expect(withFix).toEqual([true, false, false]);
    run.results.forEach((sarifResult: { fixes?: unknown[] }, index: number) => expect(sarifResult.fixes !== undefined).toBe(withFix[index]));
    const [fix] = run.results[0].fixes;
    expect(fix.artifactChanges).toHaveLength(1);
    expect(fix.artifactChanges[0].artifactLocation.uri).toBe('mysite/settings.py');
    expect(fix.artifactChanges[0].replacements[1]).toEqual({
      deletedRegion: { startLine: 23, startColumn: 14, endLine: 23, endColumn: 82 },
      insertedContent: { text: 'os.getenv("DJANGO_SECRET_KEY")' },
    });
  });

  it('describes each rule with the first prose paragraph of its docs, never a heading or code', () => {
    const rules = JSON.parse(formatReport(emptyResult(), options('sarif'))).runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.fullDescription.text).not.toMatch(/^#|```/);
      expect(rule.fullDescription.text.length).toBeGreaterThan(20);
    }
  });

  it('percent-encodes paths as relative URIs', () => {
    const run = JSON.parse(formatReport(directoryResult(), options('sarif'))).runs[0];
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toBe('tests/test%20settings%2C%20%22odd%22.py');
  });
});
