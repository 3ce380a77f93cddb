// A self-hosted git server: a bare repository with settings-guard's pre-receive
// hook, which a client pushes to over the file system. git runs the hook with
// the pushed objects still in quarantine and relays its output as `remote:`.
import { CLEAN_SETTINGS, TempRepo, djangoSettings, insecureKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

function serverAndClient(): { server: TempRepo; client: TempRepo } {
  const server = newRepo({ init: false });
  server.git('init', '-q', '--bare', '-b', 'main');
  const install = server.cli(['install']);
  expect(install).toMatchObject({ status: 0 });
  expect(install.stdout).toContain('hooks/pre-receive');
  const client = newRepo();
  client.git('remote', 'add', 'origin', server.dir);
  return { server, client };
}

function push(client: TempRepo, ...refs: string[]): { status: number | null; output: string } {
  // --no-verify: the client has no hooks of its own anyway; the server is what is tested.
  const result = client.tryGit('push', '--no-verify', 'origin', ...refs);
  return { status: result.status, output: result.stdout + result.stderr };
}

test('a push adding a key is refused with the reason on the client terminal; a clean push goes through', () => {
  const { server, client } = serverAndClient();
  client.write('settings.py', CLEAN_SETTINGS).commitAll('clean');
  expect(push(client, 'main').status).toBe(0);
  const key = insecureKey();
  client.write('mysite/settings.py', djangoSettings(key)).commitAll('key');
  const keyCommit = client.git('rev-parse', 'HEAD').trim();
  client.write('README.md', 'docs\n').commitAll('more on top');

  const refused = push(client, 'main');

  expect(refused.status).not.toBe(0);
  expect(refused.output).toMatch(/remote: .*mysite\/settings\.py/);
  expect(refused.output).toContain(`remote: `);
  expect(refused.output).toContain(keyCommit.slice(0, 7));
  // Judged against the commit pushed, not the server's HEAD, which does not have it yet.
  expect(refused.output).toMatch(/remote: .*still in the code/);
  expect(refused.output).toMatch(/remote: .*Push refused/);
  expect(refused.output).toMatch(/pre-receive hook declined/);
  expect(refused.output).not.toContain(key);
  expect(server.tryGit('cat-file', '-e', keyCommit).status).not.toBe(0);

  client.git('reset', '-q', '--hard', 'HEAD~2');
  client.write('README.md', 'docs\n').commitAll('clean again');
  const accepted = push(client, 'main');
  expect(accepted.status).toBe(0);
  expect(server.git('rev-parse', 'main').trim()).toBe(client.git('rev-parse', 'HEAD').trim());
});

test('a new branch is checked for its own commits only; deleting a branch is never refused', () => {
  const { server, client } = serverAndClient();
  client.write('old/settings.py', djangoSettings(insecureKey())).commitAll('key from before the hook');
  // The server took this before settings-guard guarded it: reinstall after the first push.
  server.cli(['uninstall']);
  expect(push(client, 'main').status).toBe(0);
  expect(server.cli(['install']).status).toBe(0);

  client.git('checkout', '-q', '-b', 'feature');
  client.write('feature.py', 'print("hi")\n').commitAll('clean feature');
  expect(push(client, 'feature')).toMatchObject({ status: 0 });
  expect(push(client, ':feature').status).toBe(0);
  expect(server.tryGit('rev-parse', '--verify', '-q', 'refs/heads/feature').status).not.toBe(0);

  client.write('new/settings.py', djangoSettings(insecureKey())).commitAll('a second key');
  const refused = push(client, 'feature');
  expect(refused.status).not.toBe(0);
  expect(refused.output).toContain('new/settings.py');
  expect(refused.output).not.toContain('old/settings.py');
});
