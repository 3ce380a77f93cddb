import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../src/errors';
import { HOOK_COMMAND, installHook, uninstallHook } from '../../src/hooks/install';
import { CLI_PATH, PROJECT_ROOT, TempRepo, makeTempDir, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

function isExecutable(path: string): boolean {
  return (statSync(path).mode & 0o111) === 0o111;
}

describe('install / uninstall in a plain git repository', () => {
  test('writes an executable pre-commit hook, once', async () => {
    const repo = newRepo();

    const first = await installHook({ cwd: repo.dir });
    const content = readFileSync(first.path, 'utf8');
    const second = await installHook({ cwd: repo.dir });

    expect(first).toEqual(expect.objectContaining({ changed: true, path: repo.path('.git/hooks/pre-commit') }));
    expect(content.startsWith('#!/bin/sh\n')).toBe(true);
    expect(content).toContain('settings_guard hook pre-commit');
    expect(content).not.toMatch(/\bnpx\b/);
    expect(isExecutable(first.path)).toBe(true);
    expect(second.changed).toBe(false);
    expect(readFileSync(first.path, 'utf8')).toBe(content);
  });

  test('honours core.hooksPath', async () => {
    const repo = newRepo();
    repo.git('config', 'core.hooksPath', '.githooks');

    const change = await installHook({ cwd: repo.dir });

    expect(change.path).toBe(repo.path('.githooks/pre-commit'));
    expect(existsSync(repo.path('.git/hooks/pre-commit'))).toBe(false);
    expect(repo.read('.githooks/pre-commit')).toContain('settings_guard hook pre-commit');
  });

  test('also writes pre-merge-commit and pre-push, and uninstall removes all three', async () => {
    const repo = newRepo();

    const installed = await installHook({ cwd: repo.dir });

    expect(installed.paths).toEqual(['pre-commit', 'pre-merge-commit', 'pre-push'].map((name) => repo.path(`.git/hooks/${name}`)));
    expect(repo.read('.git/hooks/pre-merge-commit')).toContain('settings_guard hook pre-merge-commit');
    expect(repo.read('.git/hooks/pre-push')).toContain('settings_guard hook pre-push "$@"');
    for (const path of installed.paths) expect(isExecutable(path)).toBe(true);

    await uninstallHook({ cwd: repo.dir });
    for (const path of installed.paths) expect(existsSync(path)).toBe(false);
  });

  test('records the settings-guard that installed it, quoted for the shell, and never calls npx', async () => {
    const repo = newRepo();

    await installHook({ cwd: repo.dir, runner: { node: "/opt/node's/bin/node", cli: '/opt/sg/dist/cli.js' } });
    const hook = repo.read('.git/hooks/pre-commit');

    expect(hook).toContain(`sg_node='/opt/node'\\''s/bin/node'`);
    expect(hook).toContain(`sg_cli='/opt/sg/dist/cli.js'`);
    expect(hook).toContain('node_modules/settings-guard/dist/cli.js');
    expect(hook).not.toMatch(/\bnpx\b/);
  });

  test('in a bare repository (a git server) it installs the pre-receive hook only', async () => {
    const repo = newRepo({ init: false });
    repo.git('init', '-q', '--bare');

    const installed = await installHook({ cwd: repo.dir });

    expect(installed.paths).toEqual([repo.path('hooks/pre-receive')]);
    expect(repo.read('hooks/pre-receive')).toContain('settings_guard hook pre-receive');
    expect(existsSync(repo.path('hooks/pre-commit'))).toBe(false);
    expect((await uninstallHook({ cwd: repo.dir })).changed).toBe(true);
    expect(existsSync(repo.path('hooks/pre-receive'))).toBe(false);
  });

  test('chains into an existing shell hook and uninstall gives it back unchanged', async () => {
    const repo = newRepo();
    const foreign = '#!/bin/sh\necho "lint ran" >> lint.log\nexit 0\n';
    repo.write('.git/hooks/pre-commit', foreign, 0o755);

    const installed = await installHook({ cwd: repo.dir });
    const chained = repo.read('.git/hooks/pre-commit');
    const removed = await uninstallHook({ cwd: repo.dir });

    expect(installed.changed).toBe(true);
    expect(chained).toContain('echo "lint ran" >> lint.log');
    // Before the foreign hook's own `exit 0`, so it always runs.
    expect(chained.indexOf('settings_guard hook pre-commit')).toBeLessThan(chained.indexOf('exit 0'));
    expect(removed.changed).toBe(true);
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
  });

  test('refuses to touch a hook in another language unless forced, then chains and restores it', async () => {
    const repo = newRepo();
    const foreign = '#!/usr/bin/env python3\nprint("checked")\n';
    repo.write('.git/hooks/pre-commit', foreign, 0o755);

    await expect(installHook({ cwd: repo.dir })).rejects.toThrow(UserError);
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
    // Refused before anything was written: no hook half installed.
    expect(existsSync(repo.path('.git/hooks/pre-push'))).toBe(false);

    const forced = await installHook({ cwd: repo.dir, force: true });
    expect(forced.changed).toBe(true);
    expect(repo.read('.git/hooks/pre-commit.before-settings-guard')).toBe(foreign);
    expect(repo.read('.git/hooks/pre-commit')).toContain('pre-commit.before-settings-guard');
    expect((await installHook({ cwd: repo.dir, force: true })).changed).toBe(false);

    await uninstallHook({ cwd: repo.dir });
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
    expect(existsSync(repo.path('.git/hooks/pre-commit.before-settings-guard'))).toBe(false);
  });

  test('uninstall removes a hook it created and does nothing when none was installed', async () => {
    const repo = newRepo();
    expect((await uninstallHook({ cwd: repo.dir })).changed).toBe(false);

    await installHook({ cwd: repo.dir });
    const removed = await uninstallHook({ cwd: repo.dir });

    expect(removed.changed).toBe(true);
    expect(existsSync(repo.path('.git/hooks/pre-commit'))).toBe(false);
  });

  test('a disabled (not executable) hook stays disabled: settings-guard runs alone, uninstall gives it back as it was', async () => {
    const repo = newRepo();
    const disabled = '#!/bin/sh\necho "old lint" >> lint.log\nexit 1\n';
    repo.write('.git/hooks/pre-commit', disabled, 0o644);

    const installed = await installHook({ cwd: repo.dir, runner: { node: process.execPath, cli: CLI_PATH } });
    const hook = repo.read('.git/hooks/pre-commit');
    repo.write('settings.py', 'DEBUG = True\n').stage();
    const commit = repo.tryGit('commit', '-q', '-m', 'clean');

    expect(installed.message).toMatch(/pre-commit was disabled \(not executable\).*still disabled/);
    expect(hook).not.toContain('old lint');
    expect(hook).not.toContain('before-settings-guard');
    expect(isExecutable(repo.path('.git/hooks/pre-commit'))).toBe(true);
    expect(repo.read('.git/hooks/pre-commit.before-settings-guard')).toBe(disabled);
    expect(statSync(repo.path('.git/hooks/pre-commit.before-settings-guard')).mode & 0o777).toBe(0o644);
    // The disabled hook would have failed the commit and written lint.log.
    expect(commit.status).toBe(0);
    expect(existsSync(repo.path('lint.log'))).toBe(false);
    expect((await installHook({ cwd: repo.dir, runner: { node: process.execPath, cli: CLI_PATH } })).changed).toBe(false);

    await uninstallHook({ cwd: repo.dir });
    expect(repo.read('.git/hooks/pre-commit')).toBe(disabled);
    expect(statSync(repo.path('.git/hooks/pre-commit')).mode & 0o777).toBe(0o644);
    expect(existsSync(repo.path('.git/hooks/pre-commit.before-settings-guard'))).toBe(false);
  });

  test('outside a git repository it is a UserError', async () => {
    const dir = makeTempDir();
    try {
      await expect(installHook({ cwd: dir })).rejects.toThrow(UserError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('install / uninstall with husky', () => {
  test('adds the command to .husky/pre-commit and says when husky is not active', async () => {
    const repo = newRepo();
    repo.write('package.json', JSON.stringify({ devDependencies: { husky: '^9.1.7' } }));

    const change = await installHook({ cwd: repo.dir });

    expect(change.path).toBe(repo.path('.husky/pre-commit'));
    expect(repo.read('.husky/pre-commit').split('\n')[0]).toContain('settings-guard hook pre-commit');
    expect(repo.read('.husky/pre-merge-commit')).toContain('settings-guard hook pre-merge-commit');
    expect(repo.read('.husky/pre-push')).toContain('settings-guard hook pre-push "$@"');
    expect(repo.read('.husky/pre-commit')).not.toMatch(/\bnpx\b/);
    expect(change.message).toMatch(/npx husky/);
    expect(existsSync(repo.path('.git/hooks/pre-commit'))).toBe(false);
  });

  test('keeps the existing husky commands, is idempotent, and uninstall removes only its line', async () => {
    const repo = newRepo();
    repo.git('config', 'core.hooksPath', '.husky/_');
    repo.write('.husky/pre-commit', 'npm test\n');

    const first = await installHook({ cwd: repo.dir });
    const second = await installHook({ cwd: repo.dir });

    expect(first.changed).toBe(true);
    expect(first.message).not.toMatch(/npx husky/);
    expect(second.changed).toBe(false);
    expect(repo.read('.husky/pre-commit')).toMatch(/^[^\n]*settings-guard hook pre-commit[^\n]*\nnpm test\n$/);

    await uninstallHook({ cwd: repo.dir });
    expect(repo.read('.husky/pre-commit')).toBe('npm test\n');
    expect(existsSync(repo.path('.husky/pre-push'))).toBe(false);
  });

  test("replaces an older install's npx line", async () => {
    const repo = newRepo();
    repo.write('.husky/pre-commit', 'npm test\nnpx --no-install settings-guard scan --staged # added by settings-guard install\n');

    expect((await installHook({ cwd: repo.dir })).changed).toBe(true);
    expect(repo.read('.husky/pre-commit')).toMatch(/^npm test\n[^\n]*settings-guard hook pre-commit[^\n]*\n$/);
  });

  test('a line the user wrote themselves counts as installed and is never removed', async () => {
    const repo = newRepo();
    repo.write('.husky/pre-commit', 'npx settings-guard scan --staged\n');
    repo.write('.husky/pre-push', `${HOOK_COMMAND.replace('pre-commit', 'pre-push')} "$@"\n`);

    const installed = await installHook({ cwd: repo.dir });
    await uninstallHook({ cwd: repo.dir });

    expect(installed.paths.map((path) => [path, installed.message.includes(`installed ${path.slice(repo.dir.length + 1)}`)])).toEqual([
      [repo.path('.husky/pre-commit'), false],
      [repo.path('.husky/pre-merge-commit'), true],
      [repo.path('.husky/pre-push'), false],
    ]);
    expect(repo.read('.husky/pre-commit')).toBe('npx settings-guard scan --staged\n');
    expect(repo.read('.husky/pre-push')).toBe('settings-guard hook pre-push "$@"\n');
    expect(existsSync(repo.path('.husky/pre-merge-commit'))).toBe(false);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  test('declares a node hook that checks the files it is given, at commit, merge and push', () => {
    const hooks = parseYaml(readFileSync(`${PROJECT_ROOT}/.pre-commit-hooks.yaml`, 'utf8')) as Record<string, unknown>[];

    expect(hooks).toEqual([
      expect.objectContaining({
        id: 'settings-guard',
        language: 'node',
        entry: 'settings-guard hook pre-commit-framework --',
        pass_filenames: true,
        stages: ['commit', 'merge-commit', 'push'],
      }),
    ]);
    expect(hooks[0]).not.toHaveProperty('always_run');
  });
});
