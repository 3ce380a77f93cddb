// The hooks run the settings-guard that installed them in every common install,
// from a real `npm pack` tarball: global (`npm i -g`, no package.json in the
// repository: a Python team), a dev dependency at the root, one in frontend/,
// and a linked worktree without node_modules; and from a git URL (an unreleased
// version), which npm builds. Commits run with a PATH holding git but neither
// node nor npm/npx (a GUI client), and an npm registry that cannot answer: the
// hook must never ask one. The tarball has no install script: npm runs nothing
// of it and warns of nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLEAN_SETTINGS, PROJECT_ROOT, TempRepo, djangoSettings, insecureKey, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();
let work: string;
let tarball: string;
let globalPrefix: string;
/** A PATH with git and the few tools a hook script uses, and no node, npm or npx. */
let bareBin: string;
/** Where the fake npm and npx log being called. */
let npmCalls: string;

/** Runs npm (its warnings shown, from the cache where it can) and returns what it printed. */
function npm(cwd: string, ...args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=warn'], { cwd, encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

let packOutput: string;
/** A clone of the commit under test, as a release is packed or a git URL fetched: commit before running this. */
let source: string;

beforeAll(() => {
  work = makeTempDir('sg-installs-');
  // Packed from a clone, so that npm pack's build and its package.json rewrite never touch this
  // checkout while other suites run its dist/; its node_modules lend the clone the build tools.
  source = join(work, 'source');
  execFileSync('git', ['clone', '-q', PROJECT_ROOT, source]);
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(source, 'node_modules'));
  packOutput = npm(source, 'pack', '--pack-destination', work).stdout;
  const packed = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!packed) throw new Error('npm pack wrote no tarball');
  tarball = join(work, packed);
  globalPrefix = join(work, 'global');
  npm(work, 'install', '--global', '--prefix', globalPrefix, tarball);

  bareBin = join(work, 'bare-bin');
  npmCalls = join(work, 'npm-calls.log');
  mkdirSync(bareBin);
  for (const tool of ['git', 'cat', 'dirname', 'basename', 'sed']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    symlinkSync(found, join(bareBin, tool));
  }
  for (const tool of ['npm', 'npx']) {
    writeFileSync(join(bareBin, tool), `#!/bin/sh\necho "${tool} $*" >> '${npmCalls}'\nexit 1\n`);
    chmodSync(join(bareBin, tool), 0o755);
  }
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** git commit as a GUI client would run it: no node on PATH, and a registry that refuses every connection. */
function commitWithoutNode(repo: TempRepo, cwd = repo.dir): { status: number | null; output: string } {
  const result = spawnSync('git', ['commit', '-q', '-m', 'change'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: bareBin, npm_config_registry: 'http://127.0.0.1:9', NO_COLOR: '1' },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

function expectGuarded(repo: TempRepo, directory = ''): void {
  const key = insecureKey();
  repo.write(join(directory, 'app/settings.py'), djangoSettings(key)).stage();
  const blocked = commitWithoutNode(repo);
  expect(blocked.status).not.toBe(0);
  expect(blocked.output).toContain('app/settings.py');
  expect(blocked.output).not.toContain(key);

  // Different each time, so that a second check in the same history still has a change to commit.
  repo.write(join(directory, 'app/settings.py'), `${CLEAN_SETTINGS}# checked in ${repo.dir}\n`).stage();
  expect(commitWithoutNode(repo)).toMatchObject({ status: 0 });
  expect(existsSync(npmCalls)).toBe(false);
}

test('installed globally, in a repository with no package.json', () => {
  const repo = newRepo();
  execFileSync(join(globalPrefix, 'bin', 'settings-guard'), ['install'], { cwd: repo.dir, stdio: 'pipe' });

  expectGuarded(repo);
});

test('gone since install: the commit is blocked with one line saying how to reinstall, and no registry is asked', () => {
  const repo = newRepo();
  execFileSync(join(globalPrefix, 'bin', 'settings-guard'), ['install'], { cwd: repo.dir, stdio: 'pipe' });
  repo.write('README.md', 'docs\n').stage();
  const moved = `${globalPrefix}-moved`;
  renameSync(globalPrefix, moved);
  try {
    const { status, output } = commitWithoutNode(repo);
    expect(status).not.toBe(0);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^settings-guard: cannot run settings-guard .*reinstall it/)]);
    expect(existsSync(npmCalls)).toBe(false);
  } finally {
    renameSync(moved, globalPrefix);
  }
});

test('the tarball: built, its package.json without scripts, and npm pack prints only its name (what the pre-commit framework reads)', () => {
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { scripts?: unknown; version: string };
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');

  expect(manifest.scripts).toBeUndefined();
  expect(files).toEqual(expect.arrayContaining(['package/dist/cli.js', 'package/dist/main.js', 'package/dist/index.js']));
  expect(files.filter((file) => file.startsWith('package/scripts/') || file.startsWith('package/src/'))).toEqual([]);
  expect(packOutput).toBe(`settings-guard-${manifest.version}.tgz\n`);
  // postpack put the development clone's package.json back, byte for byte.
  expect(readFileSync(join(source, 'package.json'), 'utf8')).toBe(execFileSync('git', ['show', 'HEAD:package.json'], { cwd: source, encoding: 'utf8' }));
});

test('a dev dependency at the root, and a linked worktree that has no node_modules', () => {
  const repo = newRepo();
  repo.write('package.json', JSON.stringify({ name: 'site', private: true }));
  repo.write('.gitignore', 'node_modules/\n');
  const installed = npm(repo.dir, 'install', '--save-dev', tarball);
  // npm 11 warns of every dependency install script no allowScripts entry covers.
  expect(installed.stderr).not.toMatch(/install-scripts|allowScripts|settings-guard/);
  execFileSync(join(repo.dir, 'node_modules', '.bin', 'settings-guard'), ['install'], { cwd: repo.dir, stdio: 'pipe' });
  repo.commitAll('project');

  expectGuarded(repo);

  const worktree = makeTempDir('sg-worktree-');
  rmSync(worktree, { recursive: true });
  repo.git('worktree', 'add', '-q', worktree);
  try {
    const linked = new TempRepo({ init: false, dir: worktree });
    expectGuarded(linked);
  } finally {
    rmSync(worktree, { recursive: true, force: true });
  }
});

test('a dev dependency of frontend/, the repository root holding no package.json', () => {
  const repo = newRepo();
  repo.write('frontend/package.json', JSON.stringify({ name: 'frontend', private: true }));
  repo.write('.gitignore', 'node_modules/\n');
  npm(repo.path('frontend'), 'install', '--save-dev', tarball);
  execFileSync(join(repo.path('frontend'), 'node_modules', '.bin', 'settings-guard'), ['install'], { cwd: repo.path('frontend'), stdio: 'pipe' });
  repo.commitAll('project');

  expectGuarded(repo, 'backend');
});

test('installed from a git URL (an unreleased version): npm builds it, and its hooks guard commits', () => {
  const repo = newRepo();
  repo.write('package.json', JSON.stringify({ name: 'site', private: true }));
  repo.write('.gitignore', 'node_modules/\n');
  // As `npm install git+https://…/settings-guard.git` fetches it: npm clones the commit, installs its
  // devDependencies and runs its prepare script in that clone, then installs what it packs.
  npm(repo.dir, 'install', '--save-dev', `git+file://${source}`);
  expect(existsSync(join(repo.dir, 'node_modules', 'settings-guard', 'dist', 'cli.js'))).toBe(true);
  execFileSync(join(repo.dir, 'node_modules', '.bin', 'settings-guard'), ['install'], { cwd: repo.dir, stdio: 'pipe' });
  repo.commitAll('project');

  expectGuarded(repo);
});
