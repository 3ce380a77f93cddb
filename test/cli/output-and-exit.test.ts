// What a scan prints and how it exits, as a user sees it through the CLI:
// --quiet, --exit-zero, the rules listing, the code frame's caret, the
// summary with a baseline and GitHub annotations of deleted keys.
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, djangoSettings, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

/** A repository with one hardcoded key in mysite/settings.py, committed. */
function repoWithKey() {
  const repo = newRepo();
  repo.write('mysite/settings.py', djangoSettings(insecureKey()));
  repo.commitAll('settings');
  return repo;
}

describe('--quiet / -q', () => {
  it('prints the findings and no summary line in the text report', async () => {
    const repo = repoWithKey();
    const loud = await runInProcess(repo.dir, ['scan']);
    const quiet = await runInProcess(repo.dir, ['scan', '-q']);
    expect(loud.stdout).toMatch(/^1 error · 1 file scanned/m);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).toContain('mysite/settings.py:5:14  error  django-insecure-key');
    expect(quiet.stdout).not.toMatch(/1 error|file scanned|no secret keys/);
    // The findings themselves are printed exactly as without --quiet.
    expect(loud.stdout.startsWith(quiet.stdout)).toBe(true);
    expect(quiet.stderr).toBe('');
  });

  it('prints nothing at all for a clean scan', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.commitAll('settings');
    expect(await runInProcess(repo.dir, ['scan', '--quiet'])).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('turns the summary on stderr off in json, sarif and github, and with --output', async () => {
    const repo = repoWithKey();
    for (const format of ['json', 'sarif', 'github']) {
      expect((await runInProcess(repo.dir, ['scan', '--format', format])).stderr).toMatch(/1 error/);
      const quiet = await runInProcess(repo.dir, ['scan', '--format', format, '--quiet']);
      expect([format, quiet.status, quiet.stderr]).toEqual([format, 1, '']);
      expect(quiet.stdout).toContain('django-insecure-key');
    }
    const toFile = await runInProcess(repo.dir, ['scan', '--output', 'report.txt', '-q']);
    expect([toFile.status, toFile.stdout, toFile.stderr]).toEqual([1, '', '']);
    expect(repo.read('report.txt')).toContain('django-insecure-key');
    expect(repo.read('report.txt')).not.toContain('file scanned');
  });

  it('applies to a history scan', async () => {
    const repo = repoWithKey();
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.commitAll('key moved to the environment');
    const quiet = await runInProcess(repo.dir, ['scan', '--history', '-q']);
    expect(quiet.status).toBe(1);
    expect(quiet.stdout).toMatch(/deleted, but published/);
    expect(quiet.stdout).not.toMatch(/commits?, \d+ blobs? read/);
  });

  it('still names what could not be read, and still exits 3 for it', async () => {
    const repo = newRepo();
    repo.git('update-index', '--add', '--info-only', '--cacheinfo', `100644,${'0123456789'.repeat(4)},settings.py`);
    const run = await runInProcess(repo.dir, ['scan', '--staged', '--quiet']);
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^not scanned: settings\.py \(missing-object/m);
    expect(run.stdout).not.toMatch(/Commit blocked/);
  });

  it('still prints errors on stderr', async () => {
    const run = await runInProcess(newRepo().dir, ['scan', '-q', '--format', 'yaml']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^settings-guard: invalid value 'yaml' for --format/);
  });
});

describe('--exit-zero', () => {
  it('reports the findings and exits 0', async () => {
    const repo = repoWithKey();
    const run = await runInProcess(repo.dir, ['scan', '--exit-zero']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('django-insecure-key');
    expect(run.stdout).toMatch(/^1 error · /m);
    expect((await runInProcess(repo.dir, ['scan', '--exit-zero', '--format', 'json'])).status).toBe(0);
  });

  it('still exits 3 when a file that could hold a key was not read: it fails closed', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage('mysite/settings.py');
    repo.git('update-index', '--add', '--info-only', '--cacheinfo', `100644,${'0123456789'.repeat(4)},local_settings.py`);
    expect((await runInProcess(repo.dir, ['scan', '--staged'])).status).toBe(1);
    expect((await runInProcess(repo.dir, ['scan', '--staged', '--exit-zero'])).status).toBe(3);
  });

  it('still exits 2 for a usage error, and refuses --fail-on beside it', async () => {
    const repo = repoWithKey();
    expect((await runInProcess(repo.dir, ['scan', '--exit-zero', '--format', 'yaml'])).status).toBe(2);
    const both = await runInProcess(repo.dir, ['scan', '--exit-zero', '--fail-on', 'warning']);
    expect([both.status, both.stderr]).toEqual([2, expect.stringMatching(/^settings-guard: --exit-zero and --fail-on cannot be combined/)]);
  });

  it('is what --fail-on never points to', async () => {
    const run = await runInProcess(repoWithKey().dir, ['scan', '--fail-on', 'never']);
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: "settings-guard: invalid value 'never' for --fail-on: expected one of error, warning, note; for a report that never fails on findings, use --exit-zero\n",
    });
  });

  it('is in the help, with the exit codes', async () => {
    const help = (await runInProcess(newRepo().dir, ['scan', '--help'])).stdout;
    expect(help).toMatch(/--exit-zero +Report only/);
    expect(help).toMatch(/-q, --quiet +Print the findings only/);
    expect(help).toMatch(/^ {2}3 +scan incomplete .*$\n.*also with --exit-zero: it fails closed/m);
  });
});

describe('rules', () => {
  it('lists errors, then warnings, then notes, each by id', async () => {
    const run = await runInProcess(newRepo().dir, ['rules']);
    const rows = run.stdout.trimEnd().split('\n').slice(1).map((line) => line.split(/\s+/));
    const rank = { error: 0, warning: 1, note: 2 } as Record<string, number>;
    const sorted = [...rows].sort((a, b) => rank[a[1]!]! - rank[b[1]!]! || (a[0]! < b[0]! ? -1 : 1));
    expect(rows.map((row) => row[0])).toEqual(sorted.map((row) => row[0]));
    expect(rows.map((row) => row[1])).toContain('warning');
    expect(rows[0]).toEqual(expect.arrayContaining(['custom-secret-hardcoded', 'error']));
  });
});

describe('the code frame', () => {
  it('points the caret at the masked literal when a longer literal before it was masked', async () => {
    const repo = newRepo();
    repo.write(
      'settings.py',
      `SECRET_KEY_FALLBACKS = ("${randomKey()}", os.environ.get("OLD_KEY", "${insecureKey()}"))\n`,
    );
    const run = await runInProcess(repo.dir, ['scan', '--no-baseline']);
    const frame = run.stdout.split('\n\n').find((block) => block.startsWith('settings.py:1:105'));
    expect(frame).toBeDefined();
    const [, code = '', caret = ''] = frame!.split('\n');
    const literal = code.indexOf('"djan');
    expect(literal).toBeGreaterThan(0);
    expect(caret.indexOf('^')).toBe(literal);
  });
});

describe('the summary with a baseline', () => {
  it('says there are no new keys and how many the baseline knows', async () => {
    const repo = repoWithKey();
    repo.write('deploy/settings.py', djangoSettings(insecureKey()));
    expect((await runInProcess(repo.dir, ['baseline'])).status).toBe(0);
    const run = await runInProcess(repo.dir, ['scan', '--baseline', '.settings-guard-baseline.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no new secret keys \(2 known, in the baseline\) · \d+ files? scanned/m);
    expect(run.stdout).not.toMatch(/no secret keys found|left out by the baseline/);
  });
});

describe('github annotations of history findings', () => {
  it('puts a key a later commit deleted on the file, not on a line of code that is there now', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    const leak = repo.commitAll('settings');
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.commitAll('read the key from the environment');
    const run = await runInProcess(repo.dir, ['scan', '--history', '--format', 'github']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^::error file=mysite/settings\\.py,title=django-insecure-key::.*\\(commit ${leak.slice(0, 7)} \\(\\d{4}-\\d\\d-\\d\\d\\), deleted, but published: rotate it; it was on line 5 in that commit\\)`, 'm'),
    );
    expect(run.stdout).not.toMatch(/line=/);
  });

  it('keeps the line of a key still in the code', async () => {
    const repo = repoWithKey();
    const run = await runInProcess(repo.dir, ['scan', '--history', '--format', 'github']);
    expect(run.stdout).toMatch(/^::error file=mysite\/settings\.py,line=5,col=14,endLine=5,endColumn=\d+,title=django-insecure-key::/m);
  });
});
