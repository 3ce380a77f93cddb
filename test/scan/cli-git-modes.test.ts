// The git modes through the CLI (in process), as CI runs them on pushes and pull requests.
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, SETTINGS_KEY_LINE, TempRepo, djangoSettings, insecureKey, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

interface JsonFinding {
  file: string;
  line: number;
  commit?: { sha: string; date: string };
  presentAtHead?: boolean;
}

function findingsOf(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

describe('settings-guard scan (git modes, built CLI)', () => {
  test('--history on a pull request range reports only what the branch adds, with its commit', async () => {
    const origin = newRepo();
    origin.write('settings.py', djangoSettings(insecureKey()));
    origin.commitAll('old leak');
    const clone = newRepo({ init: false, dir: makeTempDir() });
    clone.git('clone', '-q', origin.dir, '.');
    clone.git('checkout', '-q', '-b', 'feature');
    const key = insecureKey();
    clone.write('app/.env', `SECRET_KEY=${key}\n`);
    const added = clone.commitAll('add an env file', '2024-05-06T07:08:09Z');

    const run = await runInProcess(clone.dir, ['scan', '--history', 'origin/main..HEAD', '--format', 'json']);

    expect(run.status).toBe(1);
    expect(findingsOf(run.stdout)).toEqual([
      expect.objectContaining({ file: 'app/.env', line: 1, presentAtHead: true, commit: expect.objectContaining({ sha: added }) }),
    ]);
    expect(run.stdout + run.stderr).not.toContain(key);
  });

  test('--history over everything finds a deleted key and says it is only in history', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    const leak = repo.commitAll('leak');
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.commitAll('fix');

    const run = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json']);

    expect(run.status).toBe(1);
    expect(findingsOf(run.stdout)).toEqual([
      expect.objectContaining({ file: 'mysite/settings.py', line: SETTINGS_KEY_LINE, presentAtHead: false, commit: expect.objectContaining({ sha: leak }) }),
    ]);
  });

  test('--history: a key moved to another file is still in the code, under both paths', async () => {
    const repo = newRepo();
    const key = insecureKey();
    repo.write('mysite/settings.py', djangoSettings(key));
    const leak = repo.commitAll('leak');
    repo.git('mv', 'mysite/settings.py', 'mysite/settings_base.py');
    const moved = repo.commitAll('split settings');

    const run = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json']);

    expect(findingsOf(run.stdout)).toEqual([
      expect.objectContaining({ file: 'mysite/settings.py', presentAtHead: true, commit: expect.objectContaining({ sha: leak }) }),
      expect.objectContaining({ file: 'mysite/settings_base.py', presentAtHead: true, commit: expect.objectContaining({ sha: moved }) }),
    ]);
  });

  test('--history in a shallow clone exits 3 (scan incomplete) and says why', async () => {
    const origin = newRepo();
    origin.write('settings.py', CLEAN_SETTINGS);
    origin.commitAll('one');
    origin.write('other.py', 'x = 1\n');
    origin.commitAll('two');
    const clone = newRepo({ init: false, dir: makeTempDir() });
    clone.git('clone', '-q', '--depth', '1', `file://${origin.dir}`, '.');

    const run = await runInProcess(clone.dir, ['scan', '--history', '--format', 'json']);

    expect(run.status).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual(expect.objectContaining({ incomplete: true, incompleteReasons: [expect.stringMatching(/shallow/)] }));
  });

  describe('--history -- PATH...: the history of some paths, as git log -- PATH... reads it', () => {
    /** Keys under app/ (one on a side branch whose merge leaves app/ as it was) and under other/. */
    function repoWithTwoFolders(): { repo: TempRepo; appLeak: string; branchLeak: string } {
      const repo = newRepo();
      repo.write('app/settings.py', djangoSettings(insecureKey()));
      repo.write('other/.env', `SECRET_KEY=${insecureKey()}\n`);
      const appLeak = repo.commitAll('leak in both');
      repo.write('app/settings.py', CLEAN_SETTINGS);
      repo.commitAll('app reads the environment');
      repo.git('checkout', '-q', '-b', 'side');
      repo.write('app/local.py', djangoSettings(insecureKey()));
      const branchLeak = repo.commitAll('a key on a side branch');
      repo.remove('app/local.py');
      repo.commitAll('taken out again');
      repo.git('checkout', '-q', 'main');
      repo.write('README.md', 'docs\n');
      repo.commitAll('docs');
      repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
      // Reachable only through the merge, where git log PATH would simplify it away.
      repo.git('branch', '-q', '-d', 'side');
      return { repo, appLeak, branchLeak };
    }

    test('reports the keys of those paths only, a side branch merged away included, with paths from the current directory', async () => {
      const { repo, appLeak, branchLeak } = repoWithTwoFolders();
      const expected = [
        expect.objectContaining({ file: 'app/local.py', commit: expect.objectContaining({ sha: branchLeak }) }),
        expect.objectContaining({ file: 'app/settings.py', commit: expect.objectContaining({ sha: appLeak }) }),
      ];

      const fromTop = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json', '--', 'app']);
      const fromApp = await runInProcess(repo.path('app'), ['scan', '--history', '--format', 'json', '--', '.']);
      const ranged = await runInProcess(repo.dir, ['scan', `--history=${appLeak}..main`, '--format', 'json', '--', 'app', 'README.md']);
      const everything = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json']);

      expect(fromTop.status).toBe(1);
      expect(findingsOf(fromTop.stdout)).toEqual(expected);
      expect(findingsOf(fromApp.stdout)).toEqual(expected);
      expect(findingsOf(ranged.stdout)).toEqual([expected[0]]);
      expect(findingsOf(everything.stdout).map((finding) => finding.file)).toEqual(['app/local.py', 'app/settings.py', 'other/.env']);
    });

    test('is a slice of the project: no baseline entry is called stale', async () => {
      const { repo } = repoWithTwoFolders();
      repo.git('checkout', '-q', '-b', 'gone');
      repo.write('other/prod.env', `SECRET_KEY=${insecureKey()}\n`);
      repo.commitAll('a key on a branch about to be deleted');
      const BASELINE = '.settings-guard-baseline.json';
      expect((await runInProcess(repo.dir, ['baseline'])).status).toBe(0);
      repo.git('checkout', '-q', 'main');
      repo.git('branch', '-q', '-D', 'gone');

      const sliced = JSON.parse((await runInProcess(repo.dir, ['scan', '--history', '--format', 'json', '--baseline', BASELINE, '--', 'app'])).stdout) as { baseline: unknown };
      const whole = JSON.parse((await runInProcess(repo.dir, ['scan', '--history', '--format', 'json', '--baseline', BASELINE])).stdout) as { baseline: unknown };

      expect(sliced.baseline).toEqual({ suppressed: 2, stale: 0 });
      expect(whole.baseline).toEqual({ suppressed: 3, stale: 1 });
    });

    test('a path outside the repository is a usage error, not an incomplete scan', async () => {
      const repo = newRepo();
      repo.write('app/settings.py', CLEAN_SETTINGS);
      repo.commitAll('clean');

      const run = await runInProcess(repo.dir, ['scan', '--history', '--', '../elsewhere']);

      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^settings-guard: not a path of this repository's history: \.\.\/elsewhere: '\.\.\/elsewhere' is outside repository/);
    });

    test('a path given without -- is refused with the form to use, as git refuses an ambiguous word', async () => {
      const { repo } = repoWithTwoFolders();

      const run = await runInProcess(repo.dir, ['scan', '--history', 'app/settings.py']);

      expect(run.status).toBe(2);
      expect(run.stderr).toBe(
        "settings-guard: 'app/settings.py' is a path, not a revision range: to scan the history of paths, put them after -- (settings-guard scan --history -- app/settings.py); for a revision of that name, --history=app/settings.py\n",
      );
    });
  });

  test('--staged outside a repository exits 2 with a one-line message', async () => {
    const dir = newRepo({ init: false });

    const run = await runInProcess(dir.dir, ['scan', '--staged']);

    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/not a git repository/);
  });
});
