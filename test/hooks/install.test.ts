import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../src/errors';
import { HOOK_COMMAND, installHook, uninstallHook } from '../../src/hooks/install';
import { PROJECT_ROOT, TempRepo, makeTempDir, tempRepos } from '../helpers/temp-repo';

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
    expect(content).toContain(HOOK_COMMAND);
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
    expect(repo.read('.githooks/pre-commit')).toContain(HOOK_COMMAND);
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
    expect(chained.indexOf('settings-guard scan --staged')).toBeLessThan(chained.indexOf('exit 0'));
    expect(removed.changed).toBe(true);
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);
  });

  test('refuses to touch a hook in another language unless forced, then chains and restores it', async () => {
    const repo = newRepo();
    const foreign = '#!/usr/bin/env python3\nprint("checked")\n';
    repo.write('.git/hooks/pre-commit', foreign, 0o755);

    await expect(installHook({ cwd: repo.dir })).rejects.toThrow(UserError);
    expect(repo.read('.git/hooks/pre-commit')).toBe(foreign);

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
    expect(repo.read('.husky/pre-commit').split('\n')[0]).toMatch(/^npx --no-install settings-guard scan --staged\b/);
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
    expect(repo.read('.husky/pre-commit')).toMatch(/^npm test\nnpx --no-install settings-guard scan --staged.*\n$/);

    await uninstallHook({ cwd: repo.dir });
    expect(repo.read('.husky/pre-commit')).toBe('npm test\n');
  });

  test('a line the user wrote themselves counts as installed and is never removed', async () => {
    const repo = newRepo();
    repo.write('.husky/pre-commit', `${HOOK_COMMAND}\n`);

    expect((await installHook({ cwd: repo.dir })).changed).toBe(false);
    expect((await uninstallHook({ cwd: repo.dir })).changed).toBe(false);
    expect(repo.read('.husky/pre-commit')).toBe(`${HOOK_COMMAND}\n`);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  test('declares a node hook that scans the staged blobs itself', () => {
    const hooks = parseYaml(readFileSync(`${PROJECT_ROOT}/.pre-commit-hooks.yaml`, 'utf8')) as Record<string, unknown>[];

    expect(hooks).toEqual([
      expect.objectContaining({
        id: 'settings-guard',
        language: 'node',
        entry: 'settings-guard scan --staged',
        pass_filenames: false,
        always_run: true,
      }),
    ]);
  });
});
