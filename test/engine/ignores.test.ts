import { analyzeFile } from '../../src/engine/analyze';

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
  });

  it('works in env files too', () => {
    const findings = analyzeFile({ path: '.env', content: Buffer.from(`# settings-guard: ignore\nSECRET_KEY=${KEY}\n`) });
    expect(findings).toEqual([]);
  });
});
