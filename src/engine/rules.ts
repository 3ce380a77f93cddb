import compiled from '../../generated/rules.json';
import type { Framework, Severity, SiteForm, ValueClass } from '../types';

/** The facts a rule's `when` conditions are matched against; one set per key site. */
export interface SiteFacts {
  file: 'python' | 'env' | 'deploy' | 'javascript';
  inComment: boolean;
  /** The setting is a configured extra name (KeySite.custom), not a secret key. */
  custom: boolean;
  value: ValueClass;
  form: SiteForm;
  framework: Framework;
}

/** Each listed fact must hold (a list means any of its values). */
export type RuleCondition = {
  [K in keyof SiteFacts]?: SiteFacts[K] | SiteFacts[K][];
};

/** A rule as written in rules/<id>.md: YAML front matter plus Markdown docs. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  /** Lower runs first; the first rule whose `when` holds reports the site. */
  priority: number;
  /** One line: what the rule finds. */
  summary: string;
  fixable: boolean;
  /** Facts a key site must have for this rule to report it; absent for rules reported by a filter. */
  when?: RuleCondition;
  /** Message template: {subject} names the site, {problems} lists what is wrong with the value. */
  message: string;
  /** Markdown: What it finds / Why is this bad / Example / Use instead. */
  docs: string;
  /** Analysis options the doc examples run with, for rules that need configuration. */
  exampleConfig?: { extraSettings?: string[] };
}

export const ruleCatalog: readonly RuleMeta[] = [...(compiled as unknown as RuleMeta[])].sort((a, b) => a.priority - b.priority);

export function findRule(id: string): RuleMeta | undefined {
  return ruleCatalog.find((rule) => rule.id === id);
}

export function ruleMatches(rule: RuleMeta, facts: SiteFacts): boolean {
  const when = rule.when;
  if (!when) return false;
  return (Object.keys(when) as (keyof SiteFacts)[]).every((key) => {
    const expected = when[key];
    return Array.isArray(expected) ? (expected as unknown[]).includes(facts[key]) : expected === facts[key];
  });
}

/** The rule that reports a site with these facts, or undefined when none does. */
export function selectRule(facts: SiteFacts): RuleMeta | undefined {
  return ruleCatalog.find((rule) => ruleMatches(rule, facts));
}
