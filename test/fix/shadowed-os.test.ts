// A module whose `os` is not the os module: the rewrite must still read the
// environment when CPython runs the fixed module (exec of its source, with
// the variable set), whatever rebinds `os`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles } from '../../src/fix/fix-files';
import { randomKey } from '../helpers/temp-repo';
import { removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

/** Runs the module's source in CPython with DJANGO_SECRET_KEY set; prints only whether SECRET_KEY read it. */
function secretKeyReadsEnvironment(path: string): boolean {
  const script = [
    'import os, sys',
    'namespace = {"__name__": "settings", "__file__": sys.argv[1]}',
    'exec(compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec"), namespace)',
    'print(namespace["SECRET_KEY"] == os.environ["DJANGO_SECRET_KEY"])',
  ].join('\n');
  const output = execFileSync('python3', ['-c', script, path], { env: { ...process.env, DJANGO_SECRET_KEY: randomKey() }, encoding: 'utf8', stdio: 'pipe' });
  return output.trim() === 'True';
}

async function fixModule(before: string): Promise<{ path: string; text: string }> {
  const dir = tempDir();
  const path = join(dir, 'settings.py');
  writeFileSync(path, `${before}\nSECRET_KEY = "${randomKey()}"\n`);
  const report = await fixFiles({ cwd: dir });
  expect(report.fixed).toHaveLength(1);
  return { path, text: readFileSync(path, 'utf8') };
}

it('a class whose own body rebinds os before its SECRET_KEY: the class attribute reads the environment', async () => {
  const dir = tempDir();
  const path = join(dir, 'settings.py');
  writeFileSync(path, `import os\n\nclass Config:\n    os = "linux"\n    SECRET_KEY = "${randomKey()}"\n\nSECRET_KEY = Config.SECRET_KEY\n`);
  const report = await fixFiles({ cwd: dir });
  expect(report.fixed).toHaveLength(1);
  expect(readFileSync(path, 'utf8')).toContain('    SECRET_KEY = _os.getenv("DJANGO_SECRET_KEY")');
  expect(secretKeyReadsEnvironment(path)).toBe(true);
});

describe.each([
  ['an assignment', 'os = "linux"', '_os'],
  ['an assignment after import os', 'import os\nos = "linux"', '_os'],
  ['a def', 'def os():\n    return "linux"', '_os'],
  ['a class', 'class os:\n    pass', '_os'],
  ['an import as', 'import json as os', '_os'],
  ['a from-import', 'from json import loads as os', '_os'],
  ['a for loop', 'for os in ["linux"]:\n    pass', '_os'],
  ['a with ... as', 'import contextlib\nwith contextlib.nullcontext("linux") as os:\n    pass', '_os'],
  ['a walrus', 'import os\nif (os := "linux"):\n    pass', '_os'],
  ['a del', 'import os\ndel os', '_os'],
  ['a global in a function', 'import os\ndef shadow():\n    global os\n    os = "linux"\nshadow()', '_os'],
  ['an assignment, with _os taken', 'os = "linux"\n_os = "taken"', '_os2'],
  // A class body's own statements read its attributes: counted, so a key in such a body works too (a false yes costs only `_os`).
  ['a class attribute', 'import os\nclass Platform:\n    os = "linux"', '_os'],
  ['nothing but an attribute set in a method', 'import os\nclass Platform:\n    def name(self):\n        os = "linux"\n        return os', 'os'],
  ['nothing but a local in a function', 'def platform():\n    os = "linux"\n    return os', 'os'],
  ['nothing (os.path only)', 'import os.path\nBASE = os.path.dirname(__file__)', 'os'],
])('a module whose os is rebound by %s', (_label, before, name) => {
  it(`reads the key through ${name}, and CPython runs it`, async () => {
    const { path, text } = await fixModule(before);
    expect(text).toContain(`SECRET_KEY = ${name}.getenv("DJANGO_SECRET_KEY")`);
    if (name !== 'os') expect(text.startsWith(`import os as ${name}\n`)).toBe(true);
    expect(secretKeyReadsEnvironment(path)).toBe(true);
  });
});

it('the steps a person is given name the import that works when the module rebinds os', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'settings.py'), `os = "linux"\nKEYS = {"SECRET_KEY": "${randomKey()}"}\n`);
  const report = await fixFiles({ cwd: dir });
  expect(report.manual.map((step) => step.steps)).toEqual([expect.stringContaining('_os.getenv("DJANGO_SECRET_KEY") (and `import os as _os`)')]);
});
