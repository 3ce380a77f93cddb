// `fix` deletes no user text but the key: the comments inside the text a
// rewrite replaces move above the statement's logical line, and the dry run's
// diff masks any key-like run they hold.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/engine/analyze';
import { fixFiles } from '../../src/fix/fix-files';
import { applyEdits } from '../../src/fix/edits';
import { planFixes } from '../../src/fix/plan';
import { randomKey } from '../helpers/temp-repo';
import { runInProcess } from '../helpers/in-process';
import { copyInput, expectPythonParses, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

function fixed(text: string): string {
  const findings = analyzeFile({ path: 'settings.py', content: Buffer.from(text) });
  expect(findings).toHaveLength(1);
  return applyEdits(text, planFixes(text, findings).edits);
}

describe('comments inside a rewritten key', () => {
  const key = randomKey(50);
  const [head, tail] = [key.slice(0, 25), key.slice(25)];

  it('go above the logical line, indented as it is, when the statement follows another on its line', () => {
    const text = `import os\nif True:\n\tDEBUG = 1; SECRET_KEY = ("${head}"  # first half\n\t\t"${tail}")  # stays\n`;
    expect(fixed(text)).toBe('import os\nif True:\n\t# first half\n\tDEBUG = 1; SECRET_KEY = (os.getenv("DJANGO_SECRET_KEY"))  # stays\n');
  });

  it('go above the statement, after the import fix adds', () => {
    const text = `SECRET_KEY = (\n    "${head}"\n    # one\n    # two\n    "${tail}"\n)\n`;
    expect(fixed(text)).toBe('import os\n\n# one\n# two\nSECRET_KEY = (\n    os.getenv("DJANGO_SECRET_KEY")\n)\n');
  });

  it('are kept in the file, and the dry run masks a key-like run in one', async () => {
    const old = randomKey(40);
    const dir = tempDir();
    const path = join(dir, 'settings.py');
    writeFileSync(path, `import os\n\nSECRET_KEY = (\n    "${head}"  # old=${old}\n    "${tail}"\n)\n`);
    const dry = await fixFiles({ cwd: dir, dryRun: true });
    expect(dry.diff).toContain('+# old=');
    expect(dry.diff).not.toContain(old);
    expect(dry.lines.join('\n')).not.toContain(old);

    await fixFiles({ cwd: dir });
    expect(readFileSync(path, 'utf8')).toContain(`# old=${old}\nSECRET_KEY = (\n`);
    expectPythonParses(path);
  });
});

describe('SARIF fixes of a rewrite that moves comments', () => {
  it('never carry a key-like run a moved comment holds', async () => {
    const dir = copyInput('split-key-comments');
    const runs = (readFileSync(join(dir, 'settings.py'), 'utf8').match(/[A-Za-z0-9!@#$%^&*()_=+-]{20,}/g) ?? []).filter((run) => !/^[A-Z_]+$/.test(run));
    expect(runs.length).toBeGreaterThan(0);
    const sarif = await runInProcess(dir, ['scan', '--format', 'sarif', '--no-baseline']);
    expect(sarif.stdout).toContain('"fixes"');
    for (const run of runs) expect(sarif.stdout).not.toContain(run);
  });
});
