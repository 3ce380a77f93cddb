// Stage 3 of analyzeFile: the facts of a site (its value's class, its form,
// its file and context) choose the rule that reports it, and its severity.
import { isEnvReference } from '../envfile/key-sites';
import { mayHoldProse } from '../forms';
import type { KeySite, Severity, SiteContext, ValueClass } from '../types';
import { classifyValue, isRenderedPlaceholder, looksLikeProse } from './assess';
import { type AnalysisOptions, type FileKind, isTemplateCopy, placeOf } from './classify';
import { type RuleMeta, selectRule } from './rules';

/** What the engine concluded about one site, before it is worded. */
export interface Judgment {
  rule: RuleMeta;
  severity: Severity;
  valueClass: ValueClass;
  context: SiteContext;
  /** The class for tests that made the site test code (`TestingConfig`), when nothing else did. */
  testClass?: string;
}

/** The rule that reports the site and how severely, or null when none does (or its rule is off). */
export function judgeSite(site: KeySite, kind: FileKind, path: string, options: Partial<AnalysisOptions>): Judgment | null {
  const value = site.literal.value;
  if (value.length === 0) return null;
  if (mayHoldProse(site) && looksLikeProse(value, site.setting)) return null;
  if (kind === 'env' && isEnvReference(value)) return null;
  const valueClass = classifyValue(site);
  // A template's placeholder (`SECRET_KEY = '{{ secret_key }}'` in Django's settings.py-tpl) is what a template should hold.
  if (valueClass === 'template' && isTemplateCopy(path) && isRenderedPlaceholder(value)) return null;
  const rule = selectRule({ file: kind === 'notebook' ? 'python' : kind, inComment: site.inComment, value: valueClass, form: site.form, framework: site.framework, custom: site.custom === true });
  if (!rule) return null;
  const override = options.ruleSeverity?.[rule.id];
  if (override === 'off') return null;
  const { context, testClass } = placeOf(site, kind, path, options, valueClass);
  // Test code, docs, examples and template placeholders never block: they are reported as notes.
  const demoted = valueClass === 'template' || (context !== 'code' && context !== 'comment');
  const severity: Severity = demoted ? 'note' : (override ?? rule.severity);
  return { rule, severity, valueClass, context, ...(testClass !== undefined ? { testClass } : {}) };
}
