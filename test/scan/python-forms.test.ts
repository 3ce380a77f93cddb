// Python forms people really write (issue 18): keys in commented-out code with
// free text around them, repeated literals, the walrus, and setting names that
// Python folds to SECRET_KEY under NFKC, as a user scanning a project sees them.
import { readFileSync } from 'node:fs';
import { runInProcess } from '../helpers/in-process';
import { TempRepo, randomKey } from '../helpers/temp-repo';

interface Reported {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
  suggestion?: string;
}

async function scan(files: Record<string, string>): Promise<Reported[]> {
  const repo = new TempRepo();
  for (const [path, text] of Object.entries(files)) repo.write(path, text);
  const run = await runInProcess(repo.dir, ['scan', '--format', 'json', '--no-baseline']);
  return (JSON.parse(run.stdout) as { findings: Reported[] }).findings;
}

const FULLWIDTH = 'ＳＥＣＲＥＴ_ＫＥＹ';

describe('a setting name that NFKC folds to SECRET_KEY', () => {
  it('is found in a file that never spells SECRET_KEY in ASCII, and named as the file writes it', async () => {
    const findings = await scan({ 'mysite/settings.py': `DEBUG = False\n${FULLWIDTH} = '${randomKey()}'\n` });
    expect(findings).toEqual([
      expect.objectContaining({ file: 'mysite/settings.py', line: 2, column: 14, ruleId: 'django-hardcoded-key', severity: 'error' }),
    ]);
    expect(findings[0]!.message).toContain(`${FULLWIDTH} is hardcoded`);
    // The key belongs in the variable Python's name gives, not in one spelt in fullwidth letters.
    expect(findings[0]!.suggestion).toContain('DJANGO_SECRET_KEY');
  });

  it('is rewritten by fix to read the environment variable of the name Python reads', async () => {
    const repo = new TempRepo();
    repo.write('mysite/settings.py', `import os\n${FULLWIDTH} = '${randomKey()}'\n`);
    const run = await runInProcess(repo.dir, ['fix']);
    expect(run.stderr).toBe('');
    expect(readFileSync(repo.path('mysite/settings.py'), 'utf8')).toBe(`import os\n${FULLWIDTH} = os.getenv("DJANGO_SECRET_KEY")\n`);
  });

  it('is found commented out, as a warning', async () => {
    const findings = await scan({ 'mysite/settings.py': `# ${FULLWIDTH} = '${randomKey()}' rotated 2021\n` });
    expect(findings.map((finding) => [finding.line, finding.column, finding.ruleId, finding.severity])).toEqual([[1, 16, 'django-commented-key', 'warning']]);
  });

  it('leaves a non-ASCII file that names no setting alone', async () => {
    expect(await scan({ 'app/views.py': `# café: ＡＰＩ_ＴＯＫＥＮ = '${randomKey()}'\nＡＰＩ_ＴＯＫＥＮ = '${randomKey()}'\n` })).toEqual([]);
  });
});

describe('a key made by repeating a literal', () => {
  it('is judged by the value it makes: too few distinct characters for Django', async () => {
    const findings = await scan({ 'mysite/settings.py': "SECRET_KEY = 'b' * 50\n" });
    expect(findings).toEqual([expect.objectContaining({ line: 1, column: 14, ruleId: 'django-hardcoded-key', severity: 'error' })]);
    expect(findings[0]!.message).toContain('it has only 1 distinct character (Django wants at least 5)');
    expect(findings[0]!.message).not.toContain('characters (Django wants at least 50)');
  });

  it('with a huge count is judged without building the value', async () => {
    const findings = await scan({ 'mysite/settings.py': "SECRET_KEY = 'ab' * 1_000_000_000_000_000\n" });
    expect(findings.map((finding) => finding.message)).toEqual([expect.stringContaining('it has only 2 distinct characters')]);
  });

  it('after a django-insecure- prefix is an insecure key', async () => {
    const findings = await scan({ 'mysite/settings.py': "SECRET_KEY = 'django-insecure-' + 'x' * 40\n" });
    expect(findings.map((finding) => finding.ruleId)).toEqual(['django-insecure-key']);
  });
});

it('finds a key assigned with the walrus operator, in a condition and as a statement', async () => {
  const findings = await scan({
    'mysite/settings.py': `import os\nif (SECRET_KEY := os.getenv("DJANGO_SECRET_KEY", "${randomKey()}")):\n    pass\n(DJANGO_SECRET_KEY := "${randomKey()}")\n`,
  });
  expect(findings.map((finding) => [finding.line, finding.ruleId])).toEqual([
    [2, 'django-key-env-default'],
    [4, 'django-hardcoded-key'],
  ]);
});

describe('a commented-out key', () => {
  it('is found with free text after it or another statement before it, as a warning', async () => {
    const findings = await scan({
      'mysite/settings.py': [
        `# SECRET_KEY = '${randomKey()}'  # old key, do not use`,
        `# SECRET_KEY = '${randomKey()}' rotated 2021`,
        `# DEBUG = True; SECRET_KEY = '${randomKey()}'`,
        '',
      ].join('\n'),
    });
    expect(findings.map((finding) => [finding.line, finding.column, finding.ruleId, finding.severity])).toEqual([
      [1, 16, 'django-commented-key', 'warning'],
      [2, 16, 'django-commented-key', 'warning'],
      [3, 30, 'django-commented-key', 'warning'],
    ]);
  });

  it('is not found in prose that only mentions the setting', async () => {
    expect(await scan({ 'mysite/settings.py': '# set SECRET_KEY in the environment\n# we used to keep SECRET_KEY = "in this file" before 2020\n' })).toEqual([]);
  });
});

describe('a triple-quoted string used to comment code out', () => {
  it('is read as commented-out code when every line of it is code, as a warning', async () => {
    const findings = await scan({
      'mysite/settings.py': `import os\n\n"""\nDEBUG = True\nSECRET_KEY = '${randomKey()}'  # before the move\n"""\n\nclass Config:\n    '''\n    SECRET_KEY = "${randomKey()}"\n    '''\n`,
    });
    expect(findings.map((finding) => [finding.line, finding.column, finding.ruleId, finding.severity])).toEqual([
      [5, 14, 'django-commented-key', 'warning'],
      [10, 18, 'django-commented-key', 'warning'],
    ]);
  });

  it('is prose, not code, when any line of it is not code', async () => {
    const findings = await scan({ 'mysite/settings.py': `"""Settings for production.\n\n    SECRET_KEY = '${randomKey()}'\n"""\n` });
    expect(findings).toEqual([]);
  });
});
