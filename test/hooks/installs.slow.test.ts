// The hooks run the settings-guard that installed them in every common install,
// from a real `npm pack` tarball: global (`npm i -g`, no package.json in the
// repository: a Python team), a dev dependency at the root, one in frontend/,
// and a linked worktree without node_modules. Commits run with a PATH holding
// git but neither node nor npm/npx (a GUI client), and an npm registry that
// cannot answer: the hook must never ask one.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

function npm(cwd: string, ...args: string[]): void {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  work = makeTempDir('sg-installs-');
  npm(PROJECT_ROOT, 'pack', '--pack-destination', work);
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

test('a dev dependency at the root, and a linked worktree that has no node_modules', () => {
  const repo = newRepo();
  repo.write('package.json', JSON.stringify({ name: 'site', private: true }));
  repo.write('.gitignore', 'node_modules/\n');
  npm(repo.dir, 'install', '--save-dev', tarball);
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
