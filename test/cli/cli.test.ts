// Help, usage errors, exit codes, the commands that do not depend on a
// scan's findings: in process, and the exit codes and streams once more
// through the built executable, as a shell sees them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/options';
import { runInProcess } from '../helpers/in-process';
import { insecureKey } from '../helpers/temp-repo';
import { cliPath, projectRoot, runCli, tempDir } from './helpers';

const cli = (args: string[], cwd = projectRoot) => runInProcess(cwd, args);

const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

async function expectUsageError(args: string[], pattern: RegExp): Promise<void> {
  const run = await cli(args);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^settings-guard: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

describe('help', () => {
  it('documents every command, every option, every exit code and gives examples', async () => {
    const run = await cli(['--help']);
    expect(run.status).toBe(0);
    for (const command of COMMANDS) {
      expect(run.stdout).toContain(`  ${command.name}`);
      for (const option of command.options) expect(run.stdout).toContain(`--${option.name}`);
    }
    for (const code of ['0', '1', '2', '3']) expect(run.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('settings-guard scan --staged');
  });

  it('prints the same command help for `help scan` and `scan --help`', async () => {
    const a = await cli(['help', 'scan']);
    const b = await cli(['scan', '--help']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^Usage: settings-guard scan \[PATH\.\.\.\]/);
    expect(a.stdout).toContain('Exit codes:');
  });

  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('shows the help on stderr and exits 2 without a command', async () => {
    const run = await cli([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: settings-guard <command>');
  });
});

describe('usage errors: exit 2, one line on stderr pointing at --help, no stack', () => {
  it.each([
    [['scan', '--bogus'], /unknown option '--bogus' for 'scan'.*scan --help/],
    [['scan', '-x'], /unknown option '-x'/],
    [['--staged'], /options go after the command/],
    [['scna'], /unknown command 'scna'.*--help/],
    [['scan', '--format'], /option '--format' needs a value/],
    [['scan', '--format', '--staged'], /option '--format' needs a value/],
    [['scan', '--format', 'xml'], /invalid value 'xml' for --format: expected one of text, json, sarif, github/],
    [['scan', '--fail-on', 'critical'], /--fail-on: expected one of error, warning, note/],
    [['scan', '--max-file-size', '-5'], /--max-file-size/],
    [['scan', '--max-file-size', '1e6'], /invalid value '1e6' for --max-file-size/],
    [['scan', '--staged', '--history'], /--staged and --history cannot be combined/],
    [['scan', '--staged', 'src'], /--staged .* takes no paths/],
    [['scan', '--staged', '--since', 'main'], /--staged and --since cannot be combined/],
    [['scan', '--history', 'a..b', 'c..d'], /at most one revision range/],
    [['scan', '--since', 'main', '--history=a..b'], /--since and a revision range cannot be combined/],
    [['scan', '--staged=yes'], /'--staged' takes no value/],
    [['generate-key', '--length', '12'], /--length: expected a whole number from 50/],
    [['generate-key', 'extra'], /'generate-key' takes no argument 'extra'/],
    [['explain'], /'explain' needs a rule id/],
    [['generate-key', '--env-var', 'MY KEY'], /invalid value 'MY KEY' for --env-var/],
    [['fix', '--env-var', 'A=B'], /invalid value 'A=B' for --env-var/],
    [['explain', 'no-such-rule'], /unknown rule 'no-such-rule'.*settings-guard rules/],
    [['explain', 'a', 'b'], /too many arguments for 'explain'/],
    [['help', 'nothing'], /no help for 'nothing'/],
  ])('%j', (args, pattern) => expectUsageError(args, pattern));
});

describe('generate-key', () => {
  it("prints 50 characters from Django's alphabet", async () => {
    const run = await cli(['generate-key']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[a-z0-9!@#$%^&*(\-_=+)]{50}\n$/);
  });

  it('prints a fresh key each time, of the asked length, as an env line with --env', async () => {
    expect((await cli(['generate-key'])).stdout).not.toBe((await cli(['generate-key'])).stdout);
    expect((await cli(['generate-key', '--length', '64'])).stdout.trimEnd()).toHaveLength(64);
    expect((await cli(['generate-key', '--env'])).stdout).toMatch(/^DJANGO_SECRET_KEY='[a-z0-9!@#$%^&*(\-_=+)]{50}'\n$/);
    expect((await cli(['generate-key', '--env-var', 'SECRET_KEY'])).stdout).toMatch(/^SECRET_KEY='/);
  });
});

describe('rules', () => {
  it('lists the catalog (or says it is empty) and exits 0', async () => {
    const run = await cli(['rules']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^(RULE +SEVERITY +FIXABLE +SUMMARY\n|No rules are registered\.\n$)/);
  });
});

describe('scan', () => {
  it('exits 0 on a directory without secrets, with one JSON object on stdout and a summary on stderr', async () => {
    const dir = tempDir();
    try {
      const run = await cli(['scan', '--format', 'json', '.'], dir);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ version, mode: 'directory', findings: [], incomplete: false });
      expect(run.stderr).toMatch(/no secret keys found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a file given on the command line that it does not read, and why', async () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'ENV.md'), 'SECRET_KEY=see the team vault\n');
      mkdirSync(join(dir, 'legacy'));
      writeFileSync(join(dir, 'legacy', 'settings.py'), 'DEBUG = True\n');
      const run = await cli(['scan', 'ENV.md', 'legacy/settings.py', 'legacy', '--exclude', 'legacy/**'], dir);
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'not scanned: ENV.md (unsupported-type: not a kind of file settings-guard reads)',
        'not scanned: legacy/settings.py (excluded: by --include, --exclude or the configuration)',
      ]);
      expect(lines[2]).toBe('no file selected: --include, --exclude or the configuration left out each of the 1 file settings-guard would read here');
      expect(lines[3]).toMatch(/^no secret keys found · 0 files scanned, 2 skipped \(1 excluded, 1 unsupported-type\)/);
      const json = JSON.parse((await cli(['scan', 'ENV.md', '--format', 'json'], dir)).stdout);
      expect(json.skipped).toEqual([{ file: 'ENV.md', reason: 'unsupported-type', detail: 'not a kind of file settings-guard reads' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the report to --output and still prints the summary on stderr', async () => {
    const dir = tempDir();
    try {
      const run = await cli(['scan', '--format', 'sarif', '--output', 'reports/out.sarif'], dir);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      expect(JSON.parse(readFileSync(join(dir, 'reports', 'out.sarif'), 'utf8')).version).toBe('2.1.0');
      expect(run.stderr).toMatch(/files? scanned/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unwritable --output file on one line, exit 2', async () => {
    const dir = tempDir();
    try {
      const run = await cli(['scan', '--output', '/dev/null/report.txt'], dir);
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("settings-guard: cannot write the report to '/dev/null/report.txt': a parent of it is not a directory\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built executable, as a shell sees it', () => {
  it('stops writing to a reader that goes away (scan | head -n 1), keeping its exit code, with no stack trace', () => {
    const dir = tempDir();
    try {
      // Some 170 KB of report, well past a pipe's buffer: writes go on after head has gone.
      for (let i = 0; i < 300; i++) writeFileSync(join(dir, `settings_${i}.py`), `SECRET_KEY = '${insecureKey()}'\n`);
      const pipeline = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" scan . | head -n 1 > /dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
      expect({ exit: pipeline.stdout, stderr: pipeline.stderr }).toEqual({ exit: '1\n', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 0 with the version on stdout and nothing on stderr', () => {
    expect(runCli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 with one line on stderr for a usage error, and 2 with the help without a command', () => {
    expect(runCli(['scan', '--bogus'])).toEqual({ status: 2, stdout: '', stderr: expect.stringMatching(/^settings-guard: unknown option '--bogus' for 'scan'[^\n]*\n$/) });
    expect(runCli([])).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('Usage: settings-guard <command>') });
  });

  it('exits 1 on a key, the JSON report on stdout and the summary on stderr; 0 on a clean directory', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'settings.py'), `SECRET_KEY = '${insecureKey()}'\n`);
      const found = runCli(['scan', '--format', 'json'], { cwd: dir });
      expect([found.status, JSON.parse(found.stdout).findings.length]).toEqual([1, 1]);
      expect(found.stderr).toMatch(/1 error/);
      rmSync(join(dir, 'settings.py'));
      expect(runCli(['scan'], { cwd: dir })).toMatchObject({ status: 0, stdout: expect.stringMatching(/^no secret keys found/), stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
