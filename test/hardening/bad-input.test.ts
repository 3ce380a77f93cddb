// Bad input through the CLI, as users meet it: odd files, odd paths, odd
// repositories, odd flags. Each gives a clear one-line message (or a counted
// skip) and the right exit code, and never a stack trace or a hang. In
// process, but for what needs a process of its own: FIFOs and sockets (a hang
// is cut short by a timeout), git changed or missing through PATH, reading as
// another user, and a 10 MB name's redaction on a real stack.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { readRegularFile } from '../../src/sources/working-tree';
import { runInProcess } from '../helpers/in-process';
import { CLI_PATH, TempRepo, makeTempDir, randomKey, runCliUnprivileged, type CliRun } from '../helpers/temp-repo';

const TIMEOUT_MS = 20_000;

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env },
  });
  if (result.error) throw new Error(`settings-guard ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A clean failure: the exit code, one line on stderr that says `pattern`, no stack trace. */
function expectOneLineError(run: CliRun, code: number, pattern: RegExp): void {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: code, stderr: expect.stringMatching(pattern) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^settings-guard: /);
  expectNoStackTrace(run);
}

function expectNoStackTrace(run: CliRun): void {
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at .+[(:]\d+/m);
  expect(run.stderr).not.toMatch(/internal error/);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);

function settings(key: string): string {
  return `SECRET_KEY = '${key}'\n`;
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; secret: { length: number } }[];
  skipped: { file: string; reason: string; detail?: string }[];
  stats: { filesScanned: number; filesSkipped: number };
  incomplete: boolean;
  incompleteReasons: string[];
}

/** In process: what needs a process of its own (a hang cut short, PATH, another user) calls cli. */
function inProcess(cwd: string, args: string[]): Promise<CliRun> {
  return runInProcess(cwd, args, { env: { CI: 'true' } });
}

const JSON_SCAN = ['scan', '--no-baseline', '--format', 'json'];

function reportOf(run: CliRun): { run: CliRun; report: JsonReport } {
  expectNoStackTrace(run);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

async function jsonScan(cwd: string, args: string[] = []): Promise<{ run: CliRun; report: JsonReport }> {
  return reportOf(await inProcess(cwd, [...JSON_SCAN, ...args]));
}


/**
 * A directory holding a `git` that runs the real one and then, once the first
 * `git ls-files` has answered, runs `script` (sh, in the repository): another
 * process changing the tree after the scan listed it and before it reads the
 * files, at a point the test fixes instead of a race it hopes to win.
 */
function gitThatChangesTheTreeAfterListing(script: string): string {
  const bin = makeTempDir('sg-bin-');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'after-listing.sh'), script);
  writeFileSync(
    join(bin, 'git'),
    [
      '#!/bin/sh',
      `'${realGit}' "$@"`,
      'status=$?',
      'case " $* " in',
      `  *" ls-files "*) [ -e '${bin}/done' ] || { : > '${bin}/done'; sh '${bin}/after-listing.sh' > /dev/null; } ;;`,
      'esac',
      'exit $status',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return bin;
}

describe('odd files in the scanned tree', () => {
  let repo: TempRepo;
  let server: Server | null = null;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = null;
    repo.cleanup();
  });

  it('skips an unreadable file, names it and still reports the other files (run as an unprivileged user)', () => {
    repo.write('settings.py', settings(randomKey()));
    repo.write('locked/settings.py', settings(randomKey()), 0o000);
    const run = runCliUnprivileged(repo.dir, ['scan', '--no-baseline', '--format', 'json']);
    chmodSync(repo.path('locked/settings.py'), 0o644);
    expectNoStackTrace(run);
    // The key it read fails the run; the file it could not read is named, and the scan is incomplete.
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.file)).toEqual(['settings.py']);
    expect(report.skipped).toEqual([expect.objectContaining({ file: 'locked/settings.py', reason: 'unreadable' })]);
    expect(report.incomplete).toBe(true);
  });

  it('counts dangling symlinks and symlink loops as unreadable, saying which, and never follows a link out of the root', async () => {
    const outside = makeTempDir('sg-outside-');
    writeFileSync(join(outside, 'settings.py'), settings(randomKey()));
    repo.write('app/settings.py', settings(randomKey()));
    symlinkSync('missing.py', repo.path('dangling.py'));
    symlinkSync('loop-b.py', repo.path('loop-a.py'));
    symlinkSync('loop-a.py', repo.path('loop-b.py'));
    symlinkSync(join(outside, 'settings.py'), repo.path('outside.py'));
    symlinkSync(outside, repo.path('outside-dir'));
    const { run, report } = await jsonScan(repo.dir);
    rmSync(outside, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => finding.file)).toEqual(['app/settings.py']);
    expect(report.skipped).toEqual([
      { file: 'dangling.py', reason: 'unreadable', detail: 'broken symbolic link' },
      { file: 'loop-a.py', reason: 'unreadable', detail: 'symbolic link loop' },
      { file: 'loop-b.py', reason: 'unreadable', detail: 'symbolic link loop' },
      { file: 'outside.py', reason: 'not-a-file', detail: 'symbolic link to outside the scanned directory' },
    ]);
    expect(report.stats.filesSkipped).toBe(4);
    expect(run.stderr).toContain('not scanned: dangling.py (unreadable: broken symbolic link)\n');
    expect(run.stderr).toContain('not scanned: loop-a.py (unreadable: symbolic link loop)\n');
  });

  it('never opens a FIFO or a socket, so the scan cannot hang on one, named or found', async () => {
    repo.write('settings.py', settings(randomKey()));
    execFileSync('mkfifo', [repo.path('fifo.py'), repo.path('.env')]);
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(repo.path('socket.py'), resolve));
    const walked = reportOf(cli(repo.dir, JSON_SCAN));
    expect(walked.run.status).toBe(1);
    expect(walked.report.findings.map((finding) => finding.file)).toEqual(['settings.py']);
    const named = cli(repo.dir, ['scan', '--no-baseline', 'fifo.py', '.env', 'socket.py']);
    expectNoStackTrace(named);
    expect(named.status).toBe(0);
    expect(named.stdout + named.stderr).toMatch(/3 skipped/);
  });

  it('reads a directory named *.py as a directory, an empty file as clean', async () => {
    repo.write('pkg.py/settings.py', settings(randomKey()));
    repo.write('empty.py', '');
    repo.write('.env', '');
    const { run, report } = await jsonScan(repo.dir);
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => finding.file)).toEqual(['pkg.py/settings.py']);
    expect((await inProcess(repo.dir, ['scan', '--no-baseline', 'empty.py'])).status).toBe(0);
  });

  it('searches huge files, reads text with stray NUL bytes, and skips and counts binary files', async () => {
    repo.write('big.py', `${settings(randomKey())}${'#'.repeat(4096)}\n`);
    repo.write('blob.py', Buffer.concat([Buffer.from(settings(randomKey())), Buffer.from([0, 1, 2, 0])]));
    repo.write('image.py', Buffer.concat([PNG_SIGNATURE, randomBytes(2048)]));
    const { run, report } = await jsonScan(repo.dir, ['--max-file-size', '1024']);
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => [finding.file, finding.line])).toEqual([['big.py', 1], ['blob.py', 1]]);
    expect(report.skipped).toEqual([{ file: 'image.py', reason: 'binary' }]);
    expect(report.incomplete).toBe(false);
    expect(run.stderr).toMatch(/1 skipped \(1 binary\)/);
  });

  it('finds keys in invalid UTF-8, latin-1 and mixed-encoding files without printing the bytes raw', async () => {
    const key = randomKey();
    repo.write('invalid.py', Buffer.concat([Buffer.from('# \xff\xfe\n', 'latin1'), Buffer.from(settings(key))]));
    repo.write('latin.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n# caf\xe9\n', 'latin1'), Buffer.from(settings(randomKey()))]));
    repo.write('mixed.py', Buffer.concat([Buffer.from('# caf\u00e9 \n', 'utf8'), Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(settings(randomKey()))]));
    const { run, report } = await jsonScan(repo.dir);
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => finding.file).sort()).toEqual(['invalid.py', 'latin.py', 'mixed.py']);
    expect(run.stdout).not.toContain(key);
  });

  it('handles file names with newlines and leading dashes, without breaking the one-line-per-finding text format', async () => {
    repo.write('-rf.py', settings(randomKey()));
    repo.write('new\nline.py', settings(randomKey()));
    const { run, report } = await jsonScan(repo.dir);
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => finding.file).sort()).toEqual(['-rf.py', 'new\nline.py']);
    const text = await inProcess(repo.dir, ['scan', '--no-baseline', '--', '-rf.py', 'new\nline.py']);
    expectNoStackTrace(text);
    expect(text.status).toBe(1);
    // Every finding's header line starts with its path: a newline in a name must not forge a line.
    expect(text.stdout.split('\n').filter((line) => /^line\.py:/.test(line))).toEqual([]);
    expect(text.stdout).toContain('new\\nline.py:1:14');
  });

  it('keeps --format github to one workflow command per annotation, whatever a file name holds', async () => {
    const names = ['new\nline.py', 'carriage\rreturn.py', 'comma, colon: and 100%.py', '%0A.py'];
    for (const name of names) repo.write(name, settings(randomKey()));
    const run = await inProcess(repo.dir, ['scan', '--no-baseline', '--format', 'github']);
    expectNoStackTrace(run);
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(names.length);
    // The runner splits properties on ',' and '=' and ends them at '::', then unescapes (actions/toolkit, command.ts).
    const unescape = (text: string) => text.replace(/%(25|0D|0A|3A|2C)/g, (_match, code: string) => String.fromCharCode(parseInt(code, 16)));
    const files = lines.map((line) => {
      const match = /^::error ((?:[a-zA-Z]+=[^,:\r\n]*)(?:,[a-zA-Z]+=[^,:\r\n]*)*)::[^\r\n]+$/.exec(line);
      expect(match).not.toBeNull();
      const properties = Object.fromEntries(match![1]!.split(',').map((pair) => pair.split('=') as [string, string]));
      expect(properties).toEqual(expect.objectContaining({ line: '1', col: '14', title: 'django-hardcoded-key' }));
      return unescape(properties.file!);
    });
    expect(files.sort()).toEqual([...names].sort());
  });

  it('scans a skip-worktree file that is on disk, and does not count one a sparse checkout leaves off it', async () => {
    repo.write('local_settings.py', settings(randomKey()));
    repo.write('elsewhere/settings.py', settings(randomKey()));
    repo.commitAll('two');
    // Kept on disk with local edits (a common use of the bit), and left off the disk (what sparse checkouts do).
    repo.git('update-index', '--skip-worktree', 'local_settings.py', 'elsewhere/settings.py');
    rmSync(repo.path('elsewhere'), { recursive: true });
    const { run, report } = await jsonScan(repo.dir);
    expect(run.status).toBe(1);
    expect(report.findings.map((finding) => finding.file)).toEqual(['local_settings.py']);
    expect(report.skipped).toEqual([]);
  });

  it('counts a file deleted after the listing as skipped, and reads a replaced or truncated one as it is now', () => {
    const before = randomKey();
    const after = randomKey(64);
    repo.write('settings.py', settings(randomKey()));
    repo.write('replaced.py', settings(before));
    repo.write('truncated.py', settings(randomKey()));
    repo.write('gone.py', settings(randomKey()));
    repo.write('now-a-fifo.py', settings(randomKey()));
    repo.write('now-too-big.py', settings(randomKey()));
    repo.write('deleted-before.py', settings(randomKey()));
    repo.commitAll('tracked');
    repo.write('untracked-gone.py', settings(randomKey()));
    // Deleted before the scan starts: git lists it as deleted, so it is not there to scan or to count.
    rmSync(repo.path('deleted-before.py'));
    const spare = makeTempDir('sg-spare-');
    writeFileSync(join(spare, 'replacement.py'), settings(after));
    writeFileSync(join(spare, 'big.py'), `${settings(randomKey())}${'#'.repeat(8192)}\n`);
    const bin = gitThatChangesTheTreeAfterListing(
      [
        `mv '${join(spare, 'replacement.py')}' replaced.py`,
        ': > truncated.py',
        'rm gone.py untracked-gone.py now-a-fifo.py',
        'mkfifo now-a-fifo.py',
        `mv '${join(spare, 'big.py')}' now-too-big.py`,
        '',
      ].join('\n'),
    );
    const run = cli(repo.dir, ['scan', '--no-baseline', '--format', 'json', '--max-file-size', '4096'], { PATH: `${bin}:${process.env.PATH}` });
    rmSync(bin, { recursive: true, force: true });
    rmSync(spare, { recursive: true, force: true });
    expectNoStackTrace(run);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.status).toBe(1);
    // The replacement, not the file that was listed: its key is 64 characters long.
    // The file grown past the limit is searched, its key found in its window.
    expect(report.findings.map((finding) => [finding.file, finding.secret.length])).toEqual([['now-too-big.py', 50], ['replaced.py', 64], ['settings.py', 50]]);
    expect(report.skipped).toEqual([
      { file: 'gone.py', reason: 'unreadable', detail: 'deleted during the scan' },
      { file: 'now-a-fifo.py', reason: 'not-a-file' },
      { file: 'untracked-gone.py', reason: 'unreadable', detail: 'deleted during the scan' },
    ]);
    // A file deleted while the scan ran holds no key any more: the scan is complete.
    expect(report.incomplete).toBe(false);
    expect(report.stats).toEqual(expect.objectContaining({ filesScanned: 4, filesSkipped: 3 }));
    expect(run.stderr).toContain('not scanned: gone.py (unreadable: deleted during the scan)\n');
    expect(run.stderr).toContain('not scanned: untracked-gone.py (unreadable: deleted during the scan)\n');
  });
});

// What the working-tree source calls once lstat has said "a regular file". Handing
// it a path that is something else by now is the swap after the lstat, made
// certain rather than raced for.
describe('a file swapped for something else after its lstat', () => {
  const LIMIT = 4096;
  let dir = '';
  beforeEach(() => {
    dir = makeTempDir('sg-swap-');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a FIFO without waiting for a writer, and skips it', () => {
    const fifo = join(dir, 'settings.py');
    execFileSync('mkfifo', [fifo]);
    // An open that waits for a writer gets one after 2 s, so such a bug fails the time check below instead of hanging the suite.
    const writer = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(process.argv[1], ${JSON.stringify(settings(randomKey()))}), 2000)`, fifo], { stdio: 'ignore' });
    try {
      const started = Date.now();
      const item = readRegularFile(fifo, 'settings.py', LIMIT);
      const elapsedMs = Date.now() - started;
      expect(item).toEqual({ kind: 'skipped', skipped: { file: 'settings.py', reason: 'not-a-file', detail: 'replaced by a FIFO during the scan' } });
      expect(elapsedMs).toBeLessThan(1000);
    } finally {
      writer.kill('SIGKILL');
    }
  }, 10_000);

  it.each<[string, (path: string) => void, { reason: string; detail: string | RegExp }]>([
    ['a directory', (path) => mkdirSync(path), { reason: 'not-a-file', detail: 'replaced by a directory during the scan' }],
    ['a symbolic link to a key', (path) => {
      writeFileSync(`${path}.target`, settings(randomKey()));
      symlinkSync(`${path}.target`, path);
    }, { reason: 'not-a-file', detail: 'replaced by a symbolic link during the scan' }],
    ['nothing (deleted)', () => undefined, { reason: 'unreadable', detail: 'deleted during the scan' }],
  ])('judges %s by the descriptor it opened', (_label, make, expected) => {
    const path = join(dir, 'settings.py');
    make(path);
    const item = readRegularFile(path, 'settings.py', LIMIT);
    expect(item).toEqual({ kind: 'skipped', skipped: { file: 'settings.py', reason: expected.reason, detail: expect.stringMatching(expected.detail) } });
  });

  it('reads a regular file whole', () => {
    const content = settings(randomKey());
    writeFileSync(join(dir, 'settings.py'), content);
    const item = readRegularFile(join(dir, 'settings.py'), 'settings.py', LIMIT);
    expect(item.kind === 'file' && item.file.content.toString('utf8')).toBe(content);
  });
});

describe('bad paths and flags', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = new TempRepo();
    repo.write('settings.py', settings(randomKey())).commitAll('key');
  });
  afterAll(() => repo.cleanup());

  it.each<[string, string[], RegExp]>([
    ['a path that does not exist', ['scan', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['a path with --staged', ['scan', '--staged', '/'], /takes no paths/],
    ['an unknown flag', ['scan', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['conflicting flags', ['scan', '--staged', '--history'], /cannot be combined/],
    ['a flag missing its value', ['scan', '--format'], /--format/],
    ['a bad flag value', ['scan', '--fail-on', 'sometimes'], /fail-on/],
    ['a bad history range', ['scan', '--history=-x'], /not a valid revision range/],
    ['a missing --config file', ['scan', '--config', 'nope.json'], /nope\.json/],
  ])('%s: exit 2, one line', async (_label, args, pattern) => {
    expectOneLineError(await inProcess(repo.dir, args), 2, pattern);
  });

  it('rejects a configuration with an unknown key, naming the file and the key', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, '.settings-guard.json'), '{ "failon": "warning" }\n');
    writeFileSync(join(dir, 'broken.json'), '{ "failOn": ');
    expectOneLineError(await inProcess(dir, ['scan']), 2, /\.settings-guard\.json: unknown setting "failon"/);
    expectOneLineError(await inProcess(dir, ['scan', '--config', 'broken.json']), 2, /broken\.json/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a 10 MB key-like setting name in one redacted line, exit 2 (redaction once overflowed the stack on it)', () => {
    const dir = makeTempDir();
    const name = 'aB3x'.repeat(2.5 * 1024 * 1024);
    writeFileSync(join(dir, '.settings-guard.json'), JSON.stringify({ [name]: 1 }));
    const run = cli(dir, ['scan']);
    rmSync(dir, { recursive: true, force: true });
    expectOneLineError(run, 2, /^settings-guard: \.settings-guard\.json: unknown setting "aB3x\*{8}"/);
  });
});

describe('odd git states', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  function repoWithKeyInHistory(): TempRepo {
    const repo = new TempRepo();
    made.push(repo.dir);
    repo.write('settings.py', settings(randomKey())).commitAll('one');
    repo.write('a.py', 'A = 1\n').commitAll('two');
    repo.write('b.py', 'B = 1\n').commitAll('three');
    return repo;
  }
  function clone(source: string, ...args: string[]): string {
    const dir = makeTempDir('sg-clone-');
    made.push(dir);
    execFileSync('git', ['clone', '-q', ...args, source, dir], { stdio: 'pipe' });
    return dir;
  }

  it('outside a repository: --staged and --history exit 2 with one line', async () => {
    const dir = makeTempDir();
    made.push(dir);
    expectOneLineError(await inProcess(dir, ['scan', '--staged']), 2, /not a git repository/);
    expectOneLineError(await inProcess(dir, ['scan', '--history']), 2, /not a git repository/);
  });

  it('with git missing from PATH: git modes say so; a directory scan still works', () => {
    const repo = repoWithKeyInHistory();
    const bin = makeTempDir('sg-bin-');
    made.push(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    expectOneLineError(cli(repo.dir, ['scan', '--staged'], { PATH: bin }), 2, /git is not installed or not on PATH/);
    expectOneLineError(cli(repo.dir, ['scan', '--history'], { PATH: bin }), 2, /git is not installed or not on PATH/);
    const plain = cli(repo.dir, ['scan', '--no-baseline'], { PATH: bin });
    expectNoStackTrace(plain);
    expect(plain.status).toBe(1);
  });

  it('a bare repository: history is scanned, --staged explains there is no work tree', async () => {
    const bare = clone(repoWithKeyInHistory().dir, '--bare');
    expect((await inProcess(bare, ['scan', '--history', '--no-baseline'])).status).toBe(1);
    expectOneLineError(await inProcess(bare, ['scan', '--staged']), 2, /work tree/);
  });

  it('an empty repository: every mode is clean', async () => {
    const repo = new TempRepo();
    made.push(repo.dir);
    for (const args of [['scan', '--staged'], ['scan', '--history'], ['scan']]) {
      const run = await inProcess(repo.dir, [...args, '--no-baseline']);
      expectNoStackTrace(run);
      expect(run.status).toBe(0);
    }
  });

  it('a shallow clone: a clean history scan exits 3 and says the scan is incomplete', async () => {
    const source = new TempRepo();
    made.push(source.dir);
    source.write('settings.py', settings(randomKey())).commitAll('key');
    source.write('settings.py', "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n").commitAll('fixed');
    const shallow = clone(`file://${source.dir}`, '--depth', '1');
    const run = await inProcess(shallow, ['scan', '--history', '--no-baseline']);
    expectNoStackTrace(run);
    expect(run.status).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/shallow|incomplete/i);
  });

  /** The blobs `dir`'s commits name that its object store lacks, listed without fetching any (rev-list --missing=print). */
  function missingBlobs(dir: string): string[] {
    const listing = execFileSync('git', ['rev-list', '--objects', '--missing=print', '--all'], { cwd: dir, encoding: 'utf8' });
    return listing.split('\n').filter((line) => line.startsWith('?')).map((line) => line.slice(1)).sort();
  }

  /** A blobless clone of `source` whose remote is then gone, scanned over its whole history: incomplete, exit 3. */
  async function scanOrphanedPartialClone(source: TempRepo, ...cloneArgs: string[]): Promise<{ run: CliRun; report: JsonReport }> {
    source.git('config', 'uploadpack.allowFilter', 'true');
    const partial = clone(`file://${source.dir}`, '--filter=blob:none', ...cloneArgs);
    renameSync(source.dir, `${source.dir}-gone`);
    made.push(`${source.dir}-gone`);
    const run = await inProcess(partial, ['scan', '--history', '--no-baseline', '--format', 'json']);
    expectNoStackTrace(run);
    expect(run.status).toBe(3);
    return { run, report: JSON.parse(run.stdout) as JsonReport };
  }

  it('a partial clone missing every blob its remote cannot supply: each is named, exit 3, not an internal error', async () => {
    const { run, report } = await scanOrphanedPartialClone(repoWithKeyInHistory(), '--no-checkout');
    expect(report.skipped.map((skip) => [skip.file, skip.reason])).toEqual([['settings.py', 'missing-object'], ['a.py', 'missing-object'], ['b.py', 'missing-object']]);
    expect(report.incompleteReasons).toEqual(['3 blob(s) are not in this partial clone and were not scanned (fetch them, or clone without --filter)']);
    expect(run.stderr).toMatch(/^scan incomplete: 3 blob\(s\) are not in this partial clone/m);
  });

  it('a partial clone: one missing blob at two paths is counted once, with its paths', async () => {
    const source = new TempRepo();
    made.push(source.dir);
    const copy = settings(randomKey());
    source.write('one/settings.py', copy).write('two/settings.py', copy).commitAll('the same file twice');
    source.write('one/settings.py', 'A = 1\n').write('two/settings.py', 'B = 1\n').commitAll('HEAD');
    const { report } = await scanOrphanedPartialClone(source);
    expect(report.skipped.map((skip) => skip.file)).toEqual(['one/settings.py', 'two/settings.py']);
    expect(report.incompleteReasons).toEqual(['1 blob(s) (at 2 paths) are not in this partial clone and were not scanned (fetch them, or clone without --filter)']);
  });

  it('a partial clone: the blobs it has are all scanned, each missing one is skipped and named, and nothing is fetched', async () => {
    const source = new TempRepo();
    made.push(source.dir);
    source.write('old_settings.py', settings(randomKey())).commitAll('a key, fetched into the clone on purpose below');
    source.write('a.py', settings(randomKey())).commitAll('a key the clone lacks');
    source.write('b.py', settings(randomKey())).commitAll('another');
    source.write('old_settings.py', 'X = 1\n').write('a.py', 'A = 1\n').write('b.py', 'B = 1\n').write('settings.py', settings(randomKey())).commitAll('HEAD');
    source.git('config', 'uploadpack.allowFilter', 'true');
    // The checkout fetches HEAD's blobs; `git show` of an old file fetches that one too.
    const partial = clone(`file://${source.dir}`, '--filter=blob:none');
    execFileSync('git', ['show', 'HEAD~3:old_settings.py'], { cwd: partial, stdio: 'ignore' });
    const lacking = missingBlobs(partial);
    expect(lacking).toHaveLength(2);

    // With the remote still there, the scan leaves the clone as it is: it fetches nothing.
    const reachable = await inProcess(partial, ['scan', '--history', '--no-baseline', '--format', 'json']);
    expect(missingBlobs(partial)).toEqual(lacking);
    renameSync(source.dir, `${source.dir}-gone`);
    made.push(`${source.dir}-gone`);
    const unreachable = await inProcess(partial, ['scan', '--history', '--no-baseline', '--format', 'json']);

    for (const run of [reachable, unreachable]) {
      expectNoStackTrace(run);
      // Findings fail the scan (exit 1) before incompleteness (3) does.
      expect(run.status).toBe(1);
      const report = JSON.parse(run.stdout) as JsonReport;
      // The key in the old commit the clone has, and the one at HEAD: a missing blob before them stopped nothing.
      expect(report.findings.map((finding) => finding.file)).toEqual(['old_settings.py', 'settings.py']);
      expect(report.skipped).toEqual([
        { file: 'a.py', reason: 'missing-object', detail: expect.stringMatching(/^[0-9a-f]{40} in [0-9a-f]{40}$/), couldHoldKey: true },
        { file: 'b.py', reason: 'missing-object', detail: expect.stringMatching(/^[0-9a-f]{40} in [0-9a-f]{40}$/), couldHoldKey: true },
      ]);
      expect(report.skipped.map((skip) => skip.detail!.slice(0, 40)).sort()).toEqual(lacking);
      expect(report.incomplete).toBe(true);
      expect(report.incompleteReasons).toEqual([expect.stringMatching(/^2 blob\(s\) are not in this partial clone/)]);
      expect(run.stderr).toMatch(/^not scanned: a\.py \(missing-object: /m);
      expect(run.stderr).toMatch(/^not scanned: b\.py \(missing-object: /m);
    }
  });

  it('a corrupt object: the history scan is incomplete (exit 3), with no stack trace', async () => {
    const repo = repoWithKeyInHistory();
    const blob = repo.git('rev-parse', 'HEAD~1:a.py').trim();
    const objectPath = repo.path(`.git/objects/${blob.slice(0, 2)}/${blob.slice(2)}`);
    chmodSync(objectPath, 0o644);
    writeFileSync(objectPath, 'not a zlib stream');
    const run = await inProcess(repo.dir, ['scan', '--history', '--no-baseline']);
    expectNoStackTrace(run);
    expect([1, 3]).toContain(run.status);
    expect(run.stdout + run.stderr).toMatch(/incomplete|could not be read|damaged/i);
  });

  it('a detached HEAD: staged and history scans work', async () => {
    const repo = repoWithKeyInHistory();
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    expect((await inProcess(repo.dir, ['scan', '--staged', '--no-baseline'])).status).toBe(0);
    expect((await inProcess(repo.dir, ['scan', '--history', '--no-baseline'])).status).toBe(1);
  });

  it('an in-progress merge with a conflict and an in-progress rebase: staged scans still answer', async () => {
    for (const operation of ['merge', 'rebase'] as const) {
      const repo = repoWithKeyInHistory();
      repo.git('checkout', '-q', '-b', 'other');
      repo.write('b.py', 'B = 2\n').commitAll('other');
      repo.git('checkout', '-q', 'main');
      repo.write('b.py', 'B = 3\n').commitAll('main');
      if (operation === 'rebase') repo.git('checkout', '-q', 'other');
      const started = repo.tryGit(operation, operation === 'merge' ? 'other' : 'main');
      expect(started.status).not.toBe(0);
      const run = await inProcess(repo.dir, ['scan', '--staged', '--no-baseline']);
      expectNoStackTrace(run);
      expect(run.status).toBe(0);
      const history = await inProcess(repo.dir, ['scan', '--history', '--no-baseline']);
      expectNoStackTrace(history);
      expect(history.status).toBe(1);
    }
  });

  it('reads the key-bearing file of a merge conflict from the index stages without crashing', async () => {
    const repo = repoWithKeyInHistory();
    repo.git('checkout', '-q', '-b', 'other');
    repo.write('settings.py', settings(randomKey())).commitAll('other key');
    repo.git('checkout', '-q', 'main');
    repo.write('settings.py', settings(randomKey())).commitAll('main key');
    expect(repo.tryGit('merge', 'other').status).not.toBe(0);
    const run = await inProcess(repo.dir, ['scan', '--staged', '--no-baseline', '--format', 'json']);
    expectNoStackTrace(run);
    expect([0, 1, 3]).toContain(run.status);
    expect(readFileSync(repo.path('settings.py'), 'utf8')).toMatch(/^<<<<<<< /m);
  });
});
