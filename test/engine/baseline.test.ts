import { analyzeFile } from '../../src/engine/analyze';
import { applyBaseline, baselineProblem, createBaseline, wasSeenIn } from '../../src/engine/baseline';
import { secretOf } from '../../src/engine/secrets';

const OLD = 'b=-sy!13y_6!0c-p%eh&j8fx_$xg-35rzo=9rrv&&wfo9@oh0t';
const NEW = 'vi-z%2c3zdzaztkw1t9r*gi^xq$c3v@^q9t%=y1jf_-&(i+!og';
const findingsOf = (code: string, path = 'app/settings.py') => analyzeFile({ path, content: Buffer.from(code) });

describe('baselines', () => {
  const original = `_KEY = "${OLD}"\nSECRET_KEY = _KEY\n`;
  const baseline = createBaseline({ tree: findingsOf(original) }, secretOf);

  it('never stores the secret or a line number', () => {
    const text = JSON.stringify(baseline);
    expect(text).not.toContain(OLD);
    expect(text).not.toMatch(/"line"/);
    expect(baseline.entries).toHaveLength(1);
  });

  it('suppresses the recorded finding', () => {
    expect(applyBaseline(findingsOf(original), baseline, secretOf)).toMatchObject({ findings: [], suppressed: 1, stale: [] });
  });

  it('still matches after edits elsewhere in the file and a renamed variable', () => {
    const edited = `import os\n\nDEBUG = False\n_OLD_KEY = "${OLD}"\nSECRET_KEY = _OLD_KEY\n`;
    expect(applyBaseline(findingsOf(edited), baseline, secretOf)).toMatchObject({ findings: [], suppressed: 1 });
  });

  it('reports a new key and lists the entry of a removed one as stale', () => {
    const outcome = applyBaseline(findingsOf(`SECRET_KEY = "${NEW}"\n`), baseline, secretOf);
    expect(outcome.findings.map((f) => f.line)).toEqual([1]);
    expect(outcome.stale).toEqual(baseline.entries);
  });

  it('does not let a baselined key hide the same key in another file', () => {
    const outcome = applyBaseline(findingsOf(original, 'other/settings.py'), baseline, secretOf);
    expect(outcome.findings).toHaveLength(1);
  });
});

describe('where a baseline saw each key', () => {
  const kept = `SECRET_KEY = "${OLD}"\n`;
  const removed = `SECRET_KEY = "${NEW}"\n`;
  const baseline = createBaseline({ tree: findingsOf(kept), history: [...findingsOf(kept), ...findingsOf(removed, 'old/settings.py')] }, secretOf, 'fixed salt');

  it('lists the tree, the history or both, in that order, once per key', () => {
    expect(baseline.entries.map((entry) => [entry.file, entry.seenIn])).toEqual([
      ['app/settings.py', ['tree', 'history']],
      ['old/settings.py', ['history']],
    ]);
  });

  it('gives the same entries whatever order the sources come in', () => {
    const again = createBaseline({ history: findingsOf(kept), tree: findingsOf(kept) }, secretOf, 'fixed salt');
    expect(again.entries).toEqual([baseline.entries[0]]);
  });

  it('lets only a scan of a source the key was seen in call the entry stale', () => {
    const [both, historyOnly] = baseline.entries;
    expect([wasSeenIn(both!, 'tree'), wasSeenIn(both!, 'history')]).toEqual([true, true]);
    expect([wasSeenIn(historyOnly!, 'tree'), wasSeenIn(historyOnly!, 'history')]).toEqual([false, true]);
  });

  it('counts an entry of an older baseline, which does not say, as seen everywhere', () => {
    const old = { ruleId: 'django-hardcoded-key', file: 'app/settings.py', hash: 'ab' };
    expect([wasSeenIn(old, 'tree'), wasSeenIn(old, 'history')]).toEqual([true, true]);
    expect(baselineProblem({ version: 1, salt: 's', entries: [old] })).toBeNull();
  });

  it.each([[[]], [['tree', 'tree']], [['index']], ['tree']])('refuses "seenIn": %j', (seenIn) => {
    const entry = { ruleId: 'django-hardcoded-key', file: 'app/settings.py', hash: 'ab', seenIn };
    expect(baselineProblem({ version: 1, salt: 's', entries: [entry] })).toBe('"seenIn" lists "tree", "history" or both, each once');
  });
});
