import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { UserError } from '../../src/errors';
import { scan } from '../../src/scan';
import type { ScanResult } from '../../src/types';
import { CLEAN_SETTINGS, SETTINGS_KEY_LINE, TempRepo, djangoSettings, insecureKey, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

function summary(result: ScanResult): string[] {
  return result.findings.map((f) => `${f.file}:${f.line} ${f.commit?.sha.slice(0, 12)} ${f.presentAtHead ? 'at HEAD' : 'history only'}`);
}

describe('scan --history', () => {
  test('a key added, moved and deleted again is one finding at the commit that added it', async () => {
    const repo = newRepo();
    const key = insecureKey();
    repo.write('README.md', 'hello\n');
    repo.commitAll('readme', '2024-01-01T10:00:00Z');
    repo.write('mysite/settings.py', djangoSettings(key));
    const added = repo.commitAll('add settings', '2024-01-02T10:00:00Z');
    repo.write('mysite/settings.py', djangoSettings(key, 4));
    repo.commitAll('move the key down', '2024-01-03T10:00:00Z');
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.commitAll('read the key from the environment', '2024-01-04T10:00:00Z');

    const result = await scan({ cwd: repo.dir, mode: 'history' });

    expect(summary(result)).toEqual([`mysite/settings.py:${SETTINGS_KEY_LINE} ${added.slice(0, 12)} history only`]);
    expect(result.findings[0]!.commit).toEqual(expect.objectContaining({ sha: added }));
    expect(new Date(result.findings[0]!.commit!.date).toISOString()).toBe('2024-01-02T10:00:00.000Z');
    expect(result.secretOf(result.findings[0]!)).toBe(key);
    expect(result.stats).toEqual(expect.objectContaining({ commitsScanned: 4, blobsScanned: 3 }));
    expect(result.incomplete).toBe(false);
  });

  test('says whether the key is still in the code at HEAD', async () => {
    const repo = newRepo();
    repo.write('settings.py', djangoSettings(insecureKey()));
    const first = repo.commitAll('leak');
    repo.write('other.py', 'x = 1\n');
    repo.commitAll('unrelated');

    expect(summary(await scan({ cwd: repo.dir, mode: 'history' }))).toEqual([
      `settings.py:${SETTINGS_KEY_LINE} ${first.slice(0, 12)} at HEAD`,
    ]);
  });

  test('reads each blob once, even when the same content comes back', async () => {
    const repo = newRepo();
    const leaky = djangoSettings(insecureKey());
    repo.write('settings.py', leaky);
    const first = repo.commitAll('leak');
    repo.write('settings.py', CLEAN_SETTINGS);
    repo.commitAll('clean');
    repo.write('settings.py', leaky);
    repo.commitAll('revert the clean-up');

    const result = await scan({ cwd: repo.dir, mode: 'history' });

    expect(summary(result)).toEqual([`settings.py:${SETTINGS_KEY_LINE} ${first.slice(0, 12)} at HEAD`]);
    expect(result.stats).toEqual(expect.objectContaining({ commitsScanned: 3, blobsScanned: 2 }));
  });

  test('scans commits on every ref, not only the checked-out branch', async () => {
    const repo = newRepo();
    repo.write('settings.py', CLEAN_SETTINGS);
    repo.commitAll('clean');
    repo.git('checkout', '-q', '-b', 'experiment');
    repo.write('settings.py', djangoSettings(insecureKey()));
    const leak = repo.commitAll('try a hardcoded key');
    repo.git('checkout', '-q', 'main');

    expect(summary(await scan({ cwd: repo.dir, mode: 'history' }))).toEqual([
      `settings.py:${SETTINGS_KEY_LINE} ${leak.slice(0, 12)} history only`,
    ]);
  });

  test('a range reports only keys its commits add, not keys already in the base', async () => {
    const repo = newRepo();
    repo.write('settings.py', djangoSettings(insecureKey()));
    const base = repo.commitAll('old leak on main');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('settings.py', `${djangoSettings(repo.read('settings.py').match(/'(.+)'/)![1]!)}ALLOWED_HOSTS = []\n`);
    repo.commitAll('touch the settings');
    repo.write('flaskapp/config.py', `SECRET_KEY = '${insecureKey()}'\n`);
    const added = repo.commitAll('new leak in the pull request');

    const ranged = await scan({ cwd: repo.dir, mode: 'history', range: `${base}..HEAD` });
    const since = await scan({ cwd: repo.dir, mode: 'history', since: 'main' });

    expect(summary(ranged)).toEqual([`flaskapp/config.py:1 ${added.slice(0, 12)} at HEAD`]);
    expect(ranged.stats.commitsScanned).toBe(2);
    expect(summary(since)).toEqual(summary(ranged));
  });

  test('an unknown range is a UserError', async () => {
    const repo = newRepo();
    repo.write('settings.py', CLEAN_SETTINGS);
    repo.commitAll('clean');

    await expect(scan({ cwd: repo.dir, mode: 'history', range: 'nope..HEAD' })).rejects.toBeInstanceOf(UserError);
    await expect(scan({ cwd: repo.dir, mode: 'history', range: '--all' })).rejects.toBeInstanceOf(UserError);
  });

  test('a shallow clone is scanned but marked incomplete', async () => {
    const origin = newRepo();
    origin.write('settings.py', djangoSettings(insecureKey()));
    origin.commitAll('leak');
    origin.write('settings.py', CLEAN_SETTINGS);
    origin.commitAll('clean');
    const cloneDir = makeTempDir();
    const clone = newRepo({ init: false, dir: cloneDir });
    clone.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, '.');

    const result = await scan({ cwd: clone.dir, mode: 'history' });

    expect(result.findings).toEqual([]);
    expect(result.incomplete).toBe(true);
    expect(result.incompleteReasons.join('\n')).toMatch(/shallow/);
    expect(result.stats.commitsScanned).toBe(1);
  });

  test('a blob missing from the object store makes the scan incomplete', async () => {
    const repo = newRepo();
    repo.write('settings.py', djangoSettings(insecureKey()));
    repo.commitAll('leak');
    const blob = repo.git('rev-parse', 'HEAD:settings.py').trim();
    rmSync(repo.path(`.git/objects/${blob.slice(0, 2)}/${blob.slice(2)}`));
    expect(repo.tryGit('cat-file', '-e', blob).status).not.toBe(0);

    const result = await scan({ cwd: repo.dir, mode: 'history' });

    expect(result.incomplete).toBe(true);
    expect(result.incompleteReasons.join('\n')).toMatch(/could not be read/);
    expect(result.skipped).toEqual([expect.objectContaining({ file: 'settings.py', reason: 'missing-object' })]);
  });

  test('scans a bare repository, such as a CI mirror', async () => {
    const origin = newRepo();
    origin.write('settings.py', djangoSettings(insecureKey()));
    const leak = origin.commitAll('leak');
    const mirror = newRepo({ init: false, dir: makeTempDir() });
    mirror.git('clone', '-q', '--bare', origin.dir, '.');

    const result = await scan({ cwd: mirror.dir, mode: 'history' });

    expect(summary(result)).toEqual([`settings.py:${SETTINGS_KEY_LINE} ${leak.slice(0, 12)} at HEAD`]);
    await expect(scan({ cwd: mirror.dir, mode: 'staged' })).rejects.toBeInstanceOf(UserError);
  });

  test('an empty repository has no commits to scan and is complete', async () => {
    const repo = newRepo();

    const result = await scan({ cwd: repo.dir, mode: 'history' });

    expect(result.findings).toEqual([]);
    expect(result.incomplete).toBe(false);
    expect(result.stats).toEqual(expect.objectContaining({ commitsScanned: 0, blobsScanned: 0 }));
  });
  test('a long history is read ahead in batches without changing what is reported', async () => {
    const repo = newRepo();
    const key = insecureKey();
    const later = insecureKey();
    // A fast-import stream: 120 commits each changing settings.py, far more blobs than are read ahead at once.
    const contents: string[] = [];
    for (let index = 0; index < 120; index++) {
      const filler = `VERSION = ${index}\n`;
      if (index >= 40 && index < 60) contents.push(filler + djangoSettings(key));
      else if (index >= 80 && index < 90) contents.push(filler + djangoSettings(key));
      else if (index === 100) contents.push(filler + djangoSettings(later));
      else contents.push(filler + CLEAN_SETTINGS);
    }
    const stream = contents
      .map((content, index) => {
        const bytes = Buffer.byteLength(content);
        const message = `commit ${index}`;
        return [
          'commit refs/heads/main',
          `mark :${index + 1}`,
          `committer A <a@example.com> ${1700000000 + index * 60} +0000`,
          `data ${message.length}`,
          message,
          ...(index > 0 ? [`from :${index}`] : []),
          `M 100644 inline settings.py`,
          `data ${bytes}`,
          content,
        ].join('\n');
      })
      .join('\n');
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: `${stream}\n` });
    const marks = repo.git('log', '--reverse', '--format=%H', 'main').trim().split('\n');

    const result = await scan({ cwd: repo.dir, mode: 'history' });

    expect(result.findings.map((f) => `${f.commit?.sha} ${result.secretOf(f) === key ? 'first' : 'later'}`)).toEqual([
      `${marks[40]} first`,
      `${marks[100]} later`,
    ]);
    expect(result.stats).toEqual(expect.objectContaining({ commitsScanned: 120, blobsScanned: 120 }));
  });
});
