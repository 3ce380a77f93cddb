// Nothing lost: `fix` never damages a file, install/uninstall never lose a
// user's hook, and no secret reaches an error message, a debug log or a stack trace.
// fix runs as a process, so a crash can be made to strike mid-write; install and
// the secret checks run in process.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process';
import { CLI_PATH, TempRepo, makeTempDir, randomKey, runCliUnprivileged, type CliRun } from '../helpers/temp-repo';

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): CliRun {
  const result = spawnSync(process.execPath, [...nodeArgs, CLI_PATH, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a `--require` preload into `dir` that replaces `fs.promises.rename` with `body` (a function expression). */
function renamePreload(dir: string, name: string, body: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, ["const fs = require('node:fs');", 'const rename = fs.promises.rename;', ...body, ''].join('\n'));
  return path;
}

/** A preload that makes the process die (as on SIGKILL or power loss) at the first rename of a fixed file. */
function crashAtRenamePreload(dir: string): string {
  return renamePreload(dir, 'crash-at-rename.cjs', [
    'fs.promises.rename = async (from, to) => {',
    "  if (String(from).endsWith('.tmp')) process.kill(process.pid, 'SIGKILL');",
    '  return rename(from, to);',
    '};',
  ]);
}

/** A preload that makes every rename fail, as on a full or read-only file system. */
function failRenamePreload(dir: string): string {
  return renamePreload(dir, 'fail-rename.cjs', [
    'fs.promises.rename = async () => {',
    "  const error = new Error('EROFS: read-only file system, rename');",
    "  error.code = 'EROFS';",
    '  throw error;',
    '};',
  ]);
}

const VARIANTS: [string, (key: string) => Buffer][] = [
  ['LF', (key) => Buffer.from(`import os\n\nDEBUG = True\nSECRET_KEY = '${key}'\nALLOWED_HOSTS = []\n`)],
  ['CRLF', (key) => Buffer.from(`import os\r\n\r\nDEBUG = True\r\nSECRET_KEY = '${key}'\r\nALLOWED_HOSTS = []\r\n`)],
  ['a UTF-8 BOM', (key) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`# caf\u00e9\nSECRET_KEY = '${key}'\n`)])],
  ['latin-1', (key) => Buffer.from(`# -*- coding: latin-1 -*-\n# caf\xe9\nSECRET_KEY = '${key}'\nNAME = '\xe9'\n`, 'latin1')],
  ['mixed indentation', (key) => Buffer.from(`if True:\n\tDEBUG = 1\n        SECRET_KEY = '${key}'\nelse:\n    SECRET_KEY = '${key}'\n`)],
  ['invalid UTF-8', (key) => Buffer.concat([Buffer.from('# \xff\n', 'latin1'), Buffer.from(`SECRET_KEY = '${key}'\n`)])],
];

describe('fix never damages a file', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) {
      chmodSync(dir, 0o755);
      spawnSync('rm', ['-rf', dir]);
    }
  });
  function project(bytes: Buffer): { dir: string; path: string } {
    const dir = makeTempDir('sg-lost-');
    made.push(dir);
    writeFileSync(join(dir, 'settings.py'), bytes);
    return { dir, path: join(dir, 'settings.py') };
  }

  it.each(VARIANTS)('leaves the original bytes of a %s file when the process dies between writing and renaming', (_label, build) => {
    const key = randomKey();
    const original = build(key);
    const { dir, path } = project(original);
    const preload = crashAtRenamePreload(makeTempDir('sg-preload-'));
    const run = cli(dir, ['fix', 'settings.py'], {}, ['--require', preload]);
    // Killed at the rename, or (a file it cannot write back exactly) refused before it.
    expect(run.status === null || run.status === 1).toBe(true);
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it.each(VARIANTS)('leaves the original bytes of a %s file, and no temp file, when the rename fails', (_label, build) => {
    const key = randomKey();
    const original = build(key);
    const { dir, path } = project(original);
    const preload = failRenamePreload(makeTempDir('sg-preload-'));
    const run = cli(dir, ['fix', 'settings.py'], {}, ['--require', preload]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(key);
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.py']);
  });

  it.each(VARIANTS)('rewrites a %s file in place keeping every byte outside the key, or refuses and keeps them all', (_label, build) => {
    const key = randomKey();
    const original = build(key);
    const { dir, path } = project(original);
    const run = cli(dir, ['fix', 'settings.py']);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    const after = readFileSync(path);
    if (after.equals(original)) return; // refused: nothing changed
    expect(after.includes(Buffer.from(key))).toBe(false);
    const hasBom = original.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(after.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(hasBom);
    // Line endings stay as they were: no lone LF appears in a CRLF file.
    if (original.includes(Buffer.from('\r\n'))) expect(after.toString('latin1').replace(/\r\n/g, '')).not.toMatch(/\n/);
    // Every line that did not hold the key is still there, byte for byte.
    const linesOf = (bytes: Buffer) => bytes.toString('latin1').split(/(?<=\n)/);
    const untouched = linesOf(original).filter((line) => !line.includes(key));
    const kept = new Set(linesOf(after));
    for (const line of untouched) if (!/^(?:\ufeff|\xef\xbb\xbf)/.test(line)) expect(kept.has(line)).toBe(true);
  });

  it('does not replace a read-only file behind its owner\'s back: the mode is kept', () => {
    const key = randomKey();
    const { dir, path } = project(Buffer.from(`SECRET_KEY = '${key}'\n`));
    chmodSync(path, 0o444);
    const run = cli(dir, ['fix', 'settings.py']);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(readFileSync(path, 'utf8').includes(key) ? 'kept' : 'fixed').toMatch(/kept|fixed/);
  });

  it('leaves the file of a read-only directory untouched, says why, and leaves no temp file (run as an unprivileged user)', () => {
    const key = randomKey();
    const original = Buffer.from(`SECRET_KEY = '${key}'\n`);
    const { dir, path } = project(original);
    const run = runCliUnprivileged(dir, ['fix', 'settings.py'], {}, () => chmodSync(dir, 0o555));
    chmodSync(dir, 0o755);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(`${run.stdout}${run.stderr}`).not.toContain(key);
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/settings\.py: not rewritten: EACCES/);
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(readdirSync(dir)).toEqual(['settings.py']);
  });
});

describe('install and uninstall never lose a hook', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.cleanup());

  it.each<[string, string]>([
    ['a shell hook', '#!/bin/sh\necho "running my checks"\nexit 0\n'],
    ['a hook without a final newline', '#!/bin/sh\nmake lint'],
    ['a CRLF hook', '#!/bin/sh\r\nmake lint\r\n'],
    ['a Python hook, moved aside with --force', '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n'],
  ])('keeps %s byte for byte through install, a second install and uninstall', async (label, content) => {
    const hook = repo.path('.git/hooks/pre-commit');
    writeFileSync(hook, content, { mode: 0o755 });
    const install = label.includes('--force') ? ['install', '--force'] : ['install'];
    for (const args of [install, install, ['uninstall']]) {
      const run = await runInProcess(repo.dir, args);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.status).toBe(0);
    }
    const after = existsSync(hook) ? readFileSync(hook, 'utf8') : '';
    const backups = readdirSync(repo.path('.git/hooks')).filter((name) => name.startsWith('pre-commit')).map((name) => readFileSync(repo.path(`.git/hooks/${name}`), 'utf8'));
    // The user's content is back where it was, or at least nowhere lost.
    expect(after === content || backups.includes(content)).toBe(true);
  });

  it('refuses to edit a hook that is not a shell script, in one line, and leaves it as it was', async () => {
    const hook = repo.path('.git/hooks/pre-commit');
    const content = '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n';
    writeFileSync(hook, content, { mode: 0o755 });
    const run = await runInProcess(repo.dir, ['install']);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(readFileSync(hook, 'utf8')).toBe(content);
  });

  it('uninstall without install leaves a foreign hook alone', async () => {
    const hook = repo.path('.git/hooks/pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    await runInProcess(repo.dir, ['uninstall']);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nexit 0\n');
  });
});

describe('no secret in error messages, debug output or stack traces', () => {
  let repo: TempRepo;
  let key = '';
  beforeAll(() => {
    repo = new TempRepo();
    key = randomKey();
    repo.write('settings.py', `SECRET_KEY = '${key}'\n`).commitAll('key');
  });
  afterAll(() => repo.cleanup());

  it.each([
    [['scan', '--no-baseline']],
    [['scan', '--no-baseline', '--format', 'json']],
    [['scan', '--no-baseline', '--format', 'sarif']],
    [['scan', '--no-baseline', '--format', 'github']],
    [['scan', '--staged', '--no-baseline']],
    [['scan', '--history', '--no-baseline']],
    [['fix', '--dry-run']],
    [['baseline', '-o', '/nonexistent/dir/baseline.json']],
    [['scan', '--history', key]],
    [['scan', key]],
    [['explain', key]],
    [['scan', `--${key}`]],
  ])('settings-guard %j with DEBUG=1 prints no key', async (args) => {
    const run = await runInProcess(repo.dir, args, { env: { DEBUG: '1' } });
    expect(`${run.stdout}\n${run.stderr}`).not.toContain(key);
    expect(`${run.stdout}\n${run.stderr}`).not.toContain(key.slice(8, 40));
  });
});
