// Inline ignores through the CLI (in process): a used one (with its reason) leaves no
// trace, an unused one is a note that quotes its reason, in every format.
import { runInProcess } from '../helpers/in-process';
import { CLEAN_SETTINGS, TempRepo, djangoSettings, insecureKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

const NOTE = 'suppresses nothing';
const REASON = 'Its reason: "moved to Vault, see OPS-12".';

describe('inline ignore comments in every format', () => {
  it.each(['text', 'json', 'sarif', 'github'])('%s: quotes the reason of an unused one, and says nothing of a used one', async (format) => {
    const repo = newRepo();
    const key = insecureKey();
    repo.write('mysite/settings.py', `${CLEAN_SETTINGS}# settings-guard: ignore[django-hardcoded-key] -- moved to Vault, see OPS-12\nDEBUG = False\n`);
    // A replacer function: a replacement string would expand the `$&` or `$$` a random key may hold.
    repo.write('demo/settings.py', djangoSettings(key).replace(`'${key}'`, () => `'${key}'  # settings-guard: ignore -- demo project, key never deployed`));

    const run = await runInProcess(repo.dir, ['scan', '--format', format]);

    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).not.toContain('demo project');
    const messages: string[] =
      format === 'json'
        ? JSON.parse(run.stdout).findings.map((finding: { message: string }) => finding.message)
        : format === 'sarif'
          ? JSON.parse(run.stdout).runs[0].results.map((result: { message: { text: string } }) => result.message.text)
          : [run.stdout];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(NOTE);
    expect(messages[0]).toContain(REASON);
    if (format === 'text') expect(run.stdout).toMatch(/mysite\/settings\.py:9:1 {2}note {2}unused-ignore-comment[^\n]*\n {2}> 9 \| # settings-guard: ignore\[django-hardcoded-key\] -- moved to Vault, see OPS-12\n/);
    if (format === 'github') expect(run.stdout).toMatch(/^::notice file=mysite\/settings\.py,line=9,col=1,endLine=9,endColumn=77,title=unused-ignore-comment::/);
  });
});
