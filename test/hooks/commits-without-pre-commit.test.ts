// The commits git makes without running pre-commit (a clean merge, cherry-pick,
// revert, am, rebase, commit --no-verify) are checked by the hooks install
// writes: pre-merge-commit for a merge, pre-push for everything, run by real
// git against a real remote.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, CLI_PATH, PROJECT_ROOT, TempRepo, djangoSettings, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

/** A clone with the hooks installed (in process; they run the built CLI), its `origin` a bare repository holding one clean commit. */
async function cloneWithHooks(): Promise<{ repo: TempRepo; remote: TempRepo }> {
  const remote = newRepo({ init: false });
  remote.git('init', '-q', '--bare', '-b', 'main');
  const repo = newRepo();
  repo.write('settings.py', CLEAN_SETTINGS).commitAll('clean start');
  repo.git('remote', 'add', 'origin', remote.dir);
  repo.git('push', '-q', 'origin', 'main');
  expect((await runInProcess(repo.dir, ['install'])).status).toBe(0);
  return { repo, remote };
}

function push(repo: TempRepo, ...args: string[]): { status: number | null; output: string } {
  const result = repo.tryGit('push', 'origin', ...args);
  return { status: result.status, output: result.stdout + result.stderr };
}

function remoteHas(remote: TempRepo, ref: string): boolean {
  return remote.tryGit('rev-parse', '--verify', '-q', ref).status === 0;
}

describe('pre-merge-commit', () => {
  test('a clean `git merge` bringing a key is stopped before the merge commit', async () => {
    const { repo } = await cloneWithHooks();
    repo.git('checkout', '-q', '-b', 'feature');
    const key = insecureKey();
    repo.write('app/settings.py', djangoSettings(key)).stage();
    repo.commit('key on a branch, hooks skipped');
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', 'docs\n').commitAll('diverge, so the merge makes a commit');

    const merged = repo.tryGit('merge', '--no-ff', '--no-edit', 'feature');

    expect(merged.status).not.toBe(0);
    expect(merged.stdout + merged.stderr).toContain('app/settings.py');
    expect(merged.stdout + merged.stderr).not.toContain(key);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });
});

describe('pre-push', () => {
  test('blocks a key that came in by cherry-pick, naming the commit and how to take it out', async () => {
    const { repo, remote } = await cloneWithHooks();
    repo.git('checkout', '-q', '-b', 'other');
    const key = randomKey();
    repo.write('mysite/settings.py', djangoSettings(key)).stage();
    const original = repo.commit('key, hooks skipped');
    repo.git('checkout', '-q', 'main');
    repo.git('cherry-pick', original);
    const picked = repo.git('rev-parse', 'HEAD').trim();

    const { status, output } = push(repo, 'main');

    expect(status).not.toBe(0);
    expect(output).toContain('mysite/settings.py');
    expect(output).toContain(picked.slice(0, 7));
    expect(output).toMatch(/git rebase -i/);
    expect(output).toMatch(/rotate/);
    expect(output).not.toContain(key);
    expect(remote.git('rev-parse', 'main').trim()).not.toBe(picked);
  });

  test('blocks a key that came back with `git revert`, and one applied with `git am`', async () => {
    const { repo } = await cloneWithHooks();
    repo.write('rev/settings.py', djangoSettings(insecureKey())).commitAll('key');
    repo.write('rev/settings.py', CLEAN_SETTINGS).commitAll('key out');
    expect(push(repo, '--no-verify', 'main').status).toBe(0);
    repo.git('revert', '--no-edit', 'HEAD');

    const reverted = push(repo, 'main');

    expect(reverted.status).not.toBe(0);
    expect(reverted.output).toContain('rev/settings.py');

    repo.git('reset', '-q', '--hard', 'origin/main');
    const other = newRepo();
    other.write('README.md', 'x\n').commitAll('base');
    other.write('patched/settings.py', djangoSettings(insecureKey())).commitAll('key by mail');
    const patch = other.git('format-patch', '-1', '--stdout');
    repo.write('key.patch', patch);
    repo.git('am', '-q', repo.path('key.patch'));
    repo.remove('key.patch');

    const applied = push(repo, 'main');

    expect(applied.status).not.toBe(0);
    expect(applied.output).toContain('patched/settings.py');
  });

  test('blocks a key committed with --no-verify on a new branch, and not the commits the remote already has', async () => {
    const { repo, remote } = await cloneWithHooks();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('a/settings.py', djangoSettings(insecureKey())).stage();
    repo.commit('key');
    repo.write('a/settings.py', CLEAN_SETTINGS).commitAll('key gone again: still in the history');

    const blocked = push(repo, 'feature');

    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('a/settings.py');
    expect(blocked.output).toMatch(/1 error/);
    expect(remoteHas(remote, 'refs/heads/feature')).toBe(false);
  });

  test('lets a clean push through silently and a branch deletion through without scanning', async () => {
    const { repo, remote } = await cloneWithHooks();
    repo.write('README.md', 'docs\n').commitAll('docs');
    repo.write('settings.py', `${CLEAN_SETTINGS}# more\n`).commitAll('settings');

    const clean = push(repo, 'main', 'main:refs/heads/copy');
    const deleted = push(repo, ':refs/heads/copy');

    expect(clean).toMatchObject({ status: 0 });
    expect(clean.output).not.toMatch(/settings-guard|secret/i);
    expect(deleted.status).toBe(0);
    expect(remoteHas(remote, 'refs/heads/copy')).toBe(false);
  });

  test('a key the remote already holds does not block a later push; a rewritten history is checked whole', async () => {
    const { repo } = await cloneWithHooks();
    repo.write('old/settings.py', djangoSettings(insecureKey())).stage();
    repo.commit('key pushed before settings-guard was installed');
    expect(push(repo, '--no-verify', 'main').status).toBe(0);
    repo.write('README.md', 'docs\n').commitAll('unrelated');

    expect(push(repo, 'main').status).toBe(0);

    // An amend of a pushed commit: the force push checks what the amended commit brings.
    repo.write('new/settings.py', djangoSettings(insecureKey())).stage();
    repo.git('commit', '-q', '--amend', '--no-verify', '--no-edit');
    const amended = push(repo, '--force', 'main');
    expect(amended.status).not.toBe(0);
    expect(amended.output).toContain('new/settings.py');
    expect(amended.output).not.toContain('old/settings.py');
  });

  test('an existing pre-push hook (git-lfs style) still gets the ref lines on stdin', async () => {
    const repo = newRepo();
    const remote = newRepo({ init: false });
    remote.git('init', '-q', '--bare', '-b', 'main');
    repo.git('remote', 'add', 'origin', remote.dir);
    repo.write('.git/hooks/pre-push', '#!/bin/sh\nwhile read local_ref local_sha remote_ref remote_sha; do echo "$remote_ref" >> lfs-saw.txt; done\n', 0o755);
    expect((await runInProcess(repo.dir, ['install'])).status).toBe(0);
    repo.write('settings.py', CLEAN_SETTINGS).commitAll('clean');

    expect(push(repo, 'main').status).toBe(0);
    expect(repo.read('lfs-saw.txt')).toBe('refs/heads/main\n');
  });
});

describe('with husky', () => {
  test('.husky/pre-push blocks a key, and a git-lfs line after it still reads the refs', async () => {
    const repo = newRepo();
    const remote = newRepo({ init: false });
    remote.git('init', '-q', '--bare', '-b', 'main');
    repo.git('remote', 'add', 'origin', remote.dir);
    repo.write('.gitignore', 'node_modules/\n');
    // As npm installs it: husky puts node_modules/.bin on PATH.
    repo.write('node_modules/.bin/settings-guard', `#!/bin/sh\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`, 0o755);
    repo.write('.husky/pre-push', 'while read local_ref local_sha remote_ref remote_sha; do echo "$remote_ref" >> lfs-saw.txt; done\n');
    execFileSync(process.execPath, ['--input-type=module', '-e', `import husky from '${join(PROJECT_ROOT, 'node_modules', 'husky', 'index.js')}'; process.stdout.write(husky())`], { cwd: repo.dir });
    expect((await runInProcess(repo.dir, ['install'])).status).toBe(0);
    repo.write('.gitignore', 'node_modules/\nlfs-saw.txt\n');
    repo.write('settings.py', CLEAN_SETTINGS).commitAll('clean');

    expect(push(repo, 'main').status).toBe(0);
    expect(repo.read('lfs-saw.txt')).toBe('refs/heads/main\n');

    repo.write('app/settings.py', djangoSettings(insecureKey())).commitAll('key');
    const blocked = push(repo, 'main');
    expect(blocked.status).not.toBe(0);
    expect(blocked.output).toContain('app/settings.py');
    expect(repo.read('lfs-saw.txt')).toBe('refs/heads/main\n');
  });
});

describe('settings-guard hook, in process', () => {
  test('pre-push reads the ref lines from io.readStdin; no refs, no scan', async () => {
    const { repo } = await cloneWithHooks();
    repo.write('x/settings.py', djangoSettings(insecureKey())).stage();
    const sha = repo.commit('key');
    const base = execFileSync('git', ['rev-parse', 'origin/main'], { cwd: repo.dir, encoding: 'utf8' }).trim();
    const prePush = (stdin: string) => runInProcess(repo.dir, ['hook', 'pre-push', 'origin', remoteUrl(repo)], { stdin });

    const blocked = await prePush(`refs/heads/main ${sha} refs/heads/main ${base}\n`);
    expect(blocked.status).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('x/settings.py');
    expect(await prePush('')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await prePush(`(delete) ${'0'.repeat(40)} refs/heads/gone ${base}\n`)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect((await runInProcess(repo.dir, ['hook', 'post-commit'])).status).toBe(2);
  });
});

function remoteUrl(repo: TempRepo): string {
  return repo.git('remote', 'get-url', 'origin').trim();
}
