// Most CLI tests run run(argv, io) in this process (test/helpers/in-process.ts).
// That is honest only if a run depends on nothing but its argv and io: these
// compare it with the built executable, and look for state one run leaves to
// the next (the rule catalog, memoised globs, the process's directory).
import { ruleCatalog } from '../../src/engine/rules';
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, PROJECT_ROOT, djangoSettings, insecureKey, randomKey, runCli, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

/** Without the elapsed time, the one part of a report that differs from run to run. */
function withoutTiming(text: string): string {
  return text.replace(/"elapsedMs": ?\d+/g, '"elapsedMs":0').replace(/ · \d+(?:\.\d+)?m?s\b/g, '');
}

describe('a run in process answers as the built executable does', () => {
  it.each(
    [
      ['scan', '--format', 'json'],
      ['scan'],
      ['scan', '--staged', '--format', 'sarif'],
      ['scan', '--history', '--format', 'github'],
      ['scan', '--format', 'json', '../mysite'],
      ['fix', '--dry-run'],
      ['baseline', '-o', '../known.json'],
    ].map((args) => [args.join(' '), args] as const),
  )('settings-guard %s, from a subdirectory, a configuration above it and another in the test runner\'s directory', async (_command, args) => {
    const repo = newRepo();
    repo.write('pyproject.toml', '[tool.settings-guard]\ntest-paths = ["qa/**"]\nfail-on = "warning"\n');
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    repo.write('qa/settings.py', djangoSettings(insecureKey()));
    repo.write('app/settings.py', `${CLEAN_SETTINGS}# SECRET_KEY = '${randomKey()}'\n`);
    repo.commitAll('settings');
    const cwd = repo.path('app');

    const subprocess = runCli(cwd, args);
    const subprocessWrote = args[0] === 'baseline' ? repo.read('known.json') : '';
    const inProcess = await runInProcess(cwd, args);
    const inProcessWrote = args[0] === 'baseline' ? repo.read('known.json') : '';

    expect(process.cwd()).toBe(PROJECT_ROOT);
    expect({ ...inProcess, stdout: withoutTiming(inProcess.stdout), stderr: withoutTiming(inProcess.stderr) }).toEqual({
      status: subprocess.status,
      stdout: withoutTiming(subprocess.stdout),
      stderr: withoutTiming(subprocess.stderr),
    });
    expect(inProcessWrote).toBe(subprocessWrote);
  });
});

describe('one run leaves nothing to the next', () => {
  it('a configuration that turns rules off or changes their severity changes neither the catalog nor a later scan', async () => {
    const catalogBefore = JSON.stringify(ruleCatalog);
    const configured = newRepo();
    configured.write('.settings-guard.json', JSON.stringify({ rules: { 'django-insecure-key': 'off', 'django-hardcoded-key': 'note' }, exclude: ['legacy/**'], extraSettings: ['JWT_SECRET_KEY'] }));
    configured.write('mysite/settings.py', djangoSettings(insecureKey()));
    const plain = newRepo();
    plain.write('mysite/settings.py', djangoSettings(insecureKey()));
    plain.write('legacy/settings.py', djangoSettings(randomKey()));
    plain.write('auth/settings.py', `${CLEAN_SETTINGS}JWT_SECRET_KEY = "${randomKey(24)}"\n`);

    const findings = (run: { stdout: string }): string[] =>
      (JSON.parse(run.stdout) as { findings: { file: string; ruleId: string; severity: string }[] }).findings.map((finding) => `${finding.file} ${finding.ruleId} ${finding.severity}`);
    const first = await runInProcess(plain.dir, ['scan', '--format', 'json']);
    expect(findings(await runInProcess(configured.dir, ['scan', '--format', 'json']))).toEqual([]);
    const second = await runInProcess(plain.dir, ['scan', '--format', 'json']);

    expect(findings(first)).toEqual(['legacy/settings.py django-hardcoded-key error', 'mysite/settings.py django-insecure-key error']);
    expect(findings(second)).toEqual(findings(first));
    expect(JSON.stringify(ruleCatalog)).toBe(catalogBefore);
  });
});
