import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors';
import { fixFiles } from '../../src/fix/fix-files';
import { runInProcess } from '../helpers/in-process';
import { copyInput, git, initRepo, inputKeys, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const ENV_LINE = /^DJANGO_SECRET_KEY='([a-z0-9!@#$%^&*(\-_=+)]{50})'$/m;

function newKey(dir: string, file = '.env'): string {
  const match = ENV_LINE.exec(readFileSync(join(dir, file), 'utf8'));
  if (!match) throw new Error(`${file} has no DJANGO_SECRET_KEY line`);
  return match[1]!;
}

function ignoredByGit(dir: string, path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', path], { cwd: dir });
    return true;
  } catch {
    return false;
  }
}

describe('fix --write-env', () => {
  it('creates .env with mode 600 and a NEW key, and makes git ignore it', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    writeFileSync(join(dir, '.gitignore'), 'node_modules/');
    const report = await fixFiles({ cwd: dir, writeEnv: true });

    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    const key = newKey(dir);
    for (const old of inputKeys('startproject')) expect(old.includes(key) || key.includes(old)).toBe(false);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\n/.env\n');
    expect(ignoredByGit(dir, '.env')).toBe(true);
    expect(report.envFile).toEqual({ path: '.env', names: ['DJANGO_SECRET_KEY'] });
    expect(report.lines.join('\n')).not.toContain(key);
  });

  it('keeps the other lines of an existing env file and, with --force, replaces its DJANGO_SECRET_KEY line', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    writeFileSync(join(dir, '.gitignore'), '.env\r\n');
    writeFileSync(join(dir, '.env'), 'DEBUG=1\r\nDJANGO_SECRET_KEY=placeholder\r\nexport DJANGO_SECRET_KEY=second\r\nDATABASE_URL=sqlite://\r\n', { mode: 0o600 });
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    const text = readFileSync(join(dir, '.env'), 'utf8');
    expect(text).toBe(`DEBUG=1\r\nDJANGO_SECRET_KEY='${newKey(dir)}'\r\nDATABASE_URL=sqlite://\r\n`);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('.env\r\n');
  });

  it('never replaces a value of the user\'s own in silence: kept and said so, unless it is the key taken out of the code', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    writeFileSync(join(dir, '.env'), 'DJANGO_SECRET_KEY="my own dev key"  # do not touch\n', { mode: 0o600 });
    const kept = await fixFiles({ cwd: dir, writeEnv: true });
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('DJANGO_SECRET_KEY="my own dev key"  # do not touch\n');
    expect(kept.lines).toContain('.env already sets DJANGO_SECRET_KEY to a value of its own, not the key taken out of the code: kept it. Pass --force to put a NEW key there instead.');

    const again = copyInput('startproject');
    initRepo(again);
    writeFileSync(join(again, '.gitignore'), '.env\n');
    const [removedKey] = inputKeys('startproject');
    writeFileSync(join(again, '.env'), `DJANGO_SECRET_KEY='${removedKey}'\n`, { mode: 0o600 });
    const replaced = await fixFiles({ cwd: again, writeEnv: true });
    expect(newKey(again)).not.toBe(removedKey);
    expect(replaced.lines).toContain('.env set DJANGO_SECRET_KEY to the very key taken out of the code: replaced it with a NEW one.');
    expect(replaced.lines.join('\n')).not.toContain(removedKey!);
  });

  it('adds load_dotenv() where the settings import it but never call it, and only where it finds this .env', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    const settings = join(dir, 'mysite', 'settings.py');
    const original = readFileSync(settings, 'utf8');
    writeFileSync(settings, `from dotenv import load_dotenv, find_dotenv\n${original}`);
    const report = await fixFiles({ cwd: dir, writeEnv: true });
    expect(readFileSync(settings, 'utf8')).toContain('from dotenv import load_dotenv, find_dotenv\nload_dotenv()\n');
    expect(report.lines).toContain("  mysite/settings.py: added the line that loads the .env this run writes, after the import of the loader it never called (python-dotenv's load_dotenv(), or django-environ's Env.read_env)");

    // Another file name than .env: load_dotenv() would not find it, so nothing is added.
    const other = copyInput('startproject');
    initRepo(other);
    writeFileSync(join(other, 'mysite', 'settings.py'), `from dotenv import load_dotenv\n${original}`);
    await fixFiles({ cwd: other, writeEnv: '.env.local' });
    expect(readFileSync(join(other, 'mysite', 'settings.py'), 'utf8')).not.toContain('load_dotenv()');
  });

  it('leaves an existing key alone when a second run has nothing to fix', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    await fixFiles({ cwd: dir, writeEnv: true });
    const first = readFileSync(join(dir, '.env'));
    const again = await fixFiles({ cwd: dir, writeEnv: true });
    expect(readFileSync(join(dir, '.env')).equals(first)).toBe(true);
    expect(again.lines).toContain('.env already sets DJANGO_SECRET_KEY: left as it is.');
  });

  it('refuses an env file that git tracks, before changing anything', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    writeFileSync(join(dir, '.env'), 'DEBUG=1\n');
    git(dir, 'add', '.env');
    const settings = readFileSync(join(dir, 'mysite/settings.py'));
    await expect(fixFiles({ cwd: dir, writeEnv: true })).rejects.toThrow(UserError);
    await expect(fixFiles({ cwd: dir, writeEnv: true })).rejects.toThrow(/\.env is tracked by git.*git rm --cached -- \.env/);
    expect(readFileSync(join(dir, 'mysite/settings.py')).equals(settings)).toBe(true);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toBe('DEBUG=1\n');
  });

  it('works outside git, says the ignore step was skipped, and honours a file name and --env-var', async () => {
    const dir = copyInput('startproject');
    mkdirSync(join(dir, 'deploy'));
    const report = await fixFiles({ cwd: dir, writeEnv: 'deploy/app.env', envVar: 'APP_KEY' });
    expect(readFileSync(join(dir, 'mysite/settings.py'), 'utf8')).toContain('SECRET_KEY = os.getenv("APP_KEY")');
    expect(readFileSync(join(dir, 'deploy/app.env'), 'utf8')).toMatch(/^APP_KEY='[a-z0-9!@#$%^&*(\-_=+)]{50}'\n$/);
    expect(statSync(join(dir, 'deploy/app.env')).mode & 0o777).toBe(0o600);
    expect(report.lines).toContain('not a git repository: make sure deploy/app.env is never committed.');
  });

  it('writes the variable the fixed code reads: FLASK_SECRET_KEY for Flask, the lookup name for a dropped default', async () => {
    const flask = copyInput('flask-app');
    await fixFiles({ cwd: flask, writeEnv: true });
    expect(readFileSync(join(flask, '.env'), 'utf8')).toMatch(/^FLASK_SECRET_KEY='[^']{50}'\n$/);

    const lookups = copyInput('env-default-os');
    const report = await fixFiles({ cwd: lookups, writeEnv: true });
    expect(report.envFile?.names.sort()).toEqual(['DJANGO_SECRET_KEY', 'SECRET_KEY']);
  });

  it('keeps the mode of an existing env file and says when others can read it', async () => {
    const dir = copyInput('startproject');
    writeFileSync(join(dir, '.env'), 'DEBUG=1\n');
    chmodSync(join(dir, '.env'), 0o644);
    const report = await fixFiles({ cwd: dir, writeEnv: true });
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o644);
    expect(report.lines).toContain('note: .env has mode 644; other users can read it: chmod 600 .env');
  });

  describe('through the CLI: --write-env=FILE, and --write-env FILE for an env file name', () => {
    it('takes the next argument as FILE when it names an env file (.env.local, deploy/app.env), a PATH to fix otherwise', async () => {
      for (const [argv, envFile] of [
        [['fix', '--write-env', '.env.local'], '.env.local'],
        [['fix', '--write-env', 'deploy/app.env', 'mysite'], 'deploy/app.env'],
        [['fix', 'mysite', '--write-env=notes.txt'], 'notes.txt'],
      ] as const) {
        const dir = copyInput('startproject');
        mkdirSync(join(dir, 'deploy'));
        const run = await runInProcess(dir, [...argv]);
        expect({ argv, status: run.status, stderr: run.stderr }).toEqual({ argv, status: 0, stderr: '' });
        expect(readFileSync(join(dir, 'mysite/settings.py'), 'utf8')).toContain('os.getenv("DJANGO_SECRET_KEY")');
        expect(newKey(dir, envFile)).toHaveLength(50);
      }

      const dir = copyInput('startproject');
      const run = await runInProcess(dir, ['fix', '--write-env', 'mysite/settings.py']);
      expect(run.status).toBe(0);
      expect(readFileSync(join(dir, 'mysite/settings.py'), 'utf8')).toContain('os.getenv("DJANGO_SECRET_KEY")');
      newKey(dir, '.env');
    });

    it('refuses a spaced name that is no env file and no path, and says to write --write-env=FILE; nothing is changed', async () => {
      const dir = copyInput('startproject');
      const settings = readFileSync(join(dir, 'mysite/settings.py'));
      const run = await runInProcess(dir, ['fix', '--write-env', 'secrets.txt']);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        "settings-guard: no such file or directory: 'secrets.txt'; to write the key to it, use --write-env=secrets.txt (--write-env FILE with a space takes only env file names such as .env.local)\n",
      );
      expect(readFileSync(join(dir, 'mysite/settings.py')).equals(settings)).toBe(true);
    });
  });
});
