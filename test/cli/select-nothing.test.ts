// Inputs that would select nothing, or the wrong thing, and pass in silence:
// each is refused in one line (exit 2), said, or scoped to the project.
// In process through run(argv, io), with the real scan behind it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, type InProcessRun as Outcome } from '../helpers/in-process';
import { TempRepo, djangoSettings, insecureKey, makeTempDir } from '../helpers/temp-repo';

const cli = (cwd: string, argv: string[]): Promise<Outcome> => runInProcess(cwd, argv);

function expectOneLineError(outcome: Outcome, code: number, pattern: RegExp): void {
  expect({ status: outcome.status, stderr: outcome.stderr }).toEqual({ status: code, stderr: expect.stringMatching(pattern) });
  expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(outcome.stderr).not.toMatch(/internal error/);
}

function repoWithKey(): TempRepo {
  const repo = new TempRepo();
  repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage().commit('settings');
  return repo;
}

describe('globs that match nothing by mistake are refused, naming the glob', () => {
  const repo = repoWithKey();

  it.each([
    ['an unclosed bracket', '[', /--include: invalid glob "\[": an unclosed "\["/],
    ['an unclosed brace', '{a,', /--include: invalid glob "\{a,": an unclosed "\{"/],
    ['an unclosed brace after a path', '**/*.{py,', /an unclosed "\{"/],
    ['an absolute path', '/etc/*.py', /invalid glob "\/etc\/\*\.py": absolute/],
    ['a Windows path', 'mysite\\settings.py', /invalid glob "mysite\\settings\.py": a backslash: separate directories with \//],
    ['an empty glob', '', /invalid glob "": an empty glob matches nothing/],
  ])('--include with %s', async (_what, glob, message) => {
    for (const mode of [[], ['--staged'], ['--history']]) {
      expectOneLineError(await cli(repo.dir, ['scan', ...mode, '--include', glob]), 2, message);
      expectOneLineError(await cli(repo.dir, ['scan', ...mode, '--exclude', glob]), 2, message.source.includes('--include') ? new RegExp(message.source.replace('--include', '--exclude')) : message);
    }
  });

  it('a 100,000-character glob is cut short in the message', async () => {
    const outcome = await cli(repo.dir, ['scan', '--include', 'a'.repeat(100_000)]);
    expectOneLineError(outcome, 2, /invalid glob "a{40}…" \(100000 characters\): longer than 65536 characters/);
  });

  it('a glob in the configuration, in the file\'s own words', async () => {
    writeFileSync(join(repo.dir, '.settings-guard.json'), JSON.stringify({ exclude: ['legacy/{a,b'] }));
    try {
      expectOneLineError(await cli(repo.dir, ['scan']), 2, /^settings-guard: \.settings-guard\.json: "exclude" must be a list of valid globs \("legacy\/\{a,b": an unclosed "\{"/);
    } finally {
      repo.remove('.settings-guard.json');
    }
  });

  it('escaped special characters and balanced globs are fine', async () => {
    expect((await cli(repo.dir, ['scan', '--include', 'mysite/*.{py,env}'])).status).toBe(1);
    expect((await cli(repo.dir, ['scan', '--include', '[m]ysite/**', '--exclude', '\\[literal\\]'])).status).toBe(1);
  });
});

describe('a scan that selects no file says so', () => {
  it('when the globs leave out every file settings-guard would read', async () => {
    const repo = repoWithKey();
    const outcome = await cli(repo.dir, ['scan', '--include', 'nothing-here/**']);
    expect(outcome.status).toBe(0);
    expect(outcome.stdout).toContain('no file selected: --include, --exclude or the configuration left out each of the 1 file settings-guard would read here');
    const json = JSON.parse((await cli(repo.dir, ['scan', '--format', 'json', '--exclude', '**/*.py'])).stdout) as { stats: { filesLeftOut?: number } };
    expect(json.stats.filesLeftOut).toBe(1);
  });

  it('but not when files were scanned, or the tree holds none to read', async () => {
    const repo = repoWithKey();
    expect((await cli(repo.dir, ['scan', '--include', 'mysite/**'])).stdout).not.toContain('no file selected');
    const empty = makeTempDir();
    writeFileSync(join(empty, 'notes.txt'), 'nothing\n');
    expect((await cli(empty, ['scan'])).stdout).not.toContain('no file selected');
  });
});

describe('configuration keys that are not settings', () => {
  it.each(['__proto__', 'constructor', 'toString'])('"%s" is an unknown setting, not an internal error', async (key) => {
    const repo = repoWithKey();
    writeFileSync(join(repo.dir, '.settings-guard.json'), `{"${key}": {}}`);
    expectOneLineError(await cli(repo.dir, ['scan']), 2, new RegExp(`^settings-guard: \\.settings-guard\\.json: unknown setting "${key}"`));
  });
});

describe('a damaged git index', () => {
  it('stops a staged or working-tree scan with exit 3 and git\'s reason', async () => {
    const repo = repoWithKey();
    const index = join(repo.dir, '.git', 'index');
    writeFileSync(index, readFileSync(index).subarray(0, 30));
    expectOneLineError(await cli(repo.dir, ['scan', '--staged']), 3, /^settings-guard: git could not list the staged changes, so nothing was scanned: .*index file smaller than expected/);
    expectOneLineError(await cli(repo.dir, ['scan']), 3, /^settings-guard: git could not list the files of the work tree, so nothing was scanned: .*index file smaller than expected/);
  });
});

describe('baseline -o names where the file goes, never what is scanned', () => {
  it.each([
    ['an absolute path above the project (baseline -o /tmp/x.json)', (parent: string) => join(parent, 'baseline.json'), 'baseline.json'],
    ['a relative path to the parent directory', () => '../../parent-baseline.json', 'parent-baseline.json'],
  ])('%s: only the project is recorded', async (_what, target, writtenName) => {
    const parent = makeTempDir('sg-parent-');
    // A key beside the project, in the directory the output goes to: it must not be recorded.
    writeFileSync(join(parent, 'settings.py'), djangoSettings(insecureKey()));
    mkdirSync(join(parent, 'project'));
    const repo = new TempRepo({ dir: join(parent, 'project') });
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage().commit('settings');
    const outcome = await cli(repo.path('mysite'), ['baseline', '-o', target(parent)]);
    expect(outcome.status).toBe(0);
    const written = join(parent, writtenName);
    const entries = (JSON.parse(readFileSync(written, 'utf8')) as { entries: { file: string; seenIn: string[] }[] }).entries;
    expect(entries.map((entry) => [entry.file, entry.seenIn])).toEqual([[expect.stringMatching(/(?:^|\/)project\/mysite\/settings\.py$/), ['tree', 'history']]]);
  });
});
