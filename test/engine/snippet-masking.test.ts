import { analyzeFile } from '../../src/engine/analyze';
import { secretOf } from '../../src/engine/secrets';

const A = '7i@vz+n&4yqb-pilh3%dlpk_su*z&@05';
const B = '-6vgd)gk(&)6csmkz+@j-9(^m)gp6jsch9';

/** No run of 6 characters from the secret, beyond the few leading ones the mask shows, may appear. */
function leaks(snippetText: string, secret: string): string[] {
  const found: string[] = [];
  for (let start = 4; start + 6 <= secret.length; start++) {
    const piece = secret.slice(start, start + 6);
    if (snippetText.includes(piece)) found.push(piece);
  }
  return found;
}

const cases: [string, string, string][] = [
  ['a plain assignment', 'settings.py', `SECRET_KEY = "${A}${B}"\n`],
  ['implicit concatenation over lines', 'settings.py', `SECRET_KEY = (\n    "${A}"\n    "${B}"\n)\n`],
  ['backslash-newline inside the string', 'settings.py', `SECRET_KEY = '${A}\\\n${B}'\n`],
  ['a triple-quoted string', 'settings.py', `SECRET_KEY = """${A}\n${B}"""\n`],
  ['a commented-out key', 'settings.py', `# SECRET_KEY = '${A}${B}'\n`],
  ['two keys on one line', 'settings.py', `SECRET_KEY, OTHER = "${A}${B}", "${B}${A}"\n`],
  ['an env file', '.env', `export DJANGO_SECRET_KEY="${A}${B}"\n`],
];

describe('code frames never show a key', () => {
  it.each(cases)('%s', (_name, path, code) => {
    const findings = analyzeFile({ path, content: Buffer.from(code) });
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      const frame = finding.snippet.map((line) => line.text).join('\n');
      expect(leaks(frame, secretOf(finding))).toEqual([]);
      expect(leaks(frame, `${B}${A}`)).toEqual([]);
      expect(JSON.stringify(finding.secret)).not.toContain(A.slice(4, 12));
    }
  });

  it('keeps names of environment variables readable', () => {
    const [finding] = analyzeFile({ path: 'settings.py', content: Buffer.from(`SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "${A}${B}")\n`) });
    expect(finding!.snippet[0]!.text).toContain('"DJANGO_SECRET_KEY"');
  });
});
