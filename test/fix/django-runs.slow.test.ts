// After `fix --write-env` the app must still run, the way the README says to
// run it: real Django (Debian's python3-django, which CI installs), a real
// startproject, then `manage.py check --deploy` with the key loaded from .env.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH, makeTempDir } from '../helpers/temp-repo';

// Debian's python3 sees Debian's Django; another python3 first on PATH may not.
const PYTHON = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import django']).status === 0);

function python(): string {
  if (!PYTHON) throw new Error('no python3 with Django here: apt-get install python3-django python3-dotenv (CI installs them)');
  return PYTHON;
}

function startproject(): string {
  const dir = makeTempDir('sg-django-');
  execFileSync(python(), ['-m', 'django', 'startproject', 'mysite', dir]);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

/** Runs `fix --write-env`; returns what it printed. */
function fixWriteEnv(dir: string): string {
  const run = spawnSync(process.execPath, [CLI_PATH, 'fix', '--write-env'], { cwd: dir, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout;
}

/** `manage.py check --deploy`, in a shell, after `prelude`; the environment has no DJANGO_SECRET_KEY of its own. */
function checkDeploy(dir: string, prelude = ''): { status: number | null; output: string } {
  const env = { ...process.env };
  delete env.DJANGO_SECRET_KEY;
  const run = spawnSync('sh', ['-c', `${prelude}"$0" manage.py check --deploy`, python()], { cwd: dir, env, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the app runs after fix --write-env', () => {
  it('without a loader: the README\'s shell line loads .env, and check --deploy passes without security.W009', () => {
    const dir = startproject();
    const printed = fixWriteEnv(dir);
    // The line it prints is the one that works here.
    expect(printed).toContain('in a shell with `set -a; . ./.env; set +a`');
    const loaded = checkDeploy(dir, 'set -a; . ./.env; set +a; ');
    expect(loaded.output).not.toContain('security.W009');
    expect(loaded.status).toBe(0);
    // Not loaded, Django refuses to start rather than run with a key from the code: what the README warns of.
    const bare = checkDeploy(dir);
    expect(bare.status).not.toBe(0);
    expect(bare.output).toContain('The SECRET_KEY setting must not be empty');
  });

  it('with python-dotenv: settings that call load_dotenv() read the .env fix wrote, with nothing else to do', () => {
    const dir = startproject();
    const settings = join(dir, 'mysite', 'settings.py');
    writeFileSync(settings, `from dotenv import load_dotenv\nload_dotenv()\n${readFileSync(settings, 'utf8')}`);
    expect(fixWriteEnv(dir)).toContain('The settings load an env file through python-dotenv (load_dotenv()): check that it is .env, and nothing more is needed.');
    const run = checkDeploy(dir);
    expect(run.output).not.toContain('security.W009');
    expect(run.status).toBe(0);
  });

  it('with python-dotenv imported but never called: fix adds load_dotenv() after the import, and the app reads the key', () => {
    const dir = startproject();
    const settings = join(dir, 'mysite', 'settings.py');
    writeFileSync(settings, `from dotenv import load_dotenv\n${readFileSync(settings, 'utf8')}`);
    const printed = fixWriteEnv(dir);
    expect(printed).toContain('mysite/settings.py: added the line that loads the .env this run writes');
    expect(readFileSync(settings, 'utf8')).toContain('from dotenv import load_dotenv\nload_dotenv()\n');
    const run = checkDeploy(dir);
    expect(run.output).not.toContain('security.W009');
    expect(run.status).toBe(0);
  });

  it('with django-environ that never reads .env: fix adds Env.read_env of that file after the import, and the app reads the key', () => {
    const dir = startproject();
    const settings = join(dir, 'mysite', 'settings.py');
    writeFileSync(settings, `import environ\n${readFileSync(settings, 'utf8')}`);
    expect(fixWriteEnv(dir)).toContain('mysite/settings.py: added the line that loads the .env this run writes');
    expect(readFileSync(settings, 'utf8')).toContain('import environ\nenviron.Env.read_env(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.env"))\n');
    const run = checkDeploy(dir);
    expect(run.output).not.toContain('security.W009');
    expect(run.status).toBe(0);
  });

  it('with django-environ: settings that call environ.Env.read_env() read it too', () => {
    const dir = startproject();
    const settings = join(dir, 'mysite', 'settings.py');
    const text = readFileSync(settings, 'utf8');
    writeFileSync(settings, `import os\nimport environ\n${text.replace('from pathlib import Path', 'from pathlib import Path\nenviron.Env.read_env(os.path.join(Path(__file__).resolve().parent.parent, ".env"))')}`);
    expect(fixWriteEnv(dir)).toContain('through django-environ (Env.read_env())');
    const run = checkDeploy(dir);
    expect(run.output).not.toContain('security.W009');
    expect(run.status).toBe(0);
  });
});
