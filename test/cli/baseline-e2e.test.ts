// Baselines through the CLI (in process), in real repositories: adopting the hook on a
// project with old keys, then living with it (edits, renames, new and fixed keys).
import { readFileSync, statSync } from 'node:fs';
import { runInProcess } from '../helpers/in-process';
import { CLI_PATH, TempRepo, djangoSettings, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

// The built CLI of this clone is neither on PATH nor in a project's node_modules: its messages name it by path.
const RUN_AS_INSTALLED = `node ${CLI_PATH}`;

const newRepo = tempRepos();

const BASELINE = '.settings-guard-baseline.json';

interface Project {
  repo: TempRepo;
  settingsKey: string;
  envKey: string;
}

/** A repository with two old keys, configured to use a baseline, and the baseline created. */
async function adoptedProject(): Promise<Project> {
  const repo = newRepo();
  const settingsKey = insecureKey();
  const envKey = randomKey();
  repo.write('.settings-guard.json', JSON.stringify({ baseline: BASELINE }));
  repo.write('mysite/settings.py', djangoSettings(settingsKey));
  repo.write('deploy/.env', `DEBUG=0\nSECRET_KEY=${envKey}\n`);
  repo.commitAll('old project');
  const created = await runInProcess(repo.dir, ['baseline']);
  expect(created.status).toBe(0);
  expect(created.stderr).toMatch(/^wrote \.settings-guard-baseline\.json: 2 known findings/);
  return { repo, settingsKey, envKey };
}

/** Each entry's `seenIn`, by file (one entry a file in these projects). */
function seenIn(repo: TempRepo): Record<string, string[] | undefined> {
  const baseline = JSON.parse(repo.read(BASELINE)) as { entries: { file: string; seenIn?: string[] }[] };
  return Object.fromEntries(baseline.entries.map((entry) => [entry.file, entry.seenIn]));
}

function json(stdout: string): { findings: { ruleId: string; file: string }[]; baseline?: { suppressed: number; stale: number } } {
  return JSON.parse(stdout);
}

describe('settings-guard baseline', () => {
  it('records rule, path and a salted hash: never a key, a line number or a time', async () => {
    const { repo, settingsKey, envKey } = await adoptedProject();
    const text = repo.read(BASELINE);
    const baseline = JSON.parse(text);
    expect(baseline.entries.map((entry: { ruleId: string; file: string }) => [entry.ruleId, entry.file])).toEqual([
      ['dotenv-secret-key', 'deploy/.env'],
      ['django-insecure-key', 'mysite/settings.py'],
    ]);
    for (const entry of baseline.entries) expect(Object.keys(entry).sort()).toEqual(['file', 'hash', 'ruleId', 'seenIn']);
    // Both keys are in the files and in a commit; the list stays on one line.
    expect(text.match(/^ {6}"seenIn": \["tree", "history"\]$/gm)).toHaveLength(2);
    expect(text).not.toContain(settingsKey);
    expect(text).not.toContain(envKey);
    expect(text).not.toMatch(/"line"|"date"|"time"/);
  });

  it('lets the configured scan pass, and says what it left out', async () => {
    const { repo } = await adoptedProject();
    const run = await runInProcess(repo.dir, ['scan']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^no new secret keys \(2 known, in the baseline\) · /m);
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 2, stale: 0 });
  });

  it('still matches after edits elsewhere in the file, and regenerating it changes nothing', async () => {
    const { repo, settingsKey } = await adoptedProject();
    const before = repo.read(BASELINE);
    repo.write('mysite/settings.py', `"""Settings."""\nimport os\n\nALLOWED_HOSTS = ["example.com"]\n${djangoSettings(settingsKey, 12)}\nDEBUG = False\n`);
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(0);
    expect((await runInProcess(repo.dir, ['baseline'])).status).toBe(0);
    expect(repo.read(BASELINE)).toBe(before);
  });

  it('still matches after the variable holding the key is renamed', async () => {
    const { repo, settingsKey } = await adoptedProject();
    repo.write('mysite/settings.py', `_DEV_KEY = '${settingsKey}'\nSECRET_KEY = _DEV_KEY\n`);
    repo.commitAll('one hop');
    expect((await runInProcess(repo.dir, ['baseline'])).status).toBe(0);
    const before = repo.read(BASELINE);
    repo.write('mysite/settings.py', `_LOCAL_ONLY_KEY = '${settingsKey}'\nSECRET_KEY = _LOCAL_ONLY_KEY\n`);
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect(run.status).toBe(0);
    expect(json(run.stdout)).toMatchObject({ findings: [], baseline: { stale: 0 } });
    expect(repo.read(BASELINE)).toBe(before);
  });

  it('reports a new key, in the same file or another, and only that one', async () => {
    const { repo, settingsKey } = await adoptedProject();
    const newKey = insecureKey();
    repo.write('mysite/settings.py', `${djangoSettings(settingsKey)}\nSECRET_KEY_FALLBACKS = ['${newKey}']\n`);
    repo.write('mysite/prod.py', djangoSettings(insecureKey()));
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect(run.status).toBe(1);
    const report = json(run.stdout);
    expect(report.findings.map((finding) => finding.file)).toEqual(['mysite/prod.py', 'mysite/settings.py']);
    expect(report.baseline).toEqual({ suppressed: 2, stale: 0 });
    expect(run.stdout).not.toContain(newKey);
  });

  it('counts and names the entry of a key removed from the files as stale for a working-tree scan, in text and json', async () => {
    const { repo } = await adoptedProject();
    repo.write('deploy/.env', 'DEBUG=0\n');
    const text = await runInProcess(repo.dir, ['scan']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^no new secret keys \(1 known, in the baseline\) · /m);
    expect(text.stdout).toContain(`\n1 baseline entry no longer matches (\`${RUN_AS_INSTALLED} baseline\` updates it)\n`);
    expect(text.stdout).toContain('no longer found: dotenv-secret-key in deploy/.env');
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 1, stale: 1 });
    // The commits still hold the key: a history scan finds it and calls nothing stale.
    expect(json((await runInProcess(repo.dir, ['scan', '--history', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 2, stale: 0 });
  });

  it('keeps the entry of a key still in a commit for history scans only when it is regenerated', async () => {
    const { repo } = await adoptedProject();
    repo.write('deploy/.env', 'DEBUG=0\n');
    expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 2 known findings;/);
    expect(seenIn(repo)).toEqual({ 'deploy/.env': ['history'], 'mysite/settings.py': ['tree', 'history'] });
    const text = await runInProcess(repo.dir, ['scan']);
    expect(text).toMatchObject({ status: 0 });
    expect(text.stdout).not.toContain('no longer');
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 1, stale: 0 });
    expect(json((await runInProcess(repo.dir, ['scan', '--history', '--format', 'json'])).stdout)).toMatchObject({ findings: [], baseline: { suppressed: 2, stale: 0 } });
  });

  it('drops the entry of a key that never reached a commit when it is regenerated', async () => {
    const { repo } = await adoptedProject();
    repo.write('local/settings.py', djangoSettings(insecureKey()));
    expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 3 known findings;/);
    expect(seenIn(repo)['local/settings.py']).toEqual(['tree']);
    // No commit ever held it, so a history scan has nothing to miss.
    expect(json((await runInProcess(repo.dir, ['scan', '--history', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 2, stale: 0 });
    repo.remove('local');
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 2, stale: 1 });
    expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 2 known findings;/);
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 2, stale: 0 });
  });

  it('is never rewritten by the hook, which blocks only new keys', async () => {
    const { repo, settingsKey } = await adoptedProject();
    const before = repo.read(BASELINE);
    const modified = statSync(repo.path(BASELINE)).mtimeMs;

    repo.write('mysite/settings.py', djangoSettings(settingsKey, 3)).stage('mysite/settings.py');
    expect(await runInProcess(repo.dir, ['scan', '--staged'])).toMatchObject({ status: 0, stdout: '' });

    repo.write('deploy/.env', 'DEBUG=0\n').write('app/settings.py', djangoSettings(insecureKey())).stage();
    const blocked = await runInProcess(repo.dir, ['scan', '--staged']);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toContain('app/settings.py:5:14');
    expect(blocked.stdout).not.toMatch(/no longer|baseline/);

    expect(readFileSync(repo.path(BASELINE), 'utf8')).toBe(before);
    expect(statSync(repo.path(BASELINE)).mtimeMs).toBe(modified);
  });

  it('refuses a configured baseline that does not exist: one line, exit 2', async () => {
    const { repo } = await adoptedProject();
    repo.write('.settings-guard.json', JSON.stringify({ baseline: 'config/known-keys.json' }));
    for (const args of [['scan'], ['scan', '--staged'], ['scan', '--baseline', 'nowhere.json']]) {
      const run = await runInProcess(repo.dir, args);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^settings-guard: baseline not found: '(config\/known-keys|nowhere)\.json' \(create it with `settings-guard baseline`\)$/m);
    }
  });
});

describe('a baseline of keys removed from the files but still in history', () => {
  /** A key committed and then deleted in a later commit, one still in the files, and the baseline made after both. */
  async function projectWithRemovedKey(): Promise<TempRepo> {
    const repo = newRepo();
    repo.write('.settings-guard.json', JSON.stringify({ baseline: BASELINE }));
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    repo.write('deploy/.env', `SECRET_KEY=${randomKey()}\n`);
    repo.commitAll('old project');
    repo.write('deploy/.env', 'SECRET_KEY=\n');
    repo.commitAll('read the key from the environment');
    expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 2 known findings;/);
    return repo;
  }

  it('records the removed key as seen in history only', async () => {
    const repo = await projectWithRemovedKey();
    expect(seenIn(repo)).toEqual({ 'deploy/.env': ['history'], 'mysite/settings.py': ['tree', 'history'] });
  });

  it('lets scan call nothing stale while scan --history still leaves the key out', async () => {
    const repo = await projectWithRemovedKey();
    const text = await runInProcess(repo.dir, ['scan']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^no new secret keys \(1 known, in the baseline\) · /m);
    expect(text.stdout).not.toContain('no longer');
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 1, stale: 0 });

    const history = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json']);
    expect(history.status).toBe(0);
    expect(json(history.stdout)).toMatchObject({ findings: [], baseline: { suppressed: 2, stale: 0 } });
    const unfiltered = await runInProcess(repo.dir, ['scan', '--history', '--no-baseline', '--format', 'json']);
    expect(unfiltered.status).toBe(1);
    expect(json(unfiltered.stdout).findings.map((finding) => finding.file)).toEqual(['deploy/.env', 'mysite/settings.py']);
  });

  it('is stale for scan --history once no commit holds the key, and regenerating drops it', async () => {
    const repo = await projectWithRemovedKey();
    // Rewrite the history as if the key had never been committed (what git filter-repo would leave).
    repo.git('checkout', '-q', '--orphan', 'rewritten');
    repo.commitAll('the project, without the key');
    repo.git('branch', '-q', '-D', 'main');
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');

    const history = await runInProcess(repo.dir, ['scan', '--history']);
    expect(history.status).toBe(0);
    expect(history.stdout).toMatch(/^no new secret keys \(1 known, in the baseline\) · /m);
    expect(history.stdout).toContain(`\n1 baseline entry no longer matches (\`${RUN_AS_INSTALLED} baseline\` updates it)\n`);
    expect(history.stdout).toContain('no longer found: dotenv-secret-key in deploy/.env');
    expect(json((await runInProcess(repo.dir, ['scan', '--format', 'json'])).stdout).baseline).toEqual({ suppressed: 1, stale: 0 });
    expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 1 known finding;/);
    expect(Object.keys(seenIn(repo))).toEqual(['mysite/settings.py']);
  });

  describe('written before entries said where they were seen', () => {
    /** The same baseline in the old format: no "seenIn", as settings-guard wrote it then. */
    function oldFormat(repo: TempRepo): string {
      const baseline = JSON.parse(repo.read(BASELINE)) as { entries: { seenIn?: string[] }[] };
      for (const entry of baseline.entries) delete entry.seenIn;
      const text = JSON.stringify(baseline, null, 2) + '\n';
      repo.write(BASELINE, text);
      return text;
    }

    it('still loads, and calls stale whatever a full scan misses, with the hedge it printed then', async () => {
      const repo = await projectWithRemovedKey();
      repo.write('local/settings.py', djangoSettings(insecureKey()));
      expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 3 known findings;/);
      oldFormat(repo);

      const text = await runInProcess(repo.dir, ['scan']);
      expect(text.status).toBe(0);
      expect(text.stdout).toMatch(/^no new secret keys \(2 known, in the baseline\) · /m);
      expect(text.stdout).toContain(
        `\n1 baseline entry no longer matches (\`${RUN_AS_INSTALLED} baseline\` drops it unless git history still holds the key)\n` +
          '  no longer found: dotenv-secret-key in deploy/.env\n',
      );
      const history = await runInProcess(repo.dir, ['scan', '--history', '--format', 'json']);
      expect(history.status).toBe(0);
      // The uncommitted key's entry: stale for history, as every unmatched entry was.
      expect(json(history.stdout).baseline).toEqual({ suppressed: 2, stale: 1 });
      expect(await runInProcess(repo.dir, ['scan', '--staged'])).toMatchObject({ status: 0, stdout: '' });
    });

    it('is brought up to date by regenerating it: same salt and hashes, each entry now saying where it was seen', async () => {
      const repo = await projectWithRemovedKey();
      const current = repo.read(BASELINE);
      const old = oldFormat(repo);
      expect(old).not.toBe(current);
      expect((await runInProcess(repo.dir, ['baseline'])).stderr).toMatch(/: 2 known findings;/);
      expect(repo.read(BASELINE)).toBe(current);
      expect((await runInProcess(repo.dir, ['scan'])).stdout).not.toContain('no longer');
    });
  });

  it('matches from a subdirectory: paths in the baseline are relative to its own directory', async () => {
    const { repo } = await adoptedProject();
    const before = repo.read(BASELINE);

    const fromSubdirectory = await runInProcess(repo.path('mysite'), ['scan', '--format', 'json']);
    expect(fromSubdirectory.status).toBe(0);
    // The entry for deploy/.env is outside what this scan read: not stale.
    expect(json(fromSubdirectory.stdout)).toEqual(expect.objectContaining({ findings: [], baseline: expect.objectContaining({ suppressed: 1, stale: 0 }) }));
    expect((await runInProcess(repo.path('mysite'), ['scan', '../deploy'])).status).toBe(0);
    const history = await runInProcess(repo.path('mysite'), ['scan', '--history', '--format', 'json']);
    expect(json(history.stdout).baseline).toEqual(expect.objectContaining({ suppressed: 2, stale: 0 }));

    // Written again from the subdirectory, the baseline is the same file.
    expect((await runInProcess(repo.path('mysite'), ['baseline'])).status).toBe(0);
    expect(repo.read(BASELINE)).toBe(before);

    // A stale entry is named as the scan names files: relative to where it runs.
    repo.write('mysite/settings.py', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n');
    const stale = await runInProcess(repo.path('mysite'), ['scan']);
    expect(stale.status).toBe(0);
    expect(stale.stderr + stale.stdout).toContain('no longer found: django-insecure-key in settings.py');
  });

  it('says when no configuration uses the baseline it wrote, instead of promising quieter scans', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    repo.commitAll('old project');

    const created = await runInProcess(repo.dir, ['baseline']);

    expect(created.status).toBe(0);
    expect(created.stderr).toContain('no configuration names it yet, so scans still report them: put "baseline": ".settings-guard-baseline.json" in .settings-guard.json');
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(1);
    expect((await runInProcess(repo.dir, ['scan', '--baseline', BASELINE])).status).toBe(0);
  });
});
