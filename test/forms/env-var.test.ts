// The advice and the fix name one variable: envVarFor decides it for both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/engine/analyze';
import { planFixes } from '../../src/fix/plan';
import { decodeSource } from '../../src/text/decode';
import { filesUnder, REPO_ROOT } from '../python/python-oracle';

/** The variable a suggestion tells the user to put the key in. */
function advisedVariable(suggestion: string): string | undefined {
  return /\) in ([A-Za-z_][A-Za-z0-9_]*) where the app runs|split ([A-Za-z_][A-Za-z0-9_]*) on commas/.exec(suggestion)?.slice(1).find(Boolean);
}

const cases = filesUnder(join(REPO_ROOT, 'fixtures', 'python'), '.py').flatMap((path) => {
  const content = readFileSync(path);
  const text = decodeSource(content).text;
  return analyzeFile({ path: path.slice(REPO_ROOT.length + 1), content }).map((finding) => ({ finding, text }));
});

it('fixes read the variable the advice names, in every Python fixture', () => {
  let compared = 0;
  for (const { finding, text } of cases) {
    const advised = finding.suggestion === undefined ? undefined : advisedVariable(finding.suggestion);
    const fixed = planFixes(text, [finding]).fixes[0];
    if (!advised || !fixed?.envName) continue;
    expect(`${finding.file}:${finding.line} ${fixed.envName}`).toBe(`${finding.file}:${finding.line} ${advised}`);
    compared++;
  }
  expect(compared).toBeGreaterThan(20);
});

it("FLASK_SECRET_KEY outside a Flask module reads FLASK_SECRET_KEY; django-environ's scheme reads its keyword", () => {
  const byFile = (name: string) => cases.filter(({ finding }) => finding.file.endsWith(name));
  const [flask] = byFile('fstring-constant-key.py').filter(({ finding }) => finding.message.startsWith('FLASK_SECRET_KEY'));
  expect(planFixes(flask!.text, [flask!.finding]).fixes[0]?.action).toBe('FLASK_SECRET_KEY now reads os.getenv("FLASK_SECRET_KEY")');
  const [scheme] = byFile('environ-env-tuple.py');
  expect(advisedVariable(scheme!.finding.suggestion ?? '')).toBe('SECRET_KEY');
  expect(planFixes(scheme!.text, [scheme!.finding]).fixes[0]?.envName).toBe('SECRET_KEY');
});
