import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles } from '../../src/fix/fix-files';
import { generateKey } from '../../src/fix/generate-key';
import { FileChangedError, readForFix, writeAtomically } from '../../src/fix/write';
import { copyInput, git, initRepo, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('writing fixed files', () => {
  it('keeps the file mode', async () => {
    const dir = copyInput('startproject');
    chmodSync(join(dir, 'mysite/settings.py'), 0o640);
    await fixFiles({ cwd: dir });
    expect(statSync(join(dir, 'mysite/settings.py')).mode & 0o777).toBe(0o640);
  });

  it('refuses to replace a file that changed since it was read, and leaves no temp file', async () => {
    const dir = tempDir();
    const path = join(dir, 'settings.py');
    writeFileSync(path, 'DEBUG = True\n');
    const read = await readForFix(path);
    writeFileSync(path, 'DEBUG = False\n');
    await expect(writeAtomically(read, Buffer.from('DEBUG = None\n'))).rejects.toThrow(FileChangedError);
    expect(readFileSync(path, 'utf8')).toBe('DEBUG = False\n');
    expect(readdirSync(dir)).toEqual(['settings.py']);
  });

  it('writes through a symlink to its target', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.py'), 'A = 1\n');
    symlinkSync('real.py', join(dir, 'link.py'));
    await writeAtomically(await readForFix(join(dir, 'link.py')), Buffer.from('A = 2\n'));
    expect(lstatSync(join(dir, 'link.py')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.py'), 'utf8')).toBe('A = 2\n');
  });

  it('does not rewrite a file whose encoding cannot be written back exactly, and says what to do', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([Buffer.from(`# -*- coding: cp1252 -*-\n# \x93quoted\x94\nSECRET_KEY = "${generateKey()}"\n`, 'latin1')]);
    writeFileSync(join(dir, 'settings.py'), bytes);
    const report = await fixFiles({ cwd: dir });
    expect(readFileSync(join(dir, 'settings.py')).equals(bytes)).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ file: 'settings.py', message: expect.stringContaining('not rewritten: its bytes do not decode losslessly as cp1252') }]);
    expect(report.manual).toEqual([expect.objectContaining({ file: 'settings.py', line: 3, steps: 'not rewritten, so make the change yourself: SECRET_KEY should read os.getenv("DJANGO_SECRET_KEY")' })]);
  });
});

/** The startproject settings committed, then a second commit that keeps the key or takes it out; `first` is the settings as first committed. */
function startprojectThenEdited(head: 'key kept' | 'key removed'): { source: string; settings: string; first: string } {
  const source = copyInput('startproject');
  initRepo(source);
  git(source, 'add', '-A');
  git(source, 'commit', '-q', '-m', 'startproject');
  const settings = 'mysite/settings.py';
  const first = readFileSync(join(source, settings), 'utf8');
  writeFileSync(join(source, settings), head === 'key kept' ? `${first}\nDEBUG = False\n` : first.replace(/SECRET_KEY = '[^']+'/, "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']"));
  git(source, 'commit', '-q', '-am', 'edit settings');
  return { source, settings, first };
}

describe('advice about the old key', () => {
  it('calls a committed key compromised and warns against SECRET_KEY_FALLBACKS', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'settings');
    const report = await fixFiles({ cwd: dir });
    expect(report.oldKeys).toEqual([{ masked: expect.any(String), where: ['mysite/settings.py:17'], committed: true }]);
    const text = report.lines.join('\n');
    expect(text).toMatch(/The old key .* \(mysite\/settings\.py:17\) is in the git history: treat it as compromised/);
    expect(text).toContain('do NOT add the old key to SECRET_KEY_FALLBACKS');
    expect(text).toContain('Routine rotation, for a key that did NOT leak');
    // The line the settings need, given whole, since fix writes none on a startproject settings.py.
    expect(text).toContain('SECRET_KEY_FALLBACKS = [key for key in os.getenv("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if key]');
    expect(readFileSync(join(dir, 'mysite', 'settings.py'), 'utf8')).not.toContain('SECRET_KEY_FALLBACKS');
  });

  it('says a key that was only staged was never published', async () => {
    const dir = copyInput('startproject');
    initRepo(dir);
    writeFileSync(join(dir, 'README'), 'x\n');
    git(dir, 'add', 'README');
    git(dir, 'commit', '-q', '-m', 'readme');
    git(dir, 'add', '-A');
    const report = await fixFiles({ cwd: dir });
    expect(report.oldKeys.map((key) => key.committed)).toEqual([false]);
    expect(report.lines.join('\n')).toContain('was never committed (only in the working tree or the index)');
  });

  it.each([
    ['in pieces over lines', (key: string) => `SECRET_KEY = (\n    '${key.slice(0, 20)}'\n    '${key.slice(20)}'\n)\n`],
    ['with escapes', (key: string) => `SECRET_KEY = '${[...key].map((char, i) => (i % 5 === 0 ? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char)).join('')}'\n`],
  ])('calls a committed key written %s compromised: history is searched for the value Python evaluates', async (_how, write) => {
    const dir = tempDir();
    initRepo(dir);
    const key = generateKey().replace(/[\\'"]/g, 'x');
    writeFileSync(join(dir, 'settings.py'), `import os\n${write(key)}`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'settings');
    const report = await fixFiles({ cwd: dir });
    expect(report.fixed).toHaveLength(1);
    expect(report.oldKeys.map((old) => old.committed)).toEqual([true]);
    expect(report.lines.join('\n')).toContain('is in the git history: treat it as compromised');
  });

  it('never says "never committed" in a shallow clone, whose history before the boundary is unknown', async () => {
    const { source, settings, first: withKey } = startprojectThenEdited('key removed');
    const clone = tempDir();
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${source}`, clone], { stdio: 'pipe' });
    // The key is back in the working tree, as if restored from a backup: only the cut-off commit held it.
    writeFileSync(join(clone, settings), withKey);
    const report = await fixFiles({ cwd: clone });
    expect(report.oldKeys.map((old) => old.committed)).toEqual([null]);
    expect(report.lines.join('\n')).not.toContain('never committed');
    expect(report.lines.join('\n')).toContain('no complete git history here tells whether it was published');
  });

  describe('in a partial clone', () => {
    /**
     * The startproject settings committed, then edited at HEAD, cloned without
     * blobs: the clone's checkout fetches HEAD's blobs only, so the first
     * commit's settings blob is missing. `workTree` is what the clone's
     * settings then hold.
     */
    function partialClone(head: 'key kept' | 'key removed', workTree: 'as at HEAD' | 'first commit'): string {
      const { source, settings, first } = startprojectThenEdited(head);
      git(source, 'config', 'uploadpack.allowFilter', 'true');
      const clone = tempDir();
      execFileSync('git', ['clone', '-q', '--filter=blob:none', `file://${source}`, clone], { stdio: 'pipe' });
      if (workTree === 'first commit') writeFileSync(join(clone, settings), first);
      expect(missingBlobs(clone)).toHaveLength(1);
      return clone;
    }
    const missingBlobs = (dir: string) => git(dir, 'rev-list', '--objects', '--missing=print', '--all').split('\n').filter((line) => line.startsWith('?'));

    it('calls a key compromised when a blob the clone holds has it', async () => {
      const report = await fixFiles({ cwd: partialClone('key kept', 'as at HEAD') });
      expect(report.oldKeys.map((key) => key.committed)).toEqual([true]);
      expect(report.lines.join('\n')).toContain('is in the git history: treat it as compromised');
    });

    it('never says "never committed" when a blob the clone lacks may hold the key, and fetches nothing', async () => {
      const clone = partialClone('key removed', 'first commit');
      const report = await fixFiles({ cwd: clone });
      expect(report.oldKeys.map((key) => key.committed)).toEqual([null]);
      expect(report.lines.join('\n')).toContain('no complete git history here tells whether it was published');
      expect(missingBlobs(clone)).toHaveLength(1);
    });
  });

  it('cannot tell outside git and says so', async () => {
    const report = await fixFiles({ cwd: copyInput('startproject') });
    expect(report.oldKeys.map((key) => key.committed)).toEqual([null]);
    expect(report.lines.join('\n')).toContain('no complete git history here tells whether it was published');
  });
});
