// The built CLI as a subprocess: help, usage errors, exit codes, the
// commands that do not depend on a scan's findings.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/options';
import { projectRoot, runCli, tempDir } from './helpers';

const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version;

function expectUsageError(args: string[], pattern: RegExp): void {
  const run = runCli(args);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^settings-guard: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

describe('help', () => {
  it('documents every command, every option, every exit code and gives examples', () => {
    const run = runCli(['--help']);
    expect(run.status).toBe(0);
    for (const command of COMMANDS) {
      expect(run.stdout).toContain(`  ${command.name}`);
      for (const option of command.options) expect(run.stdout).toContain(`--${option.name}`);
    }
    for (const code of ['0', '1', '2', '3']) expect(run.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('settings-guard scan --staged');
  });

  it('prints the same command help for `help scan` and `scan --help`', () => {
    const a = runCli(['help', 'scan']);
    const b = runCli(['scan', '--help']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^Usage: settings-guard scan \[PATH\.\.\.\]/);
    expect(a.stdout).toContain('Exit codes:');
  });

  it('prints the version', () => {
    expect(runCli(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('shows the help on stderr and exits 2 without a command', () => {
    const run = runCli([]);
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
  it("prints 50 characters from Django's alphabet", () => {
    const run = runCli(['generate-key']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[a-z0-9!@#$%^&*(\-_=+)]{50}\n$/);
  });

  it('prints a fresh key each time, of the asked length, as an env line with --env', () => {
    expect(runCli(['generate-key']).stdout).not.toBe(runCli(['generate-key']).stdout);
    expect(runCli(['generate-key', '--length', '64']).stdout.trimEnd()).toHaveLength(64);
    expect(runCli(['generate-key', '--env']).stdout).toMatch(/^DJANGO_SECRET_KEY='[a-z0-9!@#$%^&*(\-_=+)]{50}'\n$/);
    expect(runCli(['generate-key', '--env-var', 'SECRET_KEY']).stdout).toMatch(/^SECRET_KEY='/);
  });
});

describe('rules', () => {
  it('lists the catalog (or says it is empty) and exits 0', () => {
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^(RULE +SEVERITY +FIXABLE +SUMMARY\n|No rules are registered\.\n$)/);
  });
});

describe('scan', () => {
  it('exits 0 on a directory without secrets, with one JSON object on stdout and a summary on stderr', () => {
    const dir = tempDir();
    try {
      const run = runCli(['scan', '--format', 'json', '.'], { cwd: dir });
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ version, mode: 'directory', findings: [], incomplete: false });
      expect(run.stderr).toMatch(/no secret keys found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a file given on the command line that it does not read, and why', () => {
    const dir = tempDir();
    try {
      writeFileSync(join(dir, 'ENV.md'), 'SECRET_KEY=see the team vault\n');
      mkdirSync(join(dir, 'legacy'));
      writeFileSync(join(dir, 'legacy', 'settings.py'), 'DEBUG = True\n');
      const run = runCli(['scan', 'ENV.md', 'legacy/settings.py', 'legacy', '--exclude', 'legacy/**'], { cwd: dir });
      expect(run.status).toBe(0);
      const lines = run.stdout.split('\n');
      expect(lines.slice(0, 2)).toEqual([
        'not scanned: ENV.md (unsupported-type: not a kind of file settings-guard reads)',
        'not scanned: legacy/settings.py (excluded: by --include, --exclude or the configuration)',
      ]);
      expect(lines[2]).toBe('no file selected: --include, --exclude or the configuration left out each of the 1 file settings-guard would read here');
      expect(lines[3]).toMatch(/^no secret keys found · 0 files scanned, 2 skipped \(1 excluded, 1 unsupported-type\)/);
      const json = JSON.parse(runCli(['scan', 'ENV.md', '--format', 'json'], { cwd: dir }).stdout);
      expect(json.skipped).toEqual([{ file: 'ENV.md', reason: 'unsupported-type', detail: 'not a kind of file settings-guard reads' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the report to --output and still prints the summary on stderr', () => {
    const dir = tempDir();
    try {
      const run = runCli(['scan', '--format', 'sarif', '--output', 'reports/out.sarif'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      expect(JSON.parse(readFileSync(join(dir, 'reports', 'out.sarif'), 'utf8')).version).toBe('2.1.0');
      expect(run.stderr).toMatch(/files? scanned/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unwritable --output file on one line, exit 2', () => {
    const dir = tempDir();
    try {
      const run = runCli(['scan', '--output', '/dev/null/report.txt'], { cwd: dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toBe("settings-guard: cannot write the report to '/dev/null/report.txt': a parent of it is not a directory\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
