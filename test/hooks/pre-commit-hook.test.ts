// The installed hook, run by a real `git commit`, calling the built CLI.
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installHook } from '../../src/hooks/install';
import { CLEAN_SETTINGS, CLI_PATH, SETTINGS_KEY_LINE, TempRepo, djangoSettings, insecureKey, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

/** A repository where settings-guard is "npm installed" (a bin shim to dist/cli.js) and its hook installed. */
function repoWithHook(): TempRepo {
  const repo = newRepo();
  repo.write('.gitignore', 'node_modules/\n');
  repo.write('node_modules/.bin/settings-guard', `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, 0o755);
  const install = repo.cli(['install']);
  expect(install.status).toBe(0);
  return repo;
}

function commit(repo: TempRepo, ...args: string[]): { status: number | null; output: string } {
  const run = repo.tryGit('commit', '-q', '-m', 'change', ...args);
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('the installed pre-commit hook', () => {
  test('blocks the first commit of a leaked key, naming file and line without printing the key', () => {
    const repo = repoWithHook();
    const key = insecureKey();
    repo.write('mysite/settings.py', djangoSettings(key)).stage();

    const { status, output } = commit(repo);

    expect(status).not.toBe(0);
    expect(output).toContain('mysite/settings.py');
    expect(output).toMatch(new RegExp(`:${SETTINGS_KEY_LINE}\\b|line ${SETTINGS_KEY_LINE}\\b`));
    expect(output).toMatch(/insecure/i);
    expect(output).not.toContain(key);
    expect(output).not.toContain(key.slice('django-insecure-'.length));
    expect(repo.tryGit('rev-parse', '--verify', '-q', 'HEAD').status).not.toBe(0);
  });

  test('checks what `git commit -a` will commit, not only what was staged before', () => {
    const repo = repoWithHook();
    repo.write('settings.py', CLEAN_SETTINGS).stage();
    expect(commit(repo).status).toBe(0);
    repo.write('settings.py', djangoSettings(insecureKey()));

    const { status, output } = commit(repo, '-a');

    expect(status).not.toBe(0);
    expect(output).toContain('settings.py');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  test('lets a clean commit through and stays quiet when nothing relevant is staged', () => {
    const repo = repoWithHook();
    repo.write('settings.py', CLEAN_SETTINGS).write('README.md', 'docs\n').stage();

    const clean = commit(repo);
    repo.write('README.md', 'more docs\n').stage();
    const unrelated = commit(repo);

    expect(clean.status).toBe(0);
    expect(unrelated.status).toBe(0);
    expect(unrelated.output.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });
});

describe('when the settings-guard that installed the hook has gone', () => {
  const gone = { node: process.execPath, cli: '/nonexistent/settings-guard/dist/cli.js' };

  function linkPackage(directory: string): void {
    const cli = join(directory, 'node_modules', 'settings-guard', 'dist', 'cli.js');
    mkdirSync(dirname(cli), { recursive: true });
    symlinkSync(CLI_PATH, cli);
  }

  function blocksAKey(repo: TempRepo, env: NodeJS.ProcessEnv = {}): void {
    repo.write('app/settings.py', djangoSettings(insecureKey())).stage();
    const result = repo.tryGitWith(env, 'commit', '-q', '-m', 'key');
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('app/settings.py');
  }

  test("it runs the work tree's node_modules copy, then the main work tree's from a linked worktree", async () => {
    const repo = newRepo();
    repo.write('.gitignore', 'node_modules/\n').write('README.md', 'docs\n').commitAll('start');
    linkPackage(repo.dir);
    await installHook({ cwd: repo.dir, runner: gone });

    blocksAKey(repo);

    const worktree = join(makeTempDir('sg-linked-'), 'wt');
    repo.git('worktree', 'add', '-q', worktree);
    try {
      blocksAKey(new TempRepo({ init: false, dir: worktree }));
    } finally {
      rmSync(dirname(worktree), { recursive: true, force: true });
    }
  });

  test('it runs the one on PATH', async () => {
    const repo = newRepo();
    const bin = makeTempDir('sg-path-');
    try {
      symlinkSync(CLI_PATH, join(bin, 'settings-guard'));
      await installHook({ cwd: repo.dir, runner: gone });

      blocksAKey(repo, { PATH: `${bin}:${process.env.PATH ?? ''}` });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
