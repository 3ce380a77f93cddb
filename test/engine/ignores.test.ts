import { analyzeFile } from '../../src/engine/analyze';
import { findIgnoreDirectives } from '../../src/engine/ignores';

const KEY = 'h-=d@fl2-n$yo6^kjyhv=)s7^$+lc-a+%@z!_k)$gb_))-he+n';
const scan = (code: string) => analyzeFile({ path: 'settings.py', content: Buffer.from(code) }).map((f) => `${f.line} ${f.ruleId}`);

describe('inline ignore comments', () => {
  it('suppresses a finding on the same line', () => {
    expect(scan(`SECRET_KEY = "${KEY}"  # settings-guard: ignore -- rotated, kept for a demo\n`)).toEqual([]);
  });

  it('suppresses the statement below a comment on its own line', () => {
    expect(scan(`# settings-guard: ignore[django-hardcoded-key]\nSECRET_KEY = (\n    "${KEY}"\n)\n`)).toEqual([]);
  });

  it('keeps a finding of another rule than the one named, and reports the stale comment', () => {
    expect(scan(`SECRET_KEY = "django-insecure-${KEY}"  # settings-guard: ignore[django-hardcoded-key]\n`)).toEqual([
      '1 django-insecure-key',
      '1 unused-ignore-comment',
    ]);
  });

  it('honours detect-secrets pragmas and never reports them as unused', () => {
    expect(scan(`SECRET_KEY = "${KEY}"  # pragma: allowlist secret\nDEBUG = False  # pragma: allowlist secret\n`)).toEqual([]);
  });

  it('reports an ignore comment that suppresses nothing as a note', () => {
    const findings = analyzeFile({ path: 'settings.py', content: Buffer.from('DEBUG = True  # settings-guard: ignore\n') });
    expect(findings.map((f) => [f.line, f.ruleId, f.severity])).toEqual([[1, 'unused-ignore-comment', 'note']]);
    // It is about the comment, not about a place where a key is set.
    expect(findings[0]!.site).toBeUndefined();
  });

  it('works in env files too', () => {
    const findings = analyzeFile({ path: '.env', content: Buffer.from(`# settings-guard: ignore\nSECRET_KEY=${KEY}\n`) });
    expect(findings).toEqual([]);
  });
});

describe('the reason after --', () => {
  it('is read apart from the rule list, up to the end of the line or of a block comment', () => {
    const [python, javascript, bare] = [
      findIgnoreDirectives('X = 1  # settings-guard: ignore[django-hardcoded-key, dotenv-secret-key] -- rotated in 2023\n'),
      findIgnoreDirectives('app.use(session({ secret })); /* settings-guard: ignore -- demo app */ f();\n', 'slash'),
      findIgnoreDirectives('# settings-guard: ignore\n'),
    ].map((directives) => directives[0]!);
    expect(python).toMatchObject({ rules: ['django-hardcoded-key', 'dotenv-secret-key'], reason: 'rotated in 2023', range: { start: { line: 1, column: 8 }, end: { line: 1, column: 92 } } });
    expect(javascript).toMatchObject({ rules: null, reason: 'demo app', range: { start: { column: 31 }, end: { column: 68 } } });
    expect(bare!.reason).toBeUndefined();
    expect(bare!.range.end.column).toBe(25);
  });

  it('is quoted in the unused note, which shows the comment as its code frame', () => {
    const [note] = analyzeFile({ path: 'settings.py', content: Buffer.from(`DEBUG = True\n# settings-guard: ignore -- kept for the old staging box\nALLOWED_HOSTS = []\n`) });
    expect(note).toMatchObject({ ruleId: 'unused-ignore-comment', line: 2, column: 1, endLine: 2, endColumn: 57 });
    expect(note!.message).toMatch(/suppresses nothing.*\(Its reason: "kept for the old staging box"\.\)$/);
    expect(note!.snippet.map((line) => line.text)).toContain('# settings-guard: ignore -- kept for the old staging box');
  });

  it('never prints a key pasted into a reason or standing on the line', () => {
    const pasted = `${KEY}${KEY}`.replace(/[\s'"`]/g, 'x');
    const [note] = analyzeFile({
      path: 'settings.py',
      content: Buffer.from(`OTHER = "${KEY}"  # settings-guard: ignore[django-insecure-key] -- old value was ${pasted}\n`),
    });
    expect(note!.ruleId).toBe('unused-ignore-comment');
    expect(note!.message).not.toContain(pasted.slice(0, 20));
    expect(note!.message.length).toBeLessThan(300);
    expect(JSON.stringify(note!.snippet)).not.toContain(KEY.slice(0, 20));
    expect(note!.snippet[0]!.text).toMatch(/-- old value was \S{1,12}$/);
  });
});

describe('ignore comments follow the language', () => {
  it('does not take a directive written inside a Python string for a comment', () => {
    expect(scan('NOTE = "# settings-guard: ignore"\nDEBUG = True\n')).toEqual([]);
    expect(scan(`SECRET_KEY = "${KEY}"; NOTE = "# settings-guard: ignore"\n`)).toEqual(['1 django-hardcoded-key']);
  });

  it('reads // and /* */ in JavaScript, and not #', () => {
    const session = (comment: string) =>
      analyzeFile({ path: 'app.js', content: Buffer.from(`app.use(session({ secret: '${KEY}' })); ${comment}\n`) }).map((f) => f.ruleId);
    expect(session('// settings-guard: ignore')).toEqual([]);
    expect(session('/* settings-guard: ignore */')).toEqual([]);
    expect(session("const note = '# settings-guard: ignore';")).toEqual(['js-hardcoded-session-secret']);
  });
});
