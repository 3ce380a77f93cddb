import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCatalog } from '../../src/engine/rules';
import { formatReport, type ReportFormat, type ReportOptions } from '../../src/reporters';
import type { JsonFinding, JsonReport } from '../../src/reporters/json';
import type { BaselineSummary, CommitInfo, Finding, MaskedSecret, ScanResult, ScanStats, SkippedFile } from '../../src/types';
import { runInProcess } from '../helpers/in-process';
import { insecureKey, TempRepo } from '../helpers/temp-repo';
import { exampleUnder, examplePath } from '../rules/examples';
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

// The report's shape is written three times: the scan's types, the JSON
// reporter's hand-made mapping, and the published schema. The types are held
// to the mapping here at compile time (npm run typecheck): every field is
// either reported or named as left out, so a new one must be placed. The
// mapping is held to the schema below, on reports the CLI writes.
type Unplaced<Internal, Reported, LeftOut extends keyof Internal> = Exclude<keyof Internal, keyof Reported | LeftOut>;
type Placed<Fields extends never> = Fields;
export type EveryFieldPlaced = [
  // root is an absolute path on the scanning machine; raw keys appear only as secret.value, with --show-secrets.
  Placed<Unplaced<ScanResult, JsonReport, 'root' | 'secretOf'>>,
  // The code frame, context and key site serve the text report and the fixer; the rewrite goes to SARIF's fixes.
  Placed<Unplaced<Finding, JsonFinding, 'snippet' | 'context' | 'site' | 'fix'>>,
  Placed<Unplaced<MaskedSecret, JsonFinding['secret'], never>>,
  Placed<Unplaced<CommitInfo, NonNullable<JsonFinding['commit']>, 'author'>>,
  Placed<Unplaced<SkippedFile, JsonReport['skipped'][number], never>>,
  Placed<Unplaced<ScanStats, JsonReport['stats'], never>>,
  // The text report lists the stale entries (and words the summary for an old baseline file); JSON gives their count.
  Placed<Unplaced<BaselineSummary, NonNullable<JsonReport['baseline']>, 'staleEntries' | 'staleFromOldBaseline'>>,
];

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Every property path a schema declares, `findings[].secret.value` style, through $ref and items. */
function declaredPaths(schema: SchemaNode & { definitions?: Record<string, SchemaNode> }, node: SchemaNode = schema, prefix = ''): string[] {
  const target = node.$ref ? schema.definitions?.[node.$ref.replace('#/definitions/', '')] : node;
  if (!target) throw new Error(`unresolved ${node.$ref}`);
  const own = Object.entries(target.properties ?? {}).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...declaredPaths(schema, child, path)];
  });
  return [...own, ...(target.items ? declaredPaths(schema, target.items, `${prefix}[]`) : [])];
}

/** Every property path that occurs in a parsed JSON value, in the same style. */
function occurringPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => occurringPaths(item, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [path, ...occurringPaths(child, path)];
  });
}

describe('the json report schema, held to what the CLI writes', () => {
  let repo: TempRepo;
  const reports = new Map<string, JsonReport>();
  const scanJson = async (name: string, args: string[]): Promise<void> => {
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json', ...args]);
    if (run.status !== 0 && run.status !== 1 && run.status !== 3) throw new Error(`${name}: exit ${run.status}: ${run.stderr}`);
    reports.set(name, JSON.parse(run.stdout) as JsonReport);
  };

  beforeAll(async () => {
    repo = new TempRepo();
    // Every rule's own bad example (the rule tests prove each gives exactly one finding of its rule), one folder a rule.
    const extraSettings = new Set<string>();
    for (const rule of ruleCatalog) {
      const example = exampleUnder(rule.docs, '## Example');
      repo.write(`${rule.id}/${examplePath(example)}`, example.code);
      for (const name of rule.exampleConfig?.extraSettings ?? []) extraSettings.add(name);
    }
    repo.write('.settings-guard.json', JSON.stringify({ extraSettings: [...extraSettings] }));
    repo.write('static/logo.py', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]));
    repo.write('data/big_settings.py', `SECRET_KEY = "${insecureKey()}"\n${'# padding\n'.repeat(1000)}`);
    repo.commitAll('settings with keys', '2024-03-05T10:21:00+01:00');

    await scanJson('directory', ['--show-secrets', '--max-file-size', '4096']);
    await scanJson('history', ['--history']);
    await scanJson('left out', ['--exclude', '**']);
    repo.write('new/settings.py', `SECRET_KEY = "${insecureKey()}"\n`).stage('new/settings.py');
    // A committed key staged again, in HEAD and on a remote-tracking branch: the finding says where it already was.
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.write('data/big_settings.py', `${repo.read('data/big_settings.py')}# edited\n`).stage('data/big_settings.py');
    await scanJson('staged', ['--staged']);
    // A staged path whose blob is not in the object database: it could hold a key, and was not read.
    repo.git('update-index', '--add', '--info-only', '--cacheinfo', `100644,${'1234567'.repeat(5)}12345,lost/settings.py`);
    await scanJson('staged, a blob missing', ['--staged']);
    repo.git('rm', '-q', '--cached', 'lost/settings.py');
    const baseline = await runInProcess(repo.dir, ['baseline', '--output', 'baseline.json']);
    if (baseline.status !== 0) throw new Error(`baseline: exit ${baseline.status}: ${baseline.stderr}`);
    repo.write('newer/settings.py', `SECRET_KEY = "${insecureKey()}"\n`);
    await scanJson('baseline', ['--baseline', 'baseline.json']);
  });

  afterAll(() => repo.cleanup());

  const schema = JSON.parse(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8'));
  const validate = reportValidator();

  it('gets reports that validate, from every mode and with every rule', () => {
    for (const [name, report] of reports) expect([name, validate(report) ? [] : validate.errors]).toEqual([name, []]);
    expect(new Set([...reports.values()].map((report) => report.mode))).toEqual(new Set(schema.properties.mode.enum));
    const reported = new Set([...reports.values()].flatMap((report) => report.findings.map((finding) => finding.ruleId)));
    expect(ruleCatalog.map((rule) => rule.id).filter((id) => !reported.has(id))).toEqual([]);
  });

  it('declares every property the reports hold', () => {
    const declared = new Set(declaredPaths(schema));
    const undeclared = [...reports].flatMap(([name, report]) => occurringPaths(report).filter((path) => !declared.has(path)).map((path) => `${name}: ${path}`));
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('declares no property that no report holds', () => {
    const occurring = new Set([...reports.values()].flatMap((report) => occurringPaths(report)));
    expect(declaredPaths(schema).filter((path) => !occurring.has(path))).toEqual([]);
  });

  it('closes every object it declares to properties it does not list', () => {
    const open: string[] = [];
    const visit = (node: Record<string, unknown>, path: string): void => {
      if (node.type === 'object' && node.additionalProperties !== false) open.push(path);
      for (const [key, child] of Object.entries(node)) if (child && typeof child === 'object') visit(child as Record<string, unknown>, `${path}/${key}`);
    };
    visit(schema, '#');
    expect(open).toEqual([]);
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
