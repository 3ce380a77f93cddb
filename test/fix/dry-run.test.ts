import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixFiles } from '../../src/fix/fix-files';
import { insecureKey } from '../helpers/temp-repo';
import { FIXTURES, copyInput, inputKeys, listFiles, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('fix --dry-run', () => {
  it('writes nothing and returns the expected unified diff, key masked', async () => {
    const dir = copyInput('startproject');
    const before = listFiles(dir).map((file) => ({ file, bytes: readFileSync(join(dir, file)), mtime: statSync(join(dir, file)).mtimeMs }));
    const report = await fixFiles({ cwd: dir, dryRun: true, writeEnv: true });

    for (const { file, bytes, mtime } of before) {
      expect(readFileSync(join(dir, file)).equals(bytes)).toBe(true);
      expect(statSync(join(dir, file)).mtimeMs).toBe(mtime);
    }
    expect(listFiles(dir)).toEqual(before.map((entry) => entry.file)); // no .env, no .gitignore
    expect(report.fixed).toHaveLength(1);
    expect(report.diff).toBe(readFileSync(join(FIXTURES, 'startproject', 'dry-run.diff'), 'utf8'));
    const printed = report.lines.join('\n');
    expect(printed).toContain(report.diff.split('\n')[0]!);
    expect(printed).toContain('would write a NEW key for DJANGO_SECRET_KEY to .env');
    for (const key of inputKeys('startproject')) {
      expect(report.diff.includes(key)).toBe(false);
      expect(printed.includes(key)).toBe(false);
    }
  });

  it('masks every key-like literal in the diff, context lines included: an accepted key and a configured password too', async () => {
    const dir = tempDir();
    const [fixedKey, acceptedKey, password] = [insecureKey(), insecureKey().slice(16), 'hunter2-correct-horse-battery-staple'];
    writeFileSync(
      join(dir, 'settings.py'),
      [
        'import os',
        `EMAIL_HOST_PASSWORD = "${password}"`,
        `OLD_KEY = '${acceptedKey}'  # settings-guard: ignore[django-hardcoded-key] -- rotated, kept for a migration`,
        `SECRET_KEY = '${fixedKey}'`,
        'DEBUG = False',
        'SHORT = "not-a-key"',
        '',
      ].join('\n'),
    );
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.fixed).toHaveLength(1);
    for (const secret of [fixedKey, acceptedKey, password]) expect(report.lines.join('\n')).not.toContain(secret);
    // Masked in place: the context lines are still there, a few leading characters shown, the rest starred.
    expect(report.diff).toContain(` EMAIL_HOST_PASSWORD = "hunt${'*'.repeat(password.length - 4)}"`);
    expect(report.diff).toContain(' SHORT = "not-a-key"');
  });

  it('masks the literal of a CRLF file and keeps its lines apart', async () => {
    const dir = copyInput('crlf-bom');
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.diff).toBe(readFileSync(join(FIXTURES, 'crlf-bom', 'dry-run.diff'), 'utf8'));
  });

  it('notes an ignore comment that suppresses nothing (no step by hand, no site form) and masks it in the diff', async () => {
    const dir = tempDir();
    const key = insecureKey();
    writeFileSync(join(dir, 'settings.py'), `import os\n# settings-guard: ignore -- moved to Vault\nDEBUG = False\nSECRET_KEY = '${key}'  # settings-guard: ignore[flask-hardcoded-secret-key]\n`);
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.fixed.map((site) => `${site.line} ${site.ruleId}`)).toEqual(['4 django-insecure-key']);
    expect(report.manual).toEqual([
      { file: 'settings.py', line: 2, column: 1, ruleId: 'unused-ignore-comment', steps: expect.stringContaining('suppresses nothing'), noteOnly: true },
      { file: 'settings.py', line: 4, column: 84, ruleId: 'unused-ignore-comment', steps: expect.stringContaining('suppresses nothing'), noteOnly: true },
    ]);
    expect(report.manual.some((step) => 'form' in step)).toBe(false);
    expect(report.diff).toContain(`\n # se${'*'.repeat(38)}\n`);
    expect(report.diff).toContain('+SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")  # se*****');
    expect(report.diff).not.toContain(key.slice(16, 30));
  });

  it('exits 0 when all that is left is an unused ignore comment, with no Django advice in a Node project', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.py'), 'import os\n# settings-guard: ignore -- moved to Vault\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n');
    writeFileSync(join(dir, 'server.js'), `app.use(session({ secret: '${insecureKey()}' }));\n`);
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.manual.map((step) => [step.ruleId, step.noteOnly])).toEqual([['unused-ignore-comment', true]]);
    expect(report.fixed.map((site) => site.ruleId)).toEqual(['js-hardcoded-session-secret']);
    expect(report.exitCode).toBe(0);
    const printed = report.lines.join('\n');
    expect(printed).not.toContain('Routine rotation');
    // Django's fallbacks setting means nothing to a Node app: its advice names the secrets the app accepts.
    expect(printed).not.toContain('SECRET_KEY_FALLBACKS');
    expect(printed).toContain('among those the app still accepts');
  });
});
