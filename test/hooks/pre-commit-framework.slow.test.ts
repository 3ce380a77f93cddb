// The pre-commit framework (pre-commit.com) installs settings-guard from a clone
// of this repository through .pre-commit-hooks.yaml, as a Python team would:
// with the README's own snippet, at the tag the release step (`npm version`)
// makes in a clone of this repository. Needs Debian's `pre-commit`, which CI
// installs; the test fails without it. The clone is of HEAD: commit before
// running it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLEAN_SETTINGS, djangoSettings, insecureKey, PROJECT_ROOT } from '../helpers/temp-repo';

interface Run {
  status: number | null;
  output: string;
}

let work: string;
let project: string;
let env: NodeJS.ProcessEnv;

function preCommit(...args: string[]): Run {
  const result = spawnSync('pre-commit', args, { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: project, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let hookRepo: string;
let released: { version: string; tag: string };

/** The README's `.pre-commit-config.yaml` snippet, as the clone at `dir` has it. */
function readmeSnippet(dir: string): string {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const snippet = /^```yaml\n(# \.pre-commit-config\.yaml\n[\s\S]*?)^```$/m.exec(readme);
  if (!snippet) throw new Error('the README has no .pre-commit-config.yaml snippet');
  return snippet[1]!;
}

beforeAll(() => {
  expect(spawnSync('pre-commit', ['--version']).status).toBe(0);
  work = mkdtempSync(join(tmpdir(), 'sg-pre-commit-'));
  // The hook repository is a clone at the commit under test, released as the README says
  // (`npm version patch`: the version's commit and its vX.Y.Z tag).
  hookRepo = join(work, 'settings-guard');
  execFileSync('git', ['clone', '-q', PROJECT_ROOT, hookRepo]);
  execFileSync('npm', ['version', 'patch', '--loglevel=error'], { cwd: hookRepo, stdio: 'pipe' });
  const { version } = JSON.parse(readFileSync(join(hookRepo, 'package.json'), 'utf8')) as { version: string };
  released = { version, tag: execFileSync('git', ['describe', '--tags', '--exact-match', 'HEAD'], { cwd: hookRepo, encoding: 'utf8' }).trim() };
  project = join(work, 'project');
  execFileSync('git', ['init', '-q', '-b', 'main', project]);
  writeFileSync(join(project, '.pre-commit-config.yaml'), readmeSnippet(hookRepo).replace('https://github.com/OWNER/settings-guard', `file://${hookRepo}`));
  env = { ...process.env, PRE_COMMIT_HOME: join(work, 'cache'), NO_COLOR: '1' };
}, 600_000);

test('the release step tags the version the README snippet names, and the snippet works as written (but the URL)', () => {
  expect(released.tag).toBe(`v${released.version}`);
  expect(readFileSync(join(project, '.pre-commit-config.yaml'), 'utf8')).toContain(`    rev: ${released.tag}\n`);
  expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).not.toContain(`rev: ${released.tag}`);
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

test('blocks a commit with a key through .pre-commit-hooks.yaml, and lets a clean one through', () => {
  const key = insecureKey();
  writeFileSync(join(project, 'settings.py'), djangoSettings(key));
  git('add', '-A');

  const blocked = preCommit('run');
  expect(blocked.status).toBe(1);
  expect(blocked.output).toContain('settings.py');
  expect(blocked.output).toMatch(/insecure/);
  expect(blocked.output).not.toContain(key);

  writeFileSync(join(project, 'settings.py'), CLEAN_SETTINGS);
  git('add', '-A');
  expect(preCommit('run')).toMatchObject({ status: 0 });
}, 600_000);

test('`run --all-files` and `run --files` fail on a key already committed; files it does not read make no noise', () => {
  const key = insecureKey();
  writeFileSync(join(project, 'settings.py'), djangoSettings(key));
  writeFileSync(join(project, 'README.md'), '# project\n');
  writeFileSync(join(project, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'key committed before the hook');

  const all = preCommit('run', '--all-files');
  const named = preCommit('run', 'settings-guard', '--files', 'settings.py');
  const others = preCommit('run', '--verbose', 'settings-guard', '--files', 'README.md', 'logo.png', '.pre-commit-config.yaml');

  expect(all.status).toBe(1);
  expect(all.output).toContain('settings.py');
  expect(all.output).not.toContain(key);
  expect(named.status).toBe(1);
  expect(named.output).toContain('settings.py');
  expect(others.status).toBe(0);
  expect(others.output).not.toMatch(/not scanned|unsupported|README\.md|logo\.png/);

  writeFileSync(join(project, 'settings.py'), CLEAN_SETTINGS);
  git('commit', '-q', '--no-verify', '-am', 'key out of the code (still in the history)');
}, 600_000);

test("the framework's pre-push stage scans the commits pushed", () => {
  const remote = join(work, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  git('remote', 'add', 'origin', remote);
  git('push', '-q', '--no-verify', 'origin', 'main');
  expect(preCommit('install', '--hook-type', 'pre-push').status).toBe(0);
  writeFileSync(join(project, 'app.py'), `SECRET_KEY = '${insecureKey()}'\n`);
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'key, hooks skipped');
  writeFileSync(join(project, 'app.py'), 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n');
  git('commit', '-q', '--no-verify', '-am', 'key gone from the tree, still in the history');

  const pushed = spawnSync('git', ['push', 'origin', 'main'], { cwd: project, env, encoding: 'utf8', timeout: 600_000 });

  expect(pushed.status).not.toBe(0);
  expect(`${pushed.stdout}${pushed.stderr}`).toContain('app.py');
  expect(`${pushed.stdout}${pushed.stderr}`).toMatch(/git rebase -i/);
}, 600_000);
