// Every rule proves itself: its file is well-formed, its docs answer the
// questions a user asks, and its examples behave as documented when run
// through the real analyzer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/engine/analyze';
import { ruleCatalog, type RuleMeta } from '../../src/engine/rules';
import { type Example, exampleUnder, examplePath } from './examples';

const rulesDir = join(__dirname, '..', '..', 'rules');
const ruleFiles = readdirSync(rulesDir).filter((name) => name.endsWith('.md') && name !== 'README.md');
const REQUIRED_SECTIONS = ['## What it finds', '## Why is this bad', '## Example', '## Use instead'];

function findingsOf(example: Example, rule: RuleMeta) {
  return analyzeFile({ path: examplePath(example), content: Buffer.from(example.code) }, rule.exampleConfig ?? {});
}

describe('rule files', () => {
  it('registers every rule file, with its id equal to its file name', () => {
    expect(ruleCatalog.map((rule) => `${rule.id}.md`).sort()).toEqual([...ruleFiles].sort());
  });

  it('gives every rule a distinct priority, so the rule that reports a site is never ambiguous', () => {
    const priorities = ruleCatalog.map((rule) => rule.priority);
    expect(new Set(priorities).size).toBe(priorities.length);
  });

  describe.each(ruleCatalog.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it('has a severity, a one-line summary and a message template', () => {
      expect(['error', 'warning', 'note']).toContain(rule.severity);
      expect(rule.summary).toMatch(/^[A-Z].*\.$/);
      expect(rule.summary).not.toContain('\n');
      // Site rules name the site in their message; filter rules (no `when`) word it themselves.
      if (rule.when) expect(rule.message).toContain('{subject}');
      else expect(rule.message).not.toMatch(/\{\w+\}/);
      expect(typeof rule.fixable).toBe('boolean');
    });

    it('documents what it finds, why it is bad, an example and what to use instead', () => {
      expect(rule.docs.startsWith(`# ${id}\n`)).toBe(true);
      for (const section of REQUIRED_SECTIONS) expect(rule.docs).toContain(`\n${section}\n`);
      if (rule.fixable) expect(rule.docs).toContain('\n## Fix safety\n');
    });

    it('reports its bad example exactly once, with this rule', () => {
      const findings = findingsOf(exampleUnder(rule.docs, '## Example'), rule);
      expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([[id, rule.severity]]);
    });

    it('reports nothing for its good example', () => {
      expect(findingsOf(exampleUnder(rule.docs, '## Use instead'), rule)).toEqual([]);
    });
  });
});

describe('the README rules table', () => {
  it('lists every rule with its severity and summary, in catalog order', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \| (yes|no) \| (.+) \|$/gm)].map((match) => ({
      id: match[1],
      severity: match[2],
      fixable: match[3] === 'yes',
      summary: match[4],
    }));
    expect(rows).toEqual(ruleCatalog.map((rule) => ({ id: rule.id, severity: rule.severity, fixable: rule.fixable, summary: rule.summary })));
  });
});

describe('rule docs stay readable from the published package', () => {
  it('keeps the source file and the compiled docs identical', () => {
    for (const rule of ruleCatalog) {
      const source = readFileSync(join(rulesDir, `${rule.id}.md`), 'utf8');
      expect(source.endsWith(rule.docs.trimEnd() + '\n') || source.includes(rule.docs.trim())).toBe(true);
    }
  });
});
