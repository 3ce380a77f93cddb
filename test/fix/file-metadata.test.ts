// fix rewrites a file's text and nothing else about it: owner, group, mode and
// its other hard links stay as they were, or the file is left alone and the
// report says why (--force overrides). Temp files never outlive a run.
import { chmodSync, chownSync, existsSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles } from '../../src/fix/fix-files';
import { removeTempFiles, writeNew } from '../../src/fix/write';
import { randomKey, runCliUnprivileged } from '../helpers/temp-repo';
import { removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

const isRoot = process.getuid?.() === 0;

function settingsProject(): { dir: string; path: string; key: string; original: Buffer } {
  const dir = tempDir();
  const key = randomKey();
  const original = Buffer.from(`import os\n\nSECRET_KEY = '${key}'\n`);
  const path = join(dir, 'settings.py');
  writeFileSync(path, original);
  return { dir, path, key, original };
}

function reportText(report: { lines: string[] }): string {
  return report.lines.join('\n');
}

describe('fix keeps what it does not mean to change', () => {
  it('refuses a file with another hard link, which would keep the old key; --force rewrites this name', async () => {
    const { dir, path, key, original } = settingsProject();
    const other = join(dir, 'settings_copy.py');
    linkSync(path, other);
    const refused = await fixFiles({ cwd: dir, paths: ['settings.py'] });
    expect(reportText(refused)).toContain('settings.py: not rewritten: it has 2 hard links, and a rewrite replaces this name only: the other link would keep the old key.');
    expect(reportText(refused)).not.toContain(key);
    expect(readFileSync(path).equals(original)).toBe(true);

    await fixFiles({ cwd: dir, paths: ['settings.py'], force: true });
    expect(readFileSync(path, 'utf8')).not.toContain(key);
    expect(readFileSync(other).equals(original)).toBe(true);
  });

  it('refuses a read-only file; --force rewrites it and keeps it read-only', async () => {
    const { dir, path, key, original } = settingsProject();
    chmodSync(path, 0o444);
    const refused = await fixFiles({ cwd: dir });
    expect(reportText(refused)).toContain('settings.py: not rewritten: it is read-only (mode 444)');
    expect(readFileSync(path).equals(original)).toBe(true);

    await fixFiles({ cwd: dir, force: true });
    expect(readFileSync(path, 'utf8')).not.toContain(key);
    expect(statSync(path).mode & 0o777).toBe(0o444);
  });

  it('keeps the owner, group and mode of a file it rewrites', async () => {
    const { dir, path, key } = settingsProject();
    chmodSync(path, 0o640);
    // Root gives the file away first; anyone else keeps their own file, which is the same test with their ids.
    const owner = isRoot ? { uid: 65534, gid: 65534 } : { uid: process.getuid!(), gid: process.getgid!() };
    if (isRoot) chownSync(path, owner.uid, owner.gid);
    await fixFiles({ cwd: dir });
    const after = statSync(path);
    expect(readFileSync(path, 'utf8')).not.toContain(key);
    expect({ uid: after.uid, gid: after.gid, mode: after.mode & 0o777 }).toEqual({ ...owner, mode: 0o640 });
  });

  it('refuses another user\'s file it cannot give back (run as an unprivileged user); --force takes it over', () => {
    const { dir, path, key, original } = settingsProject();
    // The directory is the unprivileged user's, the file someone else's (root's, as the suite runs in CI).
    const refused = runCliUnprivileged(dir, ['fix', 'settings.py'], {}, () => chownSync(path, 0, 0));
    expect(`${refused.stdout}${refused.stderr}`).toContain('settings.py: not rewritten: it belongs to another user');
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.py']);

    const forced = runCliUnprivileged(dir, ['fix', '--force', 'settings.py'], {}, () => chownSync(path, 0, 0));
    expect(forced.status).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toContain(key);
  });
});

describe('temp files never outlive a run', () => {
  it('removes a temp file an earlier, killed fix left beside the file, and never one of a running process', async () => {
    const { dir } = settingsProject();
    const stale = join(dir, '.settings.py.999999999.deadbeef.tmp');
    const live = join(dir, `.settings.py.${process.pid}.cafef00d.tmp`);
    writeFileSync(stale, '');
    writeFileSync(live, '');
    await fixFiles({ cwd: dir });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('removeTempFiles (what the CLI runs on SIGINT and SIGTERM) deletes the temp file of a write under way', async () => {
    const dir = tempDir();
    const target = join(dir, 'settings.py');
    let seenDuringWrite: string[] = [];
    await expect(
      writeNew(target, Buffer.from('x = 1\n'), 0o644, {
        check: async () => {
          seenDuringWrite = readdirSync(dir);
          removeTempFiles();
          throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect(seenDuringWrite).toEqual([expect.stringMatching(/^\.settings\.py\.\d+\.[0-9a-f]{8}\.tmp$/)]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('fix acts on exactly what scan reports, with the same configuration', () => {
  it('rewrites a key in a settings file larger than the default size limit when the configuration raises it', async () => {
    const dir = tempDir();
    const key = randomKey();
    const padding = Array.from({ length: 120_000 }, (_, i) => `SETTING_${i} = ${i}`).join('\n');
    writeFileSync(join(dir, 'settings.py'), `import os\n${padding}\nSECRET_KEY = '${key}'\n${padding}\n`);
    expect(statSync(join(dir, 'settings.py')).size).toBeGreaterThan(2 * 1024 * 1024);
    const report = await fixFiles({ cwd: dir, maxFileSize: 200_000_000 });
    expect(reportText(report)).toMatch(/settings\.py:120002 {2}SECRET_KEY now reads os\.getenv\("DJANGO_SECRET_KEY"\)/);
    expect(readFileSync(join(dir, 'settings.py'), 'utf8')).not.toContain(key);
  });
});
