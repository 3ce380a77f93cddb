// The pre-commit hook's words tell apart a key this commit would add, one
// already committed in HEAD, and one already pushed: only the first is
// "published with this commit", and a pushed one needs rotating whatever the
// commit does. In process through run(argv, io), on real repositories.
import { run, type CliIO } from '../../src/cli/run';
import { TempRepo, djangoSettings, insecureKey } from '../helpers/temp-repo';

/** What the hook prints (stdout and stderr together), or with `json`, the JSON report of the same staged scan. */
async function stagedScan(repo: TempRepo, format: 'text' | 'json' = 'text'): Promise<{ status: number; text: string }> {
  let text = '';
  const io: CliIO = {
    cwd: repo.dir,
    env: { NO_COLOR: '1' },
    stdout: (chunk) => {
      text += chunk;
    },
    stderr: (chunk) => {
      if (format === 'text') text += chunk;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const status = await run(format === 'json' ? ['scan', '--staged', '--format', 'json'] : ['hook', 'pre-commit'], io);
  return { status, text };
}

function committedWithKey(): { repo: TempRepo; key: string } {
  const repo = new TempRepo();
  const key = insecureKey();
  repo.write('mysite/settings.py', djangoSettings(key)).stage().commit('settings, key and all');
  return { repo, key };
}

describe('the words of a blocked commit', () => {
  it('a key the commit would add: published with this commit', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage();
    const { status, text } = await stagedScan(repo);
    expect(status).toBe(1);
    expect(text).toContain('Commit blocked: 1 hardcoded secret key in the staged changes would be published with this commit.');
    expect(text).toContain('the key is then in the history for good');
    expect(text).not.toMatch(/Already (committed|pushed)/);
  });

  it('a key already in HEAD, on no remote-tracking branch: in the history already, amend or rebase can still take it out', async () => {
    const { repo, key } = committedWithKey();
    repo.write('mysite/settings.py', `${djangoSettings(key)}ALLOWED_HOSTS = []\n`).stage();
    const { status, text } = await stagedScan(repo);
    expect(status).toBe(1);
    expect(text).toContain('Commit blocked: the staged changes keep 1 hardcoded secret key that is already in the history.');
    expect(text).toContain('Already committed: it is in HEAD and on no remote-tracking branch.');
    expect(text).toContain('(the key stays in the code; it is in the history already)');
    expect(text).not.toContain('would be published with this commit');
    expect(text).not.toContain(key);
  });

  it('a key already pushed: published, rotate it', async () => {
    const { repo, key } = committedWithKey();
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.write('mysite/settings.py', `${djangoSettings(key)}ALLOWED_HOSTS = []\n`).stage();
    const { text } = await stagedScan(repo);
    expect(text).toContain('Already pushed: it is on origin/main, so published: rotate it');
    expect(text).not.toContain('Already committed');
  });

  it('a commit that adds one key and keeps a pushed one says both', async () => {
    const { repo, key } = committedWithKey();
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.write('mysite/settings.py', `${djangoSettings(key)}ALLOWED_HOSTS = []\n`);
    repo.write('other/settings.py', djangoSettings(insecureKey())).stage();
    const { text } = await stagedScan(repo);
    expect(text).toContain('Commit blocked: 1 hardcoded secret key in the staged changes would be published with this commit.');
    expect(text).toContain('Already pushed: 1 of them is on origin/main, so published');
  });

  it('JSON says where each key already was', async () => {
    const { repo, key } = committedWithKey();
    repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    repo.write('mysite/settings.py', `${djangoSettings(key)}ALLOWED_HOSTS = []\n`);
    repo.write('other/settings.py', djangoSettings(insecureKey())).stage();
    const { text } = await stagedScan(repo, 'json');
    const report = JSON.parse(text) as { findings: { file: string; priorCommit?: unknown }[] };
    expect(report.findings.map((finding) => [finding.file, finding.priorCommit])).toEqual([
      ['mysite/settings.py', { where: 'pushed', ref: 'origin/main' }],
      ['other/settings.py', undefined],
    ]);
  });
});
