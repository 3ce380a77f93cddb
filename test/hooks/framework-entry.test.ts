// `settings-guard hook pre-commit-framework`, the pre-commit framework's entry,
// run as the framework runs it (the real framework: pre-commit-framework.slow.test.ts).
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, djangoSettings, insecureKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();
const ENTRY = ['hook', 'pre-commit-framework', '--'];

test('checks the files it is given, and only those; files of other kinds are passed over in silence', async () => {
  const repo = newRepo();
  const key = insecureKey();
  repo.write('app/settings.py', djangoSettings(key)).write('other/settings.py', CLEAN_SETTINGS).write('README.md', '# docs\n').write('logo.png', Buffer.from([0x89, 0x50, 0, 1]));

  const named = await runInProcess(repo.dir, [...ENTRY, 'app/settings.py', 'README.md']);
  const others = await runInProcess(repo.dir, [...ENTRY, 'other/settings.py', 'README.md', 'logo.png']);
  const none = await runInProcess(repo.dir, ENTRY);

  expect(named.status).toBe(1);
  expect(named.stdout).toContain('app/settings.py');
  expect(named.stdout + named.stderr).not.toContain(key);
  expect(named.stdout + named.stderr).not.toMatch(/README|not scanned/);
  expect(others.status).toBe(0);
  expect(others.stdout + others.stderr).not.toMatch(/README|logo|not scanned|unsupported/);
  // No file named (nothing of interest staged): nothing scanned, not the whole directory.
  expect(none).toMatchObject({ status: 0, stdout: '' });
});

test('in the push stage it scans PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF', async () => {
  const repo = newRepo();
  const from = repo.write('settings.py', CLEAN_SETTINGS).commitAll('clean');
  repo.write('app.py', `SECRET_KEY = '${insecureKey()}'\n`).commitAll('key');
  const to = repo.write('app.py', 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n').commitAll('key out again');

  const pushed = await runInProcess(repo.dir, [...ENTRY, 'app.py'], { env: { PRE_COMMIT_FROM_REF: from, PRE_COMMIT_TO_REF: to } });
  const nothingNew = await runInProcess(repo.dir, [...ENTRY, 'app.py'], { env: { PRE_COMMIT_FROM_REF: to, PRE_COMMIT_TO_REF: to } });

  expect(pushed.status).toBe(1);
  expect(pushed.stdout).toContain('app.py');
  expect(pushed.stderr).toMatch(/git rebase -i/);
  expect(nothingNew).toMatchObject({ status: 0, stdout: '' });
});
