// The commands block messages name must work in the user's own shell, however
// settings-guard was installed, and never send npx to a registry.
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invocationOf } from '../../src/cli/invocation';
import { runInProcess } from '../helpers/in-process';
import { CLI_PATH, TempRepo, djangoSettings, insecureKey, makeTempDir } from '../helpers/temp-repo';

/** A dist/cli.js at `relative` under a fresh temp dir, and that dir. */
function installedAt(relative: string): { root: string; cli: string } {
  const root = realpathSync(makeTempDir('sg-invocation-'));
  const cli = join(root, relative, 'dist', 'cli.js');
  mkdirSync(join(cli, '..'), { recursive: true });
  writeFileSync(cli, '');
  return { root, cli };
}

function linkBin(root: string, binDirectory: string, cli: string): string {
  const directory = join(root, binDirectory);
  mkdirSync(directory, { recursive: true });
  symlinkSync(cli, join(directory, 'settings-guard'));
  return directory;
}

describe('the command a message names to run settings-guard again', () => {
  it('a global install on PATH: settings-guard', () => {
    const { root, cli } = installedAt('prefix/lib/node_modules/settings-guard');
    const bin = linkBin(root, 'prefix/bin', cli);
    expect(invocationOf({ env: { PATH: `/usr/bin:${bin}` }, executable: { node: '/usr/bin/node', cli } })).toBe('settings-guard');
  });

  it('a global install whose bin is not on PATH (a GUI client, a hook): node and its path, never npx', () => {
    const { cli } = installedAt('prefix/lib/node_modules/settings-guard');
    expect(invocationOf({ env: { PATH: '/usr/bin' }, executable: { node: '/usr/bin/node', cli } })).toBe(`node ${cli}`);
  });

  it("a project's dev dependency, run through npx or a hook: npx settings-guard (found in node_modules, no registry)", () => {
    const { root, cli } = installedAt('project/node_modules/settings-guard');
    const bin = linkBin(root, 'project/node_modules/.bin', cli);
    expect(invocationOf({ env: { PATH: `${bin}:/usr/bin` }, executable: { node: '/usr/bin/node', cli } })).toBe('npx settings-guard');
    expect(invocationOf({ env: { PATH: '/usr/bin' }, executable: { node: '/usr/bin/node', cli } })).toBe('npx settings-guard');
  });

  it("the pre-commit framework's private copy, first on PATH only while its hook runs: node and its path", () => {
    const { root, cli } = installedAt('cache/repo123/node_env-system/lib/node_modules/settings-guard');
    const bin = linkBin(root, 'cache/repo123/node_env-system/bin', cli);
    expect(invocationOf({ env: { PATH: `${bin}:/usr/bin`, PRE_COMMIT: '1' }, executable: { node: '/usr/bin/node', cli } })).toBe(`node ${cli}`);
  });

  it('a clone of this repository, with a path that needs quoting for the shell', () => {
    const { cli } = installedAt("my projects/it's settings-guard");
    expect(invocationOf({ env: { PATH: '/usr/bin' }, executable: { node: '/usr/bin/node', cli } })).toBe(`node '${cli.replace(/'/g, `'\\''`)}'`);
  });

  it('unknown (the library API, in-process tests): npx settings-guard', () => {
    expect(invocationOf({ env: {} })).toBe('npx settings-guard');
  });
});

describe('the commands in a report', () => {
  it('the text names the command that works here; JSON keeps the same words on every machine', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage().commit('settings');
    // In process, the CLI is this clone's build: neither on PATH nor in a project's node_modules.
    const text = await runInProcess(repo.dir, ['scan']);
    expect(text.stdout).toContain(`\`node ${realpathSync(CLI_PATH)} fix\` rewrites it`);
    expect(text.stdout).not.toContain('npx settings-guard');
    const json = await runInProcess(repo.dir, ['scan', '--format', 'json']);
    expect(json.stdout).toContain('`npx settings-guard fix` rewrites it');
  });
});
