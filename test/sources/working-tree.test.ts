import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors';
import { scan } from '../../src/scan';
import type { ScanResult } from '../../src/types';
import { CLEAN_SETTINGS, SETTINGS_KEY_LINE, TempRepo, djangoSettings, insecureKey, makeTempDir } from '../helpers/temp-repo';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A plain directory (not a git repository), written through TempRepo's file helpers. */
function plainDirectory(): TempRepo {
  const dir = new TempRepo({ init: false });
  cleanups.push(() => dir.cleanup());
  return dir;
}
function gitRepository(): TempRepo {
  const repo = new TempRepo();
  cleanups.push(() => repo.cleanup());
  return repo;
}

function files(result: ScanResult): string[] {
  return result.findings.map((finding) => finding.file);
}

describe('scan PATH (directory mode)', () => {
  test('in a git work tree: tracked and untracked files, not ignored ones', async () => {
    const repo = gitRepository();
    repo.write('.gitignore', 'local_settings.py\n');
    repo.write('tracked.py', djangoSettings(insecureKey())).stage();
    repo.commit('tracked');
    repo.write('untracked.py', djangoSettings(insecureKey()));
    repo.write('local_settings.py', djangoSettings(insecureKey()));

    const result = await scan({ cwd: repo.dir, mode: 'directory', paths: ['.'] });

    expect(result.mode).toBe('directory');
    expect(files(result)).toEqual(['tracked.py', 'untracked.py']);
  });

  test('a file named on the command line is scanned even when git ignores it', async () => {
    const repo = gitRepository();
    repo.write('.gitignore', 'local_settings.py\n');
    repo.write('local_settings.py', djangoSettings(insecureKey()));

    const result = await scan({ cwd: repo.dir, mode: 'directory', paths: ['local_settings.py'] });

    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual([`local_settings.py:${SETTINGS_KEY_LINE}`]);
  });

  test('reports paths relative to the working directory, with forward slashes', async () => {
    const repo = gitRepository();
    repo.write('project/mysite/settings.py', djangoSettings(insecureKey()));
    repo.write('elsewhere/settings.py', djangoSettings(insecureKey()));

    const result = await scan({ cwd: repo.path('project'), mode: 'directory', paths: ['mysite', '../elsewhere'] });

    expect(result.root).toBe(repo.path('project'));
    expect(files(result)).toEqual(['../elsewhere/settings.py', 'mysite/settings.py']);
  });

  test('outside git: skips installed code and virtualenvs, but not a project folder named env', async () => {
    const dir = plainDirectory();
    const leak = () => djangoSettings(insecureKey());
    dir.write('mysite/settings.py', leak());
    dir.write('env/settings.py', leak());
    dir.write('.venv/pyvenv.cfg', 'home = /usr/bin\n').write('.venv/lib/python3.12/settings.py', leak());
    dir.write('myenv/pyvenv.cfg', 'home = /usr/bin\n').write('myenv/bin/settings.py', leak());
    dir.write('node_modules/pkg/settings.py', leak());
    dir.write('lib/site-packages/django/conf/settings.py', leak());
    dir.write('mysite/__pycache__/settings.py', leak());
    dir.write('.tox/py312/settings.py', leak());
    dir.write('.mypy_cache/settings.py', leak());

    const result = await scan({ cwd: dir.dir, mode: 'directory' });

    expect(files(result)).toEqual(['env/settings.py', 'mysite/settings.py']);
  });

  test('include and exclude globs narrow the scan', async () => {
    const dir = plainDirectory();
    dir.write('a/settings.py', djangoSettings(insecureKey()));
    dir.write('b/settings.py', djangoSettings(insecureKey()));
    dir.write('b/.env', `SECRET_KEY=${insecureKey()}\n`);

    const included = await scan({ cwd: dir.dir, mode: 'directory', include: [{ globs: ['b/**'], directory: dir.dir }] });
    const excluded = await scan({ cwd: dir.dir, mode: 'directory', exclude: [{ globs: ['**/.env'], directory: dir.dir }, { globs: ['a/**'], directory: dir.dir }] });
    // Globs written from another directory see each path from there.
    const fromAbove = await scan({ cwd: join(dir.dir, 'b'), mode: 'directory', exclude: [{ globs: ['b/settings.py'], directory: dir.dir }] });

    expect(files(included)).toEqual(['b/.env', 'b/settings.py']);
    expect(files(excluded)).toEqual(['b/settings.py']);
    expect(files(fromAbove)).toEqual(['.env']);
  });

  test('reads text with a stray NUL, searches an oversized file, and skips and counts binary and special files without opening a FIFO', async () => {
    const dir = plainDirectory();
    dir.write('binary.py', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from(djangoSettings(insecureKey()))]));
    dir.write('nul.py', Buffer.concat([Buffer.from(djangoSettings(insecureKey())), Buffer.from([0])]));
    dir.write('big.py', djangoSettings(insecureKey(), 300));
    dir.write('small.py', djangoSettings(insecureKey()));
    execFileSync('mkfifo', [dir.path('fifo.py')]);

    const result = await scan({ cwd: dir.dir, mode: 'directory', maxFileSize: 3000 });

    expect(files(result)).toEqual(['big.py', 'nul.py', 'small.py']);
    expect(result.findings.find((finding) => finding.file === 'big.py')?.line).toBe(SETTINGS_KEY_LINE + 300);
    expect(result.skipped.map((s) => `${s.file} ${s.reason}`).sort()).toEqual(['binary.py binary', 'fifo.py not-a-file']);
    expect(result.stats).toEqual(expect.objectContaining({ filesScanned: 3, filesSkipped: 2 }));
    expect(result.incomplete).toBe(false);
  });

  test('follows a symlink only inside the scanned directory, and scans its target once', async () => {
    const outside = plainDirectory();
    outside.write('settings.py', djangoSettings(insecureKey()));
    const dir = plainDirectory();
    dir.write('real.py', djangoSettings(insecureKey()));
    symlinkSync(join(dir.dir, 'real.py'), dir.path('alias.py'));
    symlinkSync(outside.path('settings.py'), dir.path('outside.py'));
    mkdirSync(dir.path('linked'));
    symlinkSync(outside.dir, dir.path('linked/dir'));

    const result = await scan({ cwd: dir.dir, mode: 'directory' });

    expect(files(result)).toEqual(['real.py']);
    expect(result.skipped).toEqual([expect.objectContaining({ file: 'outside.py', reason: 'not-a-file' })]);
  });

  test('a tracked file deleted from the working tree is simply absent', async () => {
    const repo = gitRepository();
    repo.write('settings.py', djangoSettings(insecureKey())).write('clean.py', CLEAN_SETTINGS).stage();
    rmSync(repo.path('settings.py'));

    const result = await scan({ cwd: repo.dir, mode: 'directory' });

    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.stats.filesScanned).toBe(1);
  });

  test('a path that does not exist is a one-line UserError', async () => {
    const dir = makeTempDir();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

    const attempt = scan({ cwd: dir, mode: 'directory', paths: ['missing/settings.py'] });

    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow('no such file or directory: missing/settings.py');
  });
  test('each file is read whole and alone: a large file, then smaller ones, then one that grew', async () => {
    const repo = gitRepository();
    const keys = [insecureKey(), insecureKey(), insecureKey()];
    // Files are read in path order into one reused buffer: stale bytes of a longer file must never show.
    repo.write('a/settings.py', `${'# padding line for a long module\n'.repeat(8000)}${djangoSettings(keys[0]!)}`);
    repo.write('b/settings.py', djangoSettings(keys[1]!));
    repo.write('c/settings.py', 'DEBUG = True\n');
    repo.write('d/settings.py', `${'x = 1\n'.repeat(40000)}${djangoSettings(keys[2]!)}`);

    const result = await scan({ cwd: repo.dir, mode: 'directory', paths: ['.'] });

    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual([
      `a/settings.py:${8000 + SETTINGS_KEY_LINE}`,
      `b/settings.py:${SETTINGS_KEY_LINE}`,
      `d/settings.py:${40000 + SETTINGS_KEY_LINE}`,
    ]);
    expect(result.findings.map((f) => result.secretOf(f))).toEqual(keys);
    expect(result.stats.filesScanned).toBe(4);
  });
});
