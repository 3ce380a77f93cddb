// What a configuration mistake prints, through the CLI: valid keys in the
// file's own spelling, TOML mistakes with file:line:column, one setting given
// twice, and masking that hides keys but never rule ids, paths or names.
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

/** `settings-guard scan` in a repository holding `file` with `content`: exit code and the one line on stderr. */
async function scanWith(file: string, content: string): Promise<[number, string]> {
  const repo = newRepo();
  repo.write('mysite/settings.py', CLEAN_SETTINGS);
  repo.write(file, content);
  const run = await runInProcess(repo.dir, ['scan']);
  expect(run.stdout).toBe('');
  return [run.status, run.stderr];
}

describe('an unknown setting lists the valid ones as the file spells them', () => {
  it('in kebab-case in pyproject.toml', async () => {
    const [status, stderr] = await scanWith('pyproject.toml', '[tool.settings-guard]\nfailon = "warning"\n');
    expect(status).toBe(2);
    expect(stderr).toBe(
      'settings-guard: pyproject.toml: unknown setting "failon" (known: include, exclude, test-paths, docs-paths, rules, fail-on, env-var, baseline, max-file-size, extra-settings)\n',
    );
  });

  it('in camelCase in .settings-guard.json and package.json', async () => {
    for (const [file, content] of [
      ['.settings-guard.json', '{"failon": "warning"}'],
      ['package.json', '{"settings-guard": {"failon": "warning"}}'],
    ] as const) {
      const [status, stderr] = await scanWith(file, content);
      expect([file, status]).toEqual([file, 2]);
      expect(stderr).toMatch(/\(known: include, exclude, testPaths, docsPaths, rules, failOn, envVar, baseline, maxFileSize, extraSettings\)\n$/);
    }
  });
});

describe('a TOML syntax error', () => {
  it('is placed at file:line:column', async () => {
    const [status, stderr] = await scanWith('pyproject.toml', '[project]\nname = "mysite"\n\n[tool.settings-guard]\nfail-on = = "warning"\n');
    expect([status, stderr]).toEqual([2, 'settings-guard: pyproject.toml:5:11: not valid TOML (invalid value)\n']);
  });

  it('is placed relative to where the scan runs', async () => {
    const repo = newRepo();
    repo.write('mysite/settings.py', CLEAN_SETTINGS);
    repo.write('pyproject.toml', '[tool.settings-guard\n');
    const run = await runInProcess(repo.path('mysite'), ['scan']);
    expect(run.stderr).toMatch(/^settings-guard: \.\.\/pyproject\.toml:1:\d+: not valid TOML \(/);
  });
});

describe('one setting written twice, in both spellings', () => {
  it.each([
    ['.settings-guard.json', '{"fail-on": "warning", "failOn": "error"}', '"fail-on" and "failOn"'],
    ['pyproject.toml', '[tool.settings-guard]\nmax-file-size = 1000\nmaxFileSize = 2000\n', '"max-file-size" and "maxFileSize"'],
  ])('is refused in %s', async (file, content, pair) => {
    const [status, stderr] = await scanWith(file, content);
    expect([status, stderr]).toEqual([2, `settings-guard: ${file}: ${pair} are the same setting; keep one\n`]);
  });
});

describe('masking in error messages', () => {
  it('prints a rule id whole, django-insecure-key included', async () => {
    const [status, stderr] = await scanWith('.settings-guard.json', '{"rules": {"django-insecure-key": "loud"}}');
    expect([status, stderr]).toEqual([2, 'settings-guard: .settings-guard.json: "rules" must be "error", "warning", "note" or "off" for rule django-insecure-key\n']);
  });

  it('prints paths and option names whole', async () => {
    const repo = newRepo();
    const run = await runInProcess(repo.dir, ['scan', 'settings-2024-production-config/settings_v2_staging_eu.py']);
    expect(run.stderr).toBe('settings-guard: no such file or directory: settings-2024-production-config/settings_v2_staging_eu.py\n');
  });

  it('still masks a key an error quotes', async () => {
    const key = insecureKey();
    const plain = randomKey();
    const [status, stderr] = await scanWith('.settings-guard.json', JSON.stringify({ rules: { [key]: 'off', [plain]: 'off' } }));
    expect(status).toBe(2);
    expect(stderr).toBe('settings-guard: .settings-guard.json: "rules" names an unknown rule "django-insecure-********" (see settings-guard rules)\n');
    expect(stderr).not.toContain(key.slice(16, 26));

    const repo = newRepo();
    const run = await runInProcess(repo.dir, ['scan', `${plain}.py`]);
    expect(run.stderr).toMatch(/^settings-guard: no such file or directory: \S{4}\*{8}/);
    expect(run.stderr).not.toContain(plain.slice(4, 14));
  });
});
