// run(argv, io) in process, with the scan, the hook installer and the fixer
// replaced: what the CLI does with their results (exit codes, streams,
// options passed down), independent of the analyzer.
import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, type CliIO } from '../../src/cli/run';
import { UserError } from '../../src/errors';
import { fixFiles } from '../../src/fix';
import { installHook } from '../../src/hooks/install';
import { scan, type ScanOptions } from '../../src/scan';
import type { ScanResult } from '../../src/types';
import { directoryResult, emptyResult, historyResult, stagedResult } from '../reporters/fixtures';
import { tempDir } from './helpers';

jest.mock('../../src/scan', () => ({ scan: jest.fn() }));
jest.mock('../../src/hooks/install', () => ({ installHook: jest.fn(), uninstallHook: jest.fn() }));
jest.mock('../../src/fix', () => ({ fixFiles: jest.fn() }));

const scanMock = scan as jest.MockedFunction<typeof scan>;

interface Captured {
  io: CliIO;
  out: () => string;
  err: () => string;
}

function capture(overrides: Partial<CliIO> = {}): Captured {
  let out = '';
  let err = '';
  const io: CliIO = {
    cwd: '/project',
    env: {},
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    ...overrides,
  };
  return { io, out: () => out, err: () => err };
}

function scanReturns(result: ScanResult): void {
  scanMock.mockReset();
  scanMock.mockResolvedValue(result);
}

function lastScanOptions(): ScanOptions {
  const call = scanMock.mock.calls.at(-1);
  if (!call) throw new Error('scan was not called');
  return call[0];
}

describe('scan exit codes', () => {
  it('is 1 when findings reach the fail level, 0 below it', async () => {
    scanReturns(stagedResult());
    expect(await run(['scan'], capture().io)).toBe(1);
    const notesOnly = { ...directoryResult(), findings: directoryResult().findings.filter((finding) => finding.severity === 'note') };
    scanReturns({ ...notesOnly, incomplete: false, incompleteReasons: [] });
    expect(await run(['scan'], capture().io)).toBe(0);
    expect(await run(['scan', '--fail-on', 'note'], capture().io)).toBe(1);
  });

  it('is 3 in a directory scan that left a file which could hold a key unread, 1 when findings fail', async () => {
    const notesOnly = { ...directoryResult(), findings: directoryResult().findings.filter((finding) => finding.severity === 'note') };
    scanReturns(notesOnly);
    expect(await run(['scan'], capture().io)).toBe(3);
    scanReturns(directoryResult());
    expect(await run(['scan'], capture().io)).toBe(1);
  });

  it('is 3 for an incomplete scan without failing findings, 1 when findings fail', async () => {
    scanReturns({ ...emptyResult('history'), incomplete: true, incompleteReasons: ['shallow clone'] });
    const captured = capture();
    expect(await run(['scan', '--history'], captured.io)).toBe(3);
    expect(captured.out()).toContain('scan incomplete: shallow clone');
    scanReturns(historyResult());
    expect(await run(['scan', '--history'], capture().io)).toBe(1);
  });
});

describe('scan options passed to the scanner', () => {
  beforeEach(() => scanReturns(emptyResult()));

  it('scans the current directory by default, or the given paths, with filters', async () => {
    await run(['scan'], capture().io);
    expect(lastScanOptions()).toMatchObject({ cwd: '/project', mode: 'directory', paths: ['.'] });
    await run(['scan', 'a', 'b', '--include', '*.py', '--include=settings/**', '--exclude', 'tests/**', '--max-file-size', '1000'], capture().io);
    // Globs from the command line are read from the directory it runs in.
    expect(lastScanOptions()).toMatchObject({
      paths: ['a', 'b'],
      include: [{ globs: ['*.py', 'settings/**'], directory: '/project' }],
      exclude: [{ globs: ['tests/**'], directory: '/project' }],
      maxFileSize: 1000,
    });
  });

  it('reads a history range from the next argument, from --history=, or from --since', async () => {
    await run(['scan', '--history'], capture().io);
    expect(lastScanOptions()).toMatchObject({ mode: 'history' });
    expect(lastScanOptions().range).toBeUndefined();
    await run(['scan', '--history', 'origin/main..HEAD'], capture().io);
    expect(lastScanOptions()).toMatchObject({ mode: 'history', range: 'origin/main..HEAD' });
    await run(['scan', '--history=v1..v2'], capture().io);
    expect(lastScanOptions()).toMatchObject({ range: 'v1..v2' });
    await run(['scan', '--since', 'origin/main'], capture().io);
    expect(lastScanOptions()).toMatchObject({ mode: 'history', since: 'origin/main' });
  });

  it('scans the index with --staged, without paths', async () => {
    await run(['scan', '--staged'], capture().io);
    expect(lastScanOptions().mode).toBe('staged');
    expect(lastScanOptions().paths).toBeUndefined();
  });
});

describe('scan output streams', () => {
  it('prints nothing for a clean staged scan', async () => {
    scanReturns(emptyResult('staged'));
    const captured = capture();
    expect(await run(['scan', '--staged'], captured.io)).toBe(0);
    expect(captured.out() + captured.err()).toBe('');
  });

  it('puts the report on stdout and the summary on stderr for machine formats', async () => {
    scanReturns(directoryResult());
    const captured = capture();
    await run(['scan', '--format', 'json'], captured.io);
    expect(JSON.parse(captured.out()).findings).toHaveLength(3);
    expect(captured.err()).toMatch(/^not scanned: data\/huge_settings\.py .*\nnot scanned: mysite\/local\.py .*\nscan incomplete: .*\n1 error, 1 warning, 1 note · 14 files scanned/);
  });

  it('colours text on a terminal, never with NO_COLOR or --no-color, always with FORCE_COLOR', async () => {
    scanReturns(directoryResult());
    const colored = async (argv: string[], overrides: Partial<CliIO>) => {
      const captured = capture(overrides);
      await run(argv, captured.io);
      return captured.out().includes('\u001b[');
    };
    expect(await colored(['scan'], {})).toBe(false);
    expect(await colored(['scan'], { stdoutIsTTY: true })).toBe(true);
    expect(await colored(['scan'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(await colored(['scan', '--no-color'], { stdoutIsTTY: true })).toBe(false);
    expect(await colored(['scan'], { env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(await colored(['scan'], { stdoutIsTTY: true, env: { FORCE_COLOR: '0' } })).toBe(false);
  });

  it('writes --output with the report and only the summary to stderr; owner-only with --show-secrets', async () => {
    const dir = tempDir();
    try {
      scanReturns(stagedResult());
      const captured = capture({ cwd: dir });
      expect(await run(['scan', '--staged', '--output', 'report.txt', '--show-secrets'], captured.io)).toBe(1);
      const file = join(dir, 'report.txt');
      expect(readFileSync(file, 'utf8')).toContain('mysite/settings.py:23:14');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(captured.out()).toBe('');
      expect(captured.err()).toContain('Commit blocked');
      expect(captured.err()).not.toContain('mysite/settings.py:23:14');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('tightens an existing report file to owner-only before writing keys into it, and says so', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'report.json');
      writeFileSync(file, '{}', { mode: 0o644 });
      chmodSync(file, 0o644);
      scanReturns(stagedResult());
      const captured = capture({ cwd: dir });
      await run(['scan', '--staged', '--format', 'json', '--output', 'report.json', '--show-secrets'], captured.io);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(captured.err()).toContain("'report.json' had mode 644; it is now 600, as it holds keys in full (--show-secrets)");
      // Without --show-secrets the file holds no key, and its mode is the user's business.
      chmodSync(file, 0o644);
      await run(['scan', '--staged', '--format', 'json', '--output', 'report.json'], capture({ cwd: dir }).io);
      expect(statSync(file).mode & 0o777).toBe(0o644);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a progress line only on a terminal, and clears it', async () => {
    let now = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    scanMock.mockImplementation(async (options) => {
      now = 5000;
      options.onProgress?.('reading blob 10 of 40');
      return emptyResult();
    });
    const tty = capture({ stderrIsTTY: true });
    await run(['scan'], tty.io);
    expect(tty.err()).toBe('\r\u001b[Kreading blob 10 of 40\r\u001b[K');
    const pipe = capture();
    await run(['scan'], pipe.io);
    expect(pipe.err()).not.toContain('reading blob');
    jest.restoreAllMocks();
  });
});

describe('errors', () => {
  it('prints a UserError on one line and exits with its code', async () => {
    scanMock.mockRejectedValue(new UserError('not a git repository (run scan without --staged outside git)'));
    const captured = capture();
    expect(await run(['scan', '--staged'], captured.io)).toBe(2);
    expect(captured.err()).toBe('settings-guard: not a git repository (run scan without --staged outside git)\n');
  });

  it('prints any other error as one internal-error line, the stack only with DEBUG, never a key', async () => {
    const key = `django-insecure-${'q7'.repeat(20)}`;
    scanMock.mockRejectedValue(new Error(`cannot read ${key}\nat line 3`));
    const quiet = capture();
    expect(await run(['scan'], quiet.io)).toBe(2);
    expect(quiet.err()).toMatch(/^settings-guard: internal error: cannot read django-insecure-\*+ at line 3\n$/);
    const debug = capture({ env: { DEBUG: '1' } });
    await run(['scan'], debug.io);
    expect(debug.err()).toContain('    at ');
    expect(debug.err()).not.toContain(key);
  });
});

describe('install, uninstall and fix', () => {
  it('passes --force to the installer and prints its message', async () => {
    (installHook as jest.Mock).mockResolvedValue({ changed: true, path: '.husky/pre-commit', message: 'Added settings-guard to .husky/pre-commit.' });
    const captured = capture();
    expect(await run(['install', '--force'], captured.io)).toBe(0);
    expect(installHook).toHaveBeenCalledWith({ cwd: '/project', force: true });
    expect(captured.out()).toBe('Added settings-guard to .husky/pre-commit.\n');
  });

  it('passes fix options through and returns the fixer exit code', async () => {
    // No configuration file: the project is the directory the command runs in (here not a repository).
    const NO_GLOBS = { include: [], exclude: [], projectDirectory: '/project' };
    (fixFiles as jest.Mock).mockResolvedValue({ lines: ['mysite/settings.py: SECRET_KEY now reads DJANGO_SECRET_KEY'], exitCode: 0 });
    const captured = capture();
    expect(await run(['fix', '--write-env', '--dry-run'], captured.io)).toBe(0);
    expect(fixFiles).toHaveBeenLastCalledWith({ cwd: '/project', paths: ['.'], dryRun: true, writeEnv: '.env', analysis: expect.any(Object), ...NO_GLOBS, interactive: false });
    await run(['fix', 'mysite', '--write-env=.env.local', '--env-var', 'SECRET_KEY'], capture().io);
    expect(fixFiles).toHaveBeenLastCalledWith({ cwd: '/project', paths: ['mysite'], dryRun: false, writeEnv: '.env.local', envVar: 'SECRET_KEY', analysis: expect.any(Object), ...NO_GLOBS, interactive: false });
    await run(['fix'], capture().io);
    expect(fixFiles).toHaveBeenLastCalledWith({ cwd: '/project', paths: ['.'], dryRun: false, analysis: expect.any(Object), ...NO_GLOBS, interactive: false });
    await run(['fix', '--force'], capture().io);
    expect(fixFiles).toHaveBeenLastCalledWith({ cwd: '/project', paths: ['.'], dryRun: false, analysis: expect.any(Object), ...NO_GLOBS, interactive: false, force: true });
    expect(captured.out()).toBe('mysite/settings.py: SECRET_KEY now reads DJANGO_SECRET_KEY\n');
  });
});

it('never leaves a report file behind on a usage error', async () => {
  const dir = tempDir();
  try {
    expect(await run(['scan', '--format', 'xml', '--output', 'r.txt'], capture({ cwd: dir }).io)).toBe(2);
    expect(existsSync(join(dir, 'r.txt'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('a fresh key for the person at the terminal', () => {
  const freshKeyLine = /^ {2}[a-z0-9!@#$%^&*(\-_=+)]{50}$/m;

  it('is offered after blocking findings when stdout is a terminal', async () => {
    scanReturns(directoryResult());
    const captured = capture({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(await run(['scan'], captured.io)).toBe(1);
    expect(captured.out()).toMatch(freshKeyLine);
  });

  it('never goes to a pipe, a file, or a machine-readable format', async () => {
    scanReturns(directoryResult());
    const piped = capture();
    await run(['scan'], piped.io);
    expect(piped.out()).not.toMatch(freshKeyLine);
    const json = capture({ stdoutIsTTY: true });
    await run(['scan', '--format', 'json'], json.io);
    expect(json.out() + json.err()).not.toMatch(/fresh key/);
  });

  it('is not offered, nor the explain hint, with --quiet: the findings only', async () => {
    scanReturns(directoryResult());
    const captured = capture({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(await run(['scan', '--quiet'], captured.io)).toBe(1);
    expect(captured.out()).toMatch(/django-insecure-key/);
    expect(captured.out()).not.toMatch(/fresh key|explain/);
    expect(captured.err()).toBe('');
  });

  it('is not offered when nothing blocks', async () => {
    scanReturns(emptyResult());
    const captured = capture({ stdoutIsTTY: true });
    await run(['scan'], captured.io);
    expect(captured.out()).not.toMatch(/fresh key/);
  });
});
