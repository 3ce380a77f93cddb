// Configuration through the CLI (in process): each place it can live changes what a
// user sees, and each mistake in it is one line naming the file and the key, exit 2.
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, TempRepo, djangoSettings, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

interface Report {
  findings: { ruleId: string; severity: string; file: string }[];
}

function findingsOf(run: { stdout: string }): string[] {
  return (JSON.parse(run.stdout) as Report).findings.map((finding) => `${finding.file} ${finding.ruleId} ${finding.severity}`);
}

/** A commented-out old key beside a clean settings module: a warning by default. */
const COMMENTED_SETTINGS = `${CLEAN_SETTINGS}# SECRET_KEY = '${randomKey(50)}'\n`;

/** The same settings, written in each of the three places a configuration can live. */
const SOURCES: [string, (repo: TempRepo, settings: Record<string, unknown>) => void][] = [
  ['.settings-guard.json', (repo, settings) => repo.write('.settings-guard.json', JSON.stringify(settings))],
  [
    'pyproject.toml [tool.settings-guard]',
    (repo, settings) =>
      repo.write(
        'pyproject.toml',
        `[project]\nname = "mysite"\n\n[tool.ruff]\nline-length = 100\n\n[tool.settings-guard]\n${Object.entries(settings)
          .map(([key, value]) => `${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} = ${tomlValue(value)}`)
          .join('\n')}\n`,
      ),
  ],
  ['package.json "settings-guard"', (repo, settings) => repo.write('package.json', JSON.stringify({ name: 'mysite', private: true, 'settings-guard': settings }))],
];

function tomlValue(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return `{ ${Object.entries(value).map(([key, item]) => `"${key}" = ${tomlValue(item)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

describe.each(SOURCES)('configuration in %s', (_name, writeConfig) => {
  it('turns a rule off', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', COMMENTED_SETTINGS);
    expect(findingsOf(await runInProcess(repo.dir, ['scan', '--format', 'json']))).toEqual(['mysite/settings.py django-commented-key warning']);
    writeConfig(repo, { rules: { 'django-commented-key': 'off' } });
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect([run.status, findingsOf(run)]).toEqual([0, []]);
  });

  it('sets the fail level', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', COMMENTED_SETTINGS);
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(0);
    writeConfig(repo, { failOn: 'warning' });
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(1);
    // The flag still wins over the file.
    expect((await runInProcess(repo.dir, ['scan', '--fail-on', 'error'])).status).toBe(0);
  });

  it('excludes paths and declares test paths', async () => {
    const repo = newRepo();
    repo.write('legacy/settings.py', djangoSettings(insecureKey()));
    repo.write('qa/settings.py', djangoSettings(insecureKey()));
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    expect(findingsOf(await runInProcess(repo.dir, ['scan', '--format', 'json']))).toEqual(['legacy/settings.py django-insecure-key error', 'qa/settings.py django-insecure-key error']);
    writeConfig(repo, { exclude: ['legacy/**'], testPaths: ['qa/**'] });
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect([run.status, findingsOf(run)]).toEqual([0, ['qa/settings.py django-insecure-key note']]);
  });

  it('checks extra secret settings', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', `${CLEAN_SETTINGS}EMAIL_HOST_PASSWORD = "${randomKey(16)}"\n`);
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(0);
    writeConfig(repo, { extraSettings: ['EMAIL_HOST_PASSWORD'] });
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect([run.status, findingsOf(run)]).toEqual([1, ['mysite/settings.py custom-secret-hardcoded error']]);
  });
});

describe('where paths and globs are read from', () => {
  // A finding as the user sees it from the directory the command runs in.
  const seenFrom = async (repo: TempRepo, directory: string, args: string[]): Promise<string[]> => findingsOf(await runInProcess(repo.path(directory), [...args, '--format', 'json']));

  it("reads the configuration's globs from its own directory, whichever directory the scan runs in", async () => {
    const repo = newRepo();
    repo.write('pyproject.toml', '[tool.settings-guard]\nexclude = ["legacy/**"]\ntest-paths = ["qa/**"]\n');
    repo.write('legacy/app/settings.py', djangoSettings(insecureKey()));
    repo.write('qa/settings.py', djangoSettings(insecureKey()));
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.stage();
    // A directory scan reads the directory it runs in, a staged scan the whole index.
    expect(await seenFrom(repo, '.', ['scan'])).toEqual(['qa/settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'legacy', ['scan'])).toEqual([]);
    expect(await seenFrom(repo, 'legacy/app', ['scan'])).toEqual([]);
    expect(await seenFrom(repo, 'qa', ['scan'])).toEqual(['settings.py django-insecure-key note']);
    for (const directory of ['.', 'legacy/app', 'qa']) expect(await seenFrom(repo, directory, ['scan', '--staged'])).toEqual(['qa/settings.py django-insecure-key note']);
    repo.commit('settings');
    expect(await seenFrom(repo, 'legacy', ['scan', '--history'])).toEqual(['qa/settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'qa', ['scan', '--history'])).toEqual(['qa/settings.py django-insecure-key note']);
  });

  it('reads the globs of a configuration in a subproject from the subproject', async () => {
    const repo = newRepo();
    repo.write('backend/.settings-guard.json', JSON.stringify({ exclude: ['legacy/**'], testPaths: ['qa/**'] }));
    repo.write('backend/legacy/settings.py', djangoSettings(insecureKey()));
    repo.write('backend/qa/settings.py', djangoSettings(insecureKey()));
    repo.stage();
    expect(await seenFrom(repo, 'backend', ['scan'])).toEqual(['qa/settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'backend', ['scan', '--staged'])).toEqual(['backend/qa/settings.py django-insecure-key note']);
    repo.commit('settings');
    expect(await seenFrom(repo, 'backend', ['scan', '--history'])).toEqual(['backend/qa/settings.py django-insecure-key note']);
  });

  it('finds test and docs paths by their place in the repository, also from inside them', async () => {
    const repo = newRepo();
    repo.write('tests/settings.py', djangoSettings(insecureKey()));
    repo.write('docs/conf/settings.py', djangoSettings(insecureKey()));
    repo.stage();
    expect(await seenFrom(repo, '.', ['scan'])).toEqual(['docs/conf/settings.py django-insecure-key note', 'tests/settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'tests', ['scan'])).toEqual(['settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'docs/conf', ['scan'])).toEqual(['settings.py django-insecure-key note']);
    expect(await seenFrom(repo, 'tests', ['scan', '--staged'])).toEqual(['docs/conf/settings.py django-insecure-key note', 'tests/settings.py django-insecure-key note']);
  });

  it('reads --include and --exclude from the directory the command runs in, in every mode', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    repo.write('mysite/local.py', djangoSettings(insecureKey()));
    repo.write('other/settings.py', djangoSettings(insecureKey()));
    repo.stage();
    expect(await seenFrom(repo, 'mysite', ['scan', '--exclude', 'local.py'])).toEqual(['settings.py django-insecure-key error']);
    expect(await seenFrom(repo, 'mysite', ['scan', '--staged', '--exclude', 'local.py'])).toEqual([
      'mysite/settings.py django-insecure-key error',
      'other/settings.py django-insecure-key error',
    ]);
    expect(await seenFrom(repo, 'mysite', ['scan', '--staged', '--include', '*.py'])).toEqual([
      'mysite/local.py django-insecure-key error',
      'mysite/settings.py django-insecure-key error',
    ]);
    repo.commit('settings');
    expect(await seenFrom(repo, 'mysite', ['scan', '--history', '--include', 'settings.py'])).toEqual(['mysite/settings.py django-insecure-key error']);
  });

  it('leaves excluded files alone when fixing', async () => {
    const repo = newRepo();
    const legacy = djangoSettings(randomKey(50));
    repo.write('.settings-guard.json', JSON.stringify({ exclude: ['legacy/**'] }));
    repo.write('legacy/settings.py', legacy);
    repo.write('mysite/settings.py', djangoSettings(randomKey(50)));
    for (const directory of ['.', 'legacy']) expect((await runInProcess(repo.path(directory), ['fix'])).status).toBe(0);
    expect(repo.read('legacy/settings.py')).toBe(legacy);
    expect(repo.read('mysite/settings.py')).toContain('os.getenv("DJANGO_SECRET_KEY")');
  });
});

describe('--config FILE', () => {
  it('reads the named file instead of the one found by walking up', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', COMMENTED_SETTINGS);
    repo.write('.settings-guard.json', JSON.stringify({ failOn: 'warning' }));
    repo.write('ci/settings-guard.json', JSON.stringify({ rules: { 'django-commented-key': 'off' } }));
    expect((await runInProcess(repo.dir, ['scan'])).status).toBe(1);
    const run = await runInProcess(repo.dir, ['scan', '--config', 'ci/settings-guard.json', '--format', 'json']);
    expect([run.status, findingsOf(run)]).toEqual([0, []]);
  });

  it('is found by walking up from the directory the command runs in', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', COMMENTED_SETTINGS);
    repo.write('pyproject.toml', '[tool.settings-guard]\nfail-on = "warning"\n');
    expect((await runInProcess(repo.path('mysite'), ['scan'])).status).toBe(1);
    repo.write('pyproject.toml', '[tool.settings-guard]\nfail-on = "fatal"\n');
    expect((await runInProcess(repo.path('mysite'), ['scan'])).stderr).toBe('settings-guard: ../pyproject.toml: "fail-on" must be "error", "warning" or "note"\n');
  });
});

describe('configuration mistakes: one line naming the file and the key, exit 2', () => {
  const cases: [string, (repo: TempRepo) => void, RegExp][] = [
    ['an unknown key', (repo) => repo.write('.settings-guard.json', '{"failon": "warning"}'), /^\.settings-guard\.json: unknown setting "failon" \(known: include, exclude, /],
    ['a wrong type', (repo) => repo.write('.settings-guard.json', '{"exclude": "legacy/**"}'), /^\.settings-guard\.json: "exclude" must be a list of strings$/],
    ['a bad fail level', (repo) => repo.write('package.json', '{"settings-guard": {"failOn": "fatal"}}'), /^package\.json: "failOn" must be "error", "warning" or "note"$/],
    ['an unknown rule', (repo) => repo.write('.settings-guard.json', '{"rules": {"django-hardcoded-keys": "off"}}'), /^\.settings-guard\.json: "rules" names an unknown rule "django-hardcoded-keys"/],
    ['a bad rule level', (repo) => repo.write('pyproject.toml', '[tool.settings-guard.rules]\ndjango-commented-key = "silent"\n'), /^pyproject\.toml: "rules" must be "error", "warning", "note" or "off" for rule django-commented-key$/],
    ['a bad kebab-case key in pyproject.toml', (repo) => repo.write('pyproject.toml', '[tool.settings-guard]\nmax-file-size = -1\n'), /^pyproject\.toml: "max-file-size" must be a positive whole number of bytes$/],
    ['a bad setting name', (repo) => repo.write('.settings-guard.json', '{"extraSettings": ["JWT SECRET"]}'), /^\.settings-guard\.json: "extraSettings" must be a list of setting names$/],
    ['invalid JSON', (repo) => repo.write('.settings-guard.json', '{"rules": {'), /^\.settings-guard\.json: not valid JSON \(/],
    ['invalid TOML', (repo) => repo.write('pyproject.toml', '[tool.settings-guard\nfail-on = "warning"\n'), /^pyproject\.toml:1:\d+: not valid TOML \(/],
    ['a table that is not one', (repo) => repo.write('package.json', '{"settings-guard": ["exclude"]}'), /^package\.json: the configuration must be a table of settings$/],
  ];

  it.each(cases)('%s', async (_name, write, expected) => {
    const repo = newRepo();
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    write(repo);
    for (const command of [['scan'], ['scan', '--staged'], ['baseline'], ['fix', '--dry-run']]) {
      const run = await runInProcess(repo.dir, command);
      expect([command.join(' '), run.status, run.stdout]).toEqual([command.join(' '), 2, '']);
      expect(run.stderr.endsWith('\n') && !run.stderr.slice(0, -1).includes('\n')).toBe(true);
      expect(run.stderr.replace(/^settings-guard: /, '').trimEnd()).toMatch(expected);
    }
  });

  it('names a missing --config file', async () => {
    const repo = newRepo();
    const run = await runInProcess(repo.dir, ['scan', '--config', 'nowhere.json']);
    expect([run.status, run.stderr]).toEqual([2, 'settings-guard: config file not found: nowhere.json\n']);
  });
});
