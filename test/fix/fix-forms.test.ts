// Every fixture under fixtures/fix/<case>: input/ is fixed in a temp copy and
// must equal expected/ byte for byte; manual.txt lists the findings left for
// the user (file:line form [note]).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/engine/analyze';
import { fixFiles } from '../../src/fix/fix-files';
import { FIXTURES, copyInput, expectJavaScriptParses, expectPythonParses, expectSameBytes, inputKeys, listFiles, removeTempDirs } from './helpers';

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

afterEach(removeTempDirs);

function expectedManual(name: string): string[] {
  const path = join(FIXTURES, name, 'manual.txt');
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
}

describe.each(cases)('fix %s', (name) => {
  it('rewrites the input into exactly the expected files', async () => {
    const dir = copyInput(name);
    const expectedDir = join(FIXTURES, name, 'expected');
    const report = await fixFiles({ cwd: dir });

    expect(report.ok).toBe(true);
    expect(listFiles(dir)).toEqual(listFiles(expectedDir));
    for (const file of listFiles(expectedDir)) {
      expectSameBytes(readFileSync(join(dir, file)), readFileSync(join(expectedDir, file)), `${name}/${file}`);
      if (file.endsWith('.py')) expectPythonParses(join(dir, file));
      if (/\.(?:[cm]?[jt]sx?)$/.test(file)) expectJavaScriptParses(join(dir, file));
    }
    expect(report.manual.map((step) => `${step.file}:${step.line} ${step.form}${step.noteOnly ? ' note' : ''}`)).toEqual(expectedManual(name));
    expect(report.exitCode).toBe(expectedManual(name).some((entry) => !entry.endsWith(' note')) ? 1 : 0);

    // No output names an old key in full.
    const printed = report.lines.join('\n') + report.diff;
    for (const key of inputKeys(name)) expect(printed.includes(key)).toBe(false);
  });

  it('leaves nothing fixable behind, and a second run changes nothing', async () => {
    const dir = copyInput(name);
    await fixFiles({ cwd: dir });
    const left = expectedManual(name);
    for (const file of listFiles(dir)) {
      const findings = analyzeFile({ path: file, content: readFileSync(join(dir, file)) });
      expect(findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual(left.filter((entry) => entry.startsWith(`${file}:`)).map((entry) => entry.split(' ')[0]));
    }
    const before = listFiles(dir).map((file) => readFileSync(join(dir, file)));
    const again = await fixFiles({ cwd: dir });
    expect(again.fixed).toEqual([]);
    listFiles(dir).forEach((file, index) => expectSameBytes(readFileSync(join(dir, file)), before[index]!, `second run ${name}/${file}`));
  });
});

it('has a fixture for every fixable form', () => {
  const fixed = new Set<string>();
  for (const name of cases) {
    const text = listFiles(join(FIXTURES, name, 'input')).map((file) => readFileSync(join(FIXTURES, name, 'input', file), 'latin1')).join('\n');
    if (/^\s*SECRET_KEY(?::\s*\w+)?\s*=\s*['"]/m.test(text)) fixed.add('assignment');
    if (/\.secret_key\s*=/.test(text)) fixed.add('attribute');
    if (/\["SECRET_KEY"\]\s*=\s*"/.test(text)) fixed.add('subscript');
    if (/\(\s*SECRET_KEY=['"]|^\s+SECRET_KEY="/m.test(text)) fixed.add('keyword');
    if (/default=|environ\.get\("[A-Z_]+", |Env\(/.test(text)) fixed.add('env-default');
    if (/\bor\s+"/.test(text)) fixed.add('or-fallback');
    if (/SECRET_KEY_FALLBACKS = \[/.test(text)) fixed.add('fallbacks-list');
    if (/\b(?:secret|keys|password): ['"`]|cookieParser\(['"`]|jwt\.sign\([^,]+, ['"`]/.test(text)) fixed.add('js-secret');
    if (/process\.env\.\w+ (?:\|\||\?\?) ['"`]|\w+ = ['"`][^'"`]*['"`] \} = process\.env/.test(text)) fixed.add('js-env-fallback');
  }
  expect([...fixed].sort()).toEqual(['assignment', 'attribute', 'env-default', 'fallbacks-list', 'js-env-fallback', 'js-secret', 'keyword', 'or-fallback', 'subscript']);
});
