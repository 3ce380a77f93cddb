import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles } from '../../src/fix/fix-files';
import { FIXTURES, copyInput, inputKeys, listFiles, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

describe('fix --dry-run', () => {
  it('writes nothing and returns the expected unified diff, key masked', async () => {
    const dir = copyInput('startproject');
    const before = listFiles(dir).map((file) => ({ file, bytes: readFileSync(join(dir, file)), mtime: statSync(join(dir, file)).mtimeMs }));
    const report = await fixFiles({ cwd: dir, dryRun: true, writeEnv: true });

    for (const { file, bytes, mtime } of before) {
      expect(readFileSync(join(dir, file)).equals(bytes)).toBe(true);
      expect(statSync(join(dir, file)).mtimeMs).toBe(mtime);
    }
    expect(listFiles(dir)).toEqual(before.map((entry) => entry.file)); // no .env, no .gitignore
    expect(report.fixed).toHaveLength(1);
    expect(report.diff).toBe(readFileSync(join(FIXTURES, 'startproject', 'dry-run.diff'), 'utf8'));
    const printed = report.lines.join('\n');
    expect(printed).toContain(report.diff.split('\n')[0]!);
    expect(printed).toContain('would write a NEW key for DJANGO_SECRET_KEY to .env');
    for (const key of inputKeys('startproject')) {
      expect(report.diff.includes(key)).toBe(false);
      expect(printed.includes(key)).toBe(false);
    }
  });

  it('masks the literal of a CRLF file and keeps its lines apart', async () => {
    const dir = copyInput('crlf-bom');
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.diff).toBe(readFileSync(join(FIXTURES, 'crlf-bom', 'dry-run.diff'), 'utf8'));
  });
});
