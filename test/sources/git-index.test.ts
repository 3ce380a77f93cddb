import { rmSync, symlinkSync } from 'node:fs';
import { scan } from '../../src/scan';
import { UserError } from '../../src/errors';
import type { ScanResult } from '../../src/types';
import { CLEAN_SETTINGS, SETTINGS_KEY_LINE, TempRepo, djangoSettings, insecureKey, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

function scanStaged(repo: TempRepo, maxFileSize?: number): Promise<ScanResult> {
  return scan({ cwd: repo.dir, mode: 'staged', ...(maxFileSize === undefined ? {} : { maxFileSize }) });
}

function locations(result: ScanResult): string[] {
  return result.findings.map((finding) => `${finding.file}:${finding.line}`);
}

describe('scan --staged', () => {
  test('finds a key staged for the very first commit of a repository', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage();

    const result = await scanStaged(repo);

    expect(repo.tryGit('rev-parse', '--verify', 'HEAD').status).not.toBe(0);
    expect(result.mode).toBe('staged');
    expect(locations(result)).toEqual([`mysite/settings.py:${SETTINGS_KEY_LINE}`]);
    expect(result.stats.filesScanned).toBe(1);
  });

  test('reads the staged content when the working tree no longer has the key', async () => {
    const repo = newRepo();
    repo.write('settings.py', djangoSettings(insecureKey())).stage();
    repo.write('settings.py', CLEAN_SETTINGS);

    expect(locations(await scanStaged(repo))).toEqual([`settings.py:${SETTINGS_KEY_LINE}`]);
  });

  test('passes when the staged version is clean and the key is only in the working tree', async () => {
    const repo = newRepo();
    repo.write('settings.py', CLEAN_SETTINGS).stage();
    repo.write('settings.py', djangoSettings(insecureKey()));

    const result = await scanStaged(repo);

    expect(result.findings).toEqual([]);
    expect(result.stats.filesScanned).toBe(1);
  });

  test('a partially staged file is judged by its staged text, with staged line numbers', async () => {
    const repo = newRepo();
    const stagedKey = insecureKey();
    repo.write('settings.py', CLEAN_SETTINGS).stage();
    repo.commit('clean settings');
    repo.write('settings.py', djangoSettings(insecureKey(), 10));
    repo.stageContent('settings.py', djangoSettings(stagedKey, 3));

    const result = await scanStaged(repo);

    expect(locations(result)).toEqual([`settings.py:${SETTINGS_KEY_LINE + 3}`]);
    expect(result.secretOf(result.findings[0]!)).toBe(stagedKey);
  });

  test('finds keys in modified, renamed and copied files, relative to the repository root', async () => {
    const repo = newRepo();
    repo.write('app/config.py', CLEAN_SETTINGS).write('old/settings.py', djangoSettings(insecureKey()));
    repo.stage();
    repo.commit('initial');
    repo.write('app/config.py', djangoSettings(insecureKey(), 1));
    repo.git('mv', 'old/settings.py', 'renamed.py');
    repo.write('copy/settings.py', repo.read('renamed.py'));
    repo.stage();

    const result = await scan({ cwd: repo.path('app'), mode: 'staged' });

    expect(result.root).toBe(repo.dir);
    expect(locations(result)).toEqual([
      `app/config.py:${SETTINGS_KEY_LINE + 1}`,
      `copy/settings.py:${SETTINGS_KEY_LINE}`,
      `renamed.py:${SETTINGS_KEY_LINE}`,
    ]);
  });

  test('skips deleted files', async () => {
    const repo = newRepo();
    repo.write('settings.py', djangoSettings(insecureKey())).stage();
    repo.commit('leak');
    repo.git('rm', '-q', 'settings.py');

    const result = await scanStaged(repo);

    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  test('never follows a staged symlink and never enters a submodule', async () => {
    const repo = newRepo();
    const nested = newRepo();
    nested.write('settings.py', djangoSettings(insecureKey())).stage();
    const nestedCommit = nested.commit('nested');
    repo.write('real_settings.py', djangoSettings(insecureKey()));
    repo.git('config', 'core.symlinks', 'true');
    symlinkSync('real_settings.py', repo.path('settings.py'));
    repo.stage('settings.py');
    repo.git('update-index', '--add', '--cacheinfo', `160000,${nestedCommit},vendored.py`);

    const result = await scanStaged(repo);

    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([{ file: 'settings.py', reason: 'not-a-file', detail: 'symbolic link' }]);
  });

  test('handles paths with spaces, unicode, quotes, newlines and a leading dash', async () => {
    const repo = newRepo();
    const names = ['my settings.py', 'ünïcödé/settings.py', `quote"and'apostrophe.py`, 'new\nline.py', '-dash.py'];
    for (const name of names) repo.write(name, djangoSettings(insecureKey()));
    repo.git('add', '--', ...names);

    const result = await scanStaged(repo);

    expect(result.findings.map((finding) => finding.file).sort()).toEqual([...names].sort());
  });

  test('reports conflicted entries as not scanned during a merge', async () => {
    const repo = newRepo();
    repo.write('settings.py', CLEAN_SETTINGS).stage();
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('settings.py', djangoSettings(insecureKey())).stage();
    repo.commit('side');
    repo.git('checkout', '-q', 'main');
    repo.write('settings.py', djangoSettings(insecureKey(), 2)).stage();
    repo.commit('main');
    expect(repo.tryGit('merge', 'side').status).not.toBe(0);

    const result = await scanStaged(repo);

    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ file: 'settings.py', reason: 'conflicted' })]);
  });

  test('reads text with stray NUL bytes and searches oversized files; skips and counts binary ones', async () => {
    const repo = newRepo();
    repo.write('nul.py', Buffer.concat([Buffer.from(djangoSettings(insecureKey())), Buffer.from([0, 1, 2])]));
    repo.write('image.py', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from(djangoSettings(insecureKey()))]));
    repo.write('big.py', djangoSettings(insecureKey(), 200));
    repo.stage();

    const result = await scanStaged(repo, 2000);

    expect(result.findings.map((finding) => [finding.file, finding.line])).toEqual([
      ['big.py', SETTINGS_KEY_LINE + 200],
      ['nul.py', SETTINGS_KEY_LINE],
    ]);
    expect(result.skipped.map((skip) => `${skip.file} ${skip.reason}`)).toEqual(['image.py binary']);
    expect(result.incomplete).toBe(false);
  });

  test('is quiet when nothing relevant is staged', async () => {
    const repo = newRepo();
    repo.write('README.md', `SECRET_KEY = '${insecureKey()}'\n`).stage();

    const result = await scanStaged(repo);

    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.stats.filesScanned).toBe(0);
  });

  test('outside a git repository it fails with a one-line UserError', async () => {
    const dir = makeTempDir();
    try {
      const attempt = scan({ cwd: dir, mode: 'staged' });
      await expect(attempt).rejects.toBeInstanceOf(UserError);
      await expect(attempt).rejects.toThrow(/^not a git repository: [^\n]+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
