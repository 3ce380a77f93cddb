// SARIF `fixes` through the CLI (in process): the rewrite each result carries is the
// one `settings-guard fix` makes, and no fix holds a key.
import { readFileSync } from 'node:fs';
import { runInProcess } from '../helpers/in-process';
import { TempRepo, djangoSettings, insecureKey, randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifFix {
  description: { text: string };
  artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent?: { text: string } }[] }[];
}
interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  fixes?: SarifFix[];
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line - 1).reduce((sum, lineText) => sum + lineText.length + 1, 0) + column - 1;
}

/** Applies one SARIF fix to `text`, last replacement first so earlier regions stay put. */
function applySarifFix(text: string, fix: SarifFix): string {
  const replacements = fix.artifactChanges.flatMap((change) => change.replacements);
  const located = replacements.map((replacement) => ({
    start: offsetOf(text, replacement.deletedRegion.startLine, replacement.deletedRegion.startColumn),
    end: offsetOf(text, replacement.deletedRegion.endLine, replacement.deletedRegion.endColumn),
    text: replacement.insertedContent?.text ?? '',
  }));
  let result = text;
  for (const edit of located.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

describe('scan --format sarif', () => {
  it('gives each fixable result the rewrite that fix makes, with no key in it', async () => {
    const repo = newRepo();
    const keys = [insecureKey(), randomKey(50), randomKey(50)];
    repo.write('mysite/settings.py', djangoSettings(keys[0]!));
    repo.write('app/config.py', `import os\n\nSECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${keys[1]}")\n`);
    repo.write('deploy/.env', `SECRET_KEY=${keys[2]}\n`);

    const run = await runInProcess(repo.dir, ['scan', '--format', 'sarif']);
    expect(run.status).toBe(1);
    for (const key of keys) expect(run.stdout + run.stderr).not.toContain(key);
    const results: SarifResult[] = JSON.parse(run.stdout).runs[0].results;
    expect(results.map((result) => [result.locations[0]!.physicalLocation.artifactLocation.uri, result.ruleId, result.fixes?.length ?? 0])).toEqual([
      ['app/config.py', 'django-key-env-default', 1],
      ['deploy/.env', 'dotenv-secret-key', 0],
      ['mysite/settings.py', 'django-insecure-key', 1],
    ]);

    const expected = new Map<string, string>();
    for (const result of results) {
      const file = result.locations[0]!.physicalLocation.artifactLocation.uri;
      if (result.fixes) expected.set(file, applySarifFix(repo.read(file), result.fixes[0]!));
    }
    // 1: the env file is left for a hand, as SARIF says by giving it no fix.
    expect((await runInProcess(repo.dir, ['fix'])).status).toBe(1);
    for (const [file, text] of expected) expect(readFileSync(repo.path(file), 'utf8')).toBe(text);
    expect(expected.get('mysite/settings.py')).toContain('SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")');
  });

  it('gives a Node secret and an env fallback the rewrite that fix makes', async () => {
    const repo = newRepo();
    const keys = [randomKey(44), randomKey(44)];
    repo.write('server.js', `const jwtSecret = process.env.JWT_SECRET || '${keys[0]}';\napp.use(session({ secret: '${keys[1]}', resave: false }));\n`);
    const run = await runInProcess(repo.dir, ['scan', '--format', 'sarif']);
    for (const key of keys) expect(run.stdout + run.stderr).not.toContain(key);
    const results: SarifResult[] = JSON.parse(run.stdout).runs[0].results;
    let expected = repo.read('server.js');
    // Each fix applies alone; these two touch different lines, so applied in turn they give fix's result.
    for (const result of [...results].reverse()) expected = applySarifFix(expected, result.fixes![0]!);
    expect(expected).toBe("const jwtSecret = process.env.JWT_SECRET;\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false }));\n");
    expect((await runInProcess(repo.dir, ['fix'])).status).toBe(0);
    expect(repo.read('server.js')).toBe(expected);
  });

  it('reads the configured envVar in its fixes, and plans none for history', async () => {
    const repo = newRepo();
    repo.write('.settings-guard.json', JSON.stringify({ envVar: 'MYSITE_SECRET_KEY' }));
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    const fixes = JSON.parse((await runInProcess(repo.dir, ['scan', '--format', 'sarif'])).stdout).runs[0].results[0].fixes as SarifFix[];
    expect(fixes[0]!.artifactChanges[0]!.replacements.map((replacement) => replacement.insertedContent?.text)).toEqual(['import os\n', 'os.getenv("MYSITE_SECRET_KEY")']);
    repo.commitAll('settings');
    const history = JSON.parse((await runInProcess(repo.dir, ['scan', '--history', '--format', 'sarif'])).stdout).runs[0].results as SarifResult[];
    expect(history.map((result) => result.fixes)).toEqual([undefined]);
  });
});
