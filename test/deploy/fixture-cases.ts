// Shared by the deploy and javascript suites: every file under fixtures/<dir>
// gives exactly the findings listed in fixtures/<dir>/expected.json, and no
// finding's words or code frame show the secret it found. They run with the
// extra secret settings the README recommends.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, RECOMMENDED_EXTRA_SETTINGS } from '../../src/engine/analyze';

interface ExpectedFinding {
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  setting: string;
}

const ROOT = join(__dirname, '..', '..', 'fixtures');

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, relative)).isDirectory() ? filesUnder(dir, relative) : [relative];
  });
}

export function describeFixtures(name: string): void {
  const dir = join(ROOT, name);
  const expected = (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { files: Record<string, ExpectedFinding[]> }).files;
  const files = filesUnder(dir).filter((file) => file !== 'expected.json');

  it('lists every fixture file in expected.json, and only those', () => {
    expect(Object.keys(expected).sort()).toEqual([...files].sort());
  });

  it('has negative fixtures: files with no finding at all', () => {
    expect(Object.values(expected).some((findings) => findings.length === 0)).toBe(true);
  });

  it.each(files.map((file) => [file]))('%s gives exactly its expected findings', (file) => {
    const findings = analyzeFile({ path: file, content: readFileSync(join(dir, file)) }, { extraSettings: RECOMMENDED_EXTRA_SETTINGS });
    expect(findings.map((finding) => ({ line: finding.line, column: finding.column, ruleId: finding.ruleId, severity: finding.severity, setting: finding.site?.setting }))).toEqual(expected[file]);
    for (const finding of findings) {
      const printed = [finding.message, finding.suggestion ?? '', ...finding.snippet.map((line) => line.text), finding.secret.masked].join('\n');
      const value = finding.site?.literal.value ?? '';
      if (value.length >= 8) expect(printed).not.toContain(value);
    }
  });
}
