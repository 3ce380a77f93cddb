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

  test('--staged outside a repository exits 2 with a one-line message', async () => {
    const dir = newRepo({ init: false });

    const run = await runInProcess(dir.dir, ['scan', '--staged']);

    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/not a git repository/);
  });
});
