// A finding says only what is true of the file it is in: "committed" and
// "rotate" for a key git holds, not for one staged, untracked or in no
// repository; and no `fix` for a key a commit published that the code no
// longer holds. Through the CLI, in process, on real repositories.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process';
import { TempRepo, djangoSettings, insecureKey, makeTempDir, randomKey } from '../helpers/temp-repo';

interface Reported {
  file: string;
  message: string;
  suggestion?: string;
}

async function findings(cwd: string, argv: string[]): Promise<Reported[]> {
  const run = await runInProcess(cwd, [...argv, '--format', 'json', '--no-baseline']);
  return (JSON.parse(run.stdout) as { findings: Reported[] }).findings;
}

const envFile = (): string => `DEBUG=1\nSECRET_KEY=${randomKey()}\n`;

describe('an env file holding a key is called what it is', () => {
  it('committed: stop tracking it and rotate the key', async () => {
    const repo = new TempRepo();
    repo.write('.env', envFile()).stage().commit('env');
    const [finding] = await findings(repo.dir, ['scan']);
    expect(finding!.message).toMatch(/^SECRET_KEY is set in a committed env file/);
    expect(finding!.suggestion).toBe('Stop tracking this file (`git rm --cached .env`), add it to .gitignore, and rotate the key: everyone who can read the repository has it.');
  });

  it('staged: not committed yet, so unstage it; nothing to rotate', async () => {
    const repo = new TempRepo();
    repo.write('.env', envFile()).stage();
    const [finding] = await findings(repo.dir, ['scan', '--staged']);
    expect(finding!.message).toMatch(/^SECRET_KEY is set in an env file staged for commit/);
    expect(finding!.suggestion).toBe('Unstage it (`git rm --cached .env`) and add it to .gitignore, so the key is never committed.');
  });

  it('untracked and not ignored: the next git add would commit it', async () => {
    const repo = new TempRepo();
    repo.write('.env', envFile());
    const [finding] = await findings(repo.dir, ['scan']);
    expect(finding!.message).toMatch(/^SECRET_KEY is set in an env file git does not ignore/);
    expect(finding!.suggestion).not.toMatch(/rotate|git rm/);
  });

  it('in no repository: no git advice at all', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, '.env'), envFile());
    const [finding] = await findings(dir, ['scan']);
    expect(finding!.message).toMatch(/^SECRET_KEY is set in an env file/);
    expect(finding!.message).not.toMatch(/in a committed env file|everyone who can read the repository has/);
    expect(finding!.suggestion).not.toMatch(/rotate|git rm/);
  });
});

describe('rotate only what may have been published', () => {
  it('a key staged for the first time: read it from the environment, no "rotate the old key"', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage();
    const [finding] = await findings(repo.dir, ['scan', '--staged']);
    expect(finding!.suggestion).toMatch(/^Read it from the environment: `npx settings-guard fix` rewrites it to os\.getenv\("DJANGO_SECRET_KEY"\)/);
    expect(finding!.suggestion).not.toContain('rotate');
  });

  it('a committed key: rotate the old key too', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage().commit('settings');
    const [finding] = await findings(repo.dir, ['scan']);
    expect(finding!.suggestion).toMatch(/, and rotate the old key\.$/);
  });

  it('a key a commit published and a later one deleted: rotate it, since fix has nothing left to rewrite', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', djangoSettings(insecureKey())).stage().commit('settings');
    repo.write('mysite/settings.py', "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n").stage().commit('key out');
    const [finding] = await findings(repo.dir, ['scan', '--history']);
    expect(finding!.suggestion).toBe(
      'It is no longer in the code, but a commit published it: rotate it (put a new key in DJANGO_SECRET_KEY in every environment, and do not keep the old one in SECRET_KEY_FALLBACKS). Removing it from the history (git filter-repo) does not take it back from clones.',
    );
    expect((await runInProcess(repo.dir, ['fix'])).stdout).toContain('nothing to fix');
  });
});

describe('an ignore comment that suppresses nothing says why', () => {
  async function unusedMessage(line: string): Promise<{ messages: string[]; rules: string[] }> {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'settings.py'), `import os\n${line}\n`);
    const run = await runInProcess(dir, ['scan', '--format', 'json', '--fail-on', 'note']);
    const found = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    return { messages: found.filter((finding) => finding.ruleId === 'unused-ignore-comment').map((finding) => finding.message), rules: found.map((finding) => finding.ruleId) };
  }

  it('a rule id no rule has: says so, naming it', async () => {
    const { messages, rules } = await unusedMessage(`SECRET_KEY = '${insecureKey()}'  # settings-guard: ignore[django-hardcoded-kee]`);
    expect(rules).toContain('django-insecure-key');
    expect(messages).toEqual([
      'This `# settings-guard: ignore[...]` comment names no rule settings-guard has: `django-hardcoded-kee` (`settings-guard rules` lists them), so it suppresses nothing. Correct the id, or delete the comment.',
    ]);
  });

  it("a real rule id, but not the line's finding: names the finding's rule", async () => {
    const { messages } = await unusedMessage(`SECRET_KEY = '${insecureKey()}'  # settings-guard: ignore[django-hardcoded-key]`);
    expect(messages).toEqual([
      'This `# settings-guard: ignore[...]` comment names another rule than the finding here, which is `django-insecure-key`, so it suppresses nothing. Name that rule if you mean to accept this key, or delete the comment.',
    ]);
  });

  it('no finding left: the finding it was written for is gone', async () => {
    const { messages } = await unusedMessage(`SECRET_KEY = os.environ['DJANGO_SECRET_KEY']  # settings-guard: ignore[django-insecure-key]`);
    expect(messages).toEqual([expect.stringContaining('the finding it was written for is gone')]);
  });

  it('a key pasted where a rule id belongs is masked', async () => {
    const key = randomKey().replace(/[\],]/g, 'x');
    const { messages } = await unusedMessage(`DEBUG = True  # settings-guard: ignore[${key}]`);
    expect(messages.join('\n')).not.toContain(key);
  });
});
