// fixtures/rules/<rule-id>/: each rule's bad cases (under bad/) and good ones
// (under good/), in the files and folders the rule applies to, scanned as a
// user scans a project (`scan --format json .`, copied to a temporary
// directory that is not a git repository, a configuration beside bad/ and
// good/ applying to both). expected.json beside them holds the findings:
// file, line, column, rule and severity, never the key. A new case is a new
// file; `UPDATE_FIXTURES=1 npx jest test/rules/rule-fixtures` rewrites the
// snapshots, to be read in the diff before committing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCatalog } from '../../src/engine/rules';
import { scanCopyOf, type FoundAt as FixtureFinding } from '../helpers/scan-copy';
import { PROJECT_ROOT } from '../helpers/temp-repo';

const FIXTURES = join(PROJECT_ROOT, 'fixtures', 'rules');
const SNAPSHOT = 'expected.json';
const updating = process.env.UPDATE_FIXTURES === '1';

const byPosition = (a: FixtureFinding, b: FixtureFinding): number =>
  a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

const describeFinding = (finding: FixtureFinding): string => `${finding.file}:${finding.line}:${finding.column}  ${finding.severity}  ${finding.ruleId}`;

function readSnapshot(folder: string): FixtureFinding[] {
  const path = join(folder, SNAPSHOT);
  if (!existsSync(path)) throw new Error(`${path} is missing: write it with UPDATE_FIXTURES=1 npx jest test/rules/rule-fixtures`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { findings: FixtureFinding[] }).findings;
}

function writeSnapshot(folder: string, findings: FixtureFinding[]): void {
  const lines = findings.map((finding) => `    ${JSON.stringify(finding)}`);
  writeFileSync(join(folder, SNAPSHOT), `{\n  "findings": [\n${lines.join(',\n')}${lines.length > 0 ? '\n' : ''}  ]\n}\n`);
}

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

const ruleIds = ruleCatalog.map((rule) => rule.id).sort();

it('has one folder for each rule, named by its id', () => {
  const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  expect(folders).toEqual(ruleIds);
});

describe.each(ruleIds)('%s', (ruleId) => {
  const folder = join(FIXTURES, ruleId);

  it('holds a bad case and a good case', () => {
    expect(filesUnder(join(folder, 'bad')).length).toBeGreaterThan(0);
    expect(filesUnder(join(folder, 'good')).length).toBeGreaterThan(0);
  });

  it('gives the findings in expected.json: this rule in the bad cases, nothing in the good ones', async () => {
    const { status, findings: unordered, stderr } = await scanCopyOf(folder, (path) => path.endsWith(SNAPSHOT));
    const findings = unordered.sort(byPosition);
    if (updating) writeSnapshot(folder, findings);
    const want = readSnapshot(folder).map(describeFinding);
    const got = findings.map(describeFinding);
    const missing = want.filter((line) => !got.includes(line)).map((line) => `- missing     ${line}`);
    const extra = got.filter((line) => !want.includes(line)).map((line) => `+ unexpected  ${line}`);
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(`findings differ from ${ruleId}/${SNAPSHOT} (UPDATE_FIXTURES=1 rewrites it):\n${[...missing, ...extra].join('\n')}\n${stderr}`);
    }
    expect(got).toEqual(want);
    expect(findings.filter((finding) => finding.ruleId === ruleId && finding.file.startsWith('bad/'))).not.toEqual([]);
    expect(findings.filter((finding) => !finding.file.startsWith('bad/'))).toEqual([]);
    expect(status).toBe(findings.some((finding) => finding.severity === 'error') ? 1 : 0);
  });
});
