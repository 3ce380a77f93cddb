// Nothing a commit adds passes unread: every file of a kind settings-guard
// reads is analysed, wherever it lives, however it is encoded and however
// large it is; one that could hold a key and was not read makes the scan
// incomplete (exit 3) in every mode, and every format names it.
// In process, except where a process is the point: peak memory under
// /usr/bin/time, and reading as `nobody`.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import { runInProcess } from '../helpers/in-process';
import { CLI_PATH, randomKey, runCliUnprivileged, tempRepos, type CliRun, type TempRepo } from '../helpers/temp-repo';

const newRepo = tempRepos();

const MODES: [string, string[]][] = [
  ['scan --staged', ['--staged']],
  ['scan', []],
  ['scan --history', ['--history']],
];

interface JsonReport {
  findings: { file: string; line: number; column: number; ruleId: string; secret: { masked: string } }[];
  skipped: { file: string; reason: string; detail?: string; couldHoldKey?: boolean }[];
  incomplete: boolean;
  incompleteReasons: string[];
}

async function jsonScan(repo: TempRepo, args: string[]): Promise<{ run: CliRun; report: JsonReport }> {
  const run = await runInProcess(repo.dir, ['scan', '--no-baseline', '--format', 'json', ...args]);
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

/** Stages every file, scans the index, then commits and scans the tree and the history: each mode sees the same files. */
async function scanEveryMode(repo: TempRepo, extra: string[] = []): Promise<Map<string, { run: CliRun; report: JsonReport }>> {
  repo.stage();
  const results = new Map<string, { run: CliRun; report: JsonReport }>();
  results.set('scan --staged', await jsonScan(repo, ['--staged', ...extra]));
  repo.commit('add files');
  results.set('scan', await jsonScan(repo, extra));
  results.set('scan --history', await jsonScan(repo, ['--history', ...extra]));
  return results;
}

function locations(report: JsonReport): string[] {
  return report.findings.map((finding) => `${finding.file}:${finding.line}`);
}

const settingsLine = (key: string): string => `SECRET_KEY = '${key}'\n`;

describe('files over the size limit are searched, never passed over', () => {
  it('finds the key on the first line of a 2.1 MB settings module, and one deep inside it, at their real lines', async () => {
    const repo = newRepo();
    const padding = '# a settings module padded past the size limit\n'.repeat(46_000);
    repo.write('app/settings.py', `${settingsLine(randomKey())}${padding}DEBUG = False\n${settingsLine(randomKey())}${padding}`);
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, locations(report)]).toEqual([mode, 1, ['app/settings.py:1', 'app/settings.py:46003']]);
      expect([mode, report.skipped, report.incomplete]).toEqual([mode, [], false]);
    }
  });

  it('reads a 50 MB file a chunk at a time: the key found, the memory bounded', async () => {
    const repo = newRepo();
    const fd = openSync(repo.path('settings.py'), 'w');
    const block = '# padding line of a settings module that is far too large\n'.repeat(18_000);
    for (let i = 0; i < 48; i++) writeSync(fd, i === 24 ? `${block}${settingsLine(randomKey())}` : block);
    closeSync(fd);
    repo.stage();
    const timed = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI_PATH, 'scan', '--staged', '--no-baseline', '--format', 'json'], {
      cwd: repo.dir,
      encoding: 'utf8',
    });
    expect(timed.status).toBe(1);
    expect(locations(JSON.parse(timed.stdout) as JsonReport)).toEqual([`settings.py:${25 * 18_000 + 1}`]);
    const peakKilobytes = Number(timed.stderr.trim().split('\n').pop());
    expect(peakKilobytes).toBeLessThan(200 * 1024);
  }, 60_000);

  it('never counts a large file that names no secret setting', async () => {
    const repo = newRepo();
    repo.write('data/fixtures.py', `ROWS = [\n${'    ("a row of data", 1),\n'.repeat(100_000)}]\n`);
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, report.findings, report.skipped]).toEqual([mode, 0, [], []]);
    }
  });

  it('says so when the limit is set low, and finds the key all the same', async () => {
    const repo = newRepo();
    repo.write('settings.py', `${'# padding\n'.repeat(300)}${settingsLine(randomKey())}`);
    for (const [mode, { run, report }] of await scanEveryMode(repo, ['--max-file-size', '1024'])) {
      expect([mode, run.status, locations(report)]).toEqual([mode, 1, ['settings.py:301']]);
    }
  });
});

describe('text is decoded as its consumer decodes it', () => {
  it('reads a .env whose first line holds a NUL byte, and a JS file with a NUL in a comment', async () => {
    const repo = newRepo();
    repo.write('.env', `# \0 note\nSECRET_KEY=${randomKey()}\n`);
    repo.write('server.js', `// build \0 marker\nconst session = require('express-session');\napp.use(session({ secret: '${randomKey()}' }));\n`);
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, locations(report)]).toEqual([mode, 1, ['.env:2', 'server.js:3']]);
    }
  });

  it('keeps a real binary under a name it reads binary, and does not count it as unread', async () => {
    const repo = newRepo();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex');
    repo.write('static/logo.py', Buffer.concat([png, Buffer.from(settingsLine(randomKey())), png]));
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, report.findings, report.skipped.map((skip) => skip.reason), report.incomplete]).toEqual([mode, 0, [], ['binary'], false]);
    }
  });

  it.each<[string, (text: string) => Buffer]>([
    ['UTF-16LE', (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16BE', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['UTF-32LE', (text) => utf32(text, true)],
    ['UTF-32BE', (text) => utf32(text, false)],
  ])('reads a %s .env with its byte order mark, as PowerShell writes it', async (_encoding, encode) => {
    const repo = newRepo();
    repo.write('deploy/.env', encode(`DEBUG=0\r\nSECRET_KEY=${randomKey()}\r\n`));
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, locations(report)]).toEqual([mode, 1, ['deploy/.env:2']]);
    }
  });
});

function utf32(text: string, littleEndian: boolean): Buffer {
  const points = [0xfeff, ...Array.from(text, (char) => char.codePointAt(0)!)];
  const bytes = Buffer.alloc(points.length * 4);
  points.forEach((point, i) => (littleEndian ? bytes.writeUInt32LE(point, i * 4) : bytes.writeUInt32BE(point, i * 4)));
  return bytes;
}

describe('what git tracks is read wherever it lives', () => {
  it.each([['lambda/site-packages/app/settings.py'], ['node_modules/app/.env'], ['.tox/py312/settings.py'], ['app/__pycache__/settings.py'], ['.mypy_cache/settings.py']])(
    'reads %s when a commit adds it',
    async (path) => {
      const repo = newRepo();
      repo.write(path, path.endsWith('.env') ? `SECRET_KEY=${randomKey()}\n` : settingsLine(randomKey()));
      repo.git('add', '--force', '--', path);
      for (const [mode, { run, report }] of await scanEveryMode(repo)) {
        expect([mode, run.status, locations(report)]).toEqual([mode, 1, [`${path}:1`]]);
      }
    },
  );

  it('still keeps untracked installed code and virtualenvs out of a working-tree scan, and a configured exclude keeps a tracked path out', async () => {
    const repo = newRepo();
    repo.write('node_modules/pkg/settings.py', settingsLine(randomKey()));
    repo.write('venv/pyvenv.cfg', 'home = /usr/bin\n').write('venv/lib/site/settings.py', settingsLine(randomKey()));
    expect((await jsonScan(repo, [])).report.findings).toEqual([]);
    repo.write('vendor/lambda/settings.py', settingsLine(randomKey()));
    repo.write('.settings-guard.json', JSON.stringify({ exclude: ['vendor/**'] }));
    repo.git('add', '--', 'vendor', '.settings-guard.json');
    for (const args of [['--staged'], []]) expect((await jsonScan(repo, args)).run.status).toBe(0);
  });
});

describe('generated JavaScript is read', () => {
  it.each([
    ['dist/server.js', (key: string) => `const session=require('express-session');app.use(session({ secret: '${key}' }));\n`],
    ['config.prod.js', (key: string) => `const session = require('express-session');\nmodule.exports = session({ secret: '${key}' });\n`],
    ['public/app.js', (key: string) => `${'var a=1;'.repeat(200)}const session=require('express-session');app.use(session({secret:'${key}'}));\n`],
  ])('finds the key in %s', async (path, source) => {
    const repo = newRepo();
    repo.write(path, source(randomKey()));
    for (const [mode, { run, report }] of await scanEveryMode(repo)) {
      expect([mode, run.status, report.findings.map((finding) => finding.file)]).toEqual([mode, 1, [path]]);
    }
  });
});

describe('a large generated bundle is read around each mention, in every mode', () => {
  // Over the size limit too: the large file's window is cut into pieces the same way.
  it.each([['within the size limit', []], ['over it', ['--max-file-size', '100000']]])(
    'finds a key set mid-line in a 300 KB minified bundle, %s, at its line and column, in the version that adds it',
    async (_label, limit) => {
      const repo = newRepo();
      const code = (count: number): string => Array.from({ length: count }, (_, i) => `function f${i}(e,t){return e.size?t(e):Object.entries(e)}`).join('');
      const before = `"use strict";${code(3000)};`;
      repo.write('static/dist/app.js', `${before}${code(3000)}\n`).commitAll('bundle');
      const planted = `var session=require("express-session");function boot(app){app.use(session({secret:"${randomKey()}"}));return app}`;
      repo.write('static/dist/app.js', `${before}${planted}${code(3000)}\n`);
      const column = before.length + planted.indexOf('secret:"') + 'secret:"'.length;
      for (const [mode, { run, report }] of await scanEveryMode(repo, limit)) {
        expect([mode, run.status, report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}`)]).toEqual([
          mode,
          1,
          [`static/dist/app.js:1:${column}`],
        ]);
      }
    },
  );
});

function cliWithoutPrivileges(repo: TempRepo, args: string[]): CliRun {
  return runCliUnprivileged(repo.dir, args);
}

describe('a file that could hold a key and was not read makes the scan incomplete', () => {
  it('names an unreadable tracked file in every format and exits 3', async () => {
    const repo = newRepo();
    repo.write('settings.py', "SECRET_KEY = __import__('os').environ['DJANGO_SECRET_KEY']\n");
    repo.write('config/local_settings.py', settingsLine(randomKey()));
    repo.commitAll('settings');
    chmodSync(repo.path('config/local_settings.py'), 0o000);

    const text = cliWithoutPrivileges(repo, ['scan', '--no-baseline']);
    expect(text.status).toBe(3);
    expect(text.stdout).toMatch(/^not scanned: config\/local_settings\.py \(unreadable: EACCES\)$/m);
    expect(text.stdout).toMatch(/^scan incomplete: config\/local_settings\.py could hold a secret key and was not read in full \(unreadable\)$/m);

    const json = JSON.parse(cliWithoutPrivileges(repo, ['scan', '--no-baseline', '--format', 'json']).stdout) as JsonReport;
    expect(json.skipped).toEqual([{ file: 'config/local_settings.py', reason: 'unreadable', detail: 'EACCES', couldHoldKey: true }]);
    expect(json.incomplete).toBe(true);
    expect(json.incompleteReasons).toHaveLength(1);

    const sarif = JSON.parse(cliWithoutPrivileges(repo, ['scan', '--no-baseline', '--format', 'sarif']).stdout);
    const [invocation] = sarif.runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toContainEqual(
      expect.objectContaining({ level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'config/local_settings.py', uriBaseId: '%SRCROOT%' } } }] }),
    );

    const github = cliWithoutPrivileges(repo, ['scan', '--no-baseline', '--format', 'github']);
    expect(github.status).toBe(3);
    expect(github.stdout).toMatch(/^::warning file=config\/local_settings\.py,title=settings-guard%3A not scanned::not read in full, and it could hold a secret key \(unreadable: EACCES\)$/m);
  });

  it.each([
    ['inside a git work tree (git says why)', true, 'Permission denied'],
    ['outside one (fast-glob lists the files)', false, 'EACCES'],
  ])('names a directory it cannot list and exits 3, %s', async (_where, init, reason) => {
    const repo = newRepo({ init });
    repo.write('settings.py', "SECRET_KEY = __import__('os').environ['DJANGO_SECRET_KEY']\n");
    if (init) repo.commitAll('settings');
    repo.write('private/settings.py', settingsLine(randomKey()));
    chmodSync(repo.path('private'), 0o000);
    const run = cliWithoutPrivileges(repo, ['scan', '--no-baseline', '--format', 'json']);
    chmodSync(repo.path('private'), 0o755);
    expect(run.status).toBe(3);
    expect((JSON.parse(run.stdout) as JsonReport).skipped).toEqual([
      { file: 'private/', reason: 'unreadable', detail: `directory cannot be listed: ${reason}`, couldHoldKey: true },
    ]);
  });

  it('blocks a commit whose staged blob is missing, with one line of reason and the way out', async () => {
    const repo = newRepo();
    repo.git('update-index', '--add', '--info-only', '--cacheinfo', `100644,${'0123456789'.repeat(4)},settings.py`);
    const run = await runInProcess(repo.dir, ['scan', '--staged', '--no-baseline']);
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^not scanned: settings\.py \(missing-object: 0123456789/m);
    expect(run.stdout).toMatch(/^Commit blocked: 1 staged file that could hold a secret key could not be read in full \(named above\)\.$/m);
    expect(run.stdout).toMatch(/`exclude` it in the settings-guard configuration.*`git commit --no-verify`/);
  });

  it('still exits 1 when findings fail beside a blob it could not read', async () => {
    const repo = newRepo();
    repo.write('settings.py', settingsLine(randomKey()));
    repo.git('add', 'settings.py');
    repo.git('update-index', '--add', '--info-only', '--cacheinfo', `100644,${'0123456789'.repeat(4)},local_settings.py`);
    expect((await runInProcess(repo.dir, ['scan', '--staged', '--no-baseline'])).status).toBe(1);
  });
});
