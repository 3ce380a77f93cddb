// What a scan prints and how it exits, as a user sees it through the CLI:
// the rules listing, the code frame's caret, the summary with a baseline and
// GitHub annotations of deleted keys.
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
