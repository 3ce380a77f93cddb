// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: every rule in
// tool.driver with its docs, results with a region and a partial fingerprint.
// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
import { ruleCatalog, type RuleMeta } from '../engine/rules';
import type { Finding, ScanResult, Severity, SuggestedFix } from '../types';
import { TOOL_NAME, TOOL_URI, historyNote, skipReasonOf, toolVersionOf, type ReportOptions } from './shared';
import { wording } from './wording';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Key of our fingerprint in partialFingerprints; versioned so a new hash can coexist. */
export const FINGERPRINT_KEY = 'settingsGuard/v1';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', note: 'note' };

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help?: { text: string; markdown: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; fixable?: boolean };
}

export function formatSarif(result: ScanResult, options: ReportOptions): string {
  const rules = rulesFor(result.findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: TOOL_URI,
            version: toolVersionOf(options),
            semanticVersion: toolVersionOf(options),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: !result.incomplete,
            toolExecutionNotifications: [
              ...result.incompleteReasons.map((reason) => ({
                level: 'error',
                message: { text: `scan incomplete: ${reason}` },
              })),
              ...result.skipped.filter((skip) => skip.couldHoldKey).map((skip) => ({
                level: 'warning',
                message: { text: wording.couldHoldKey(skipReasonOf(skip)) },
                locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(skip.file), uriBaseId: '%SRCROOT%' } } }],
              })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: result.findings.map((finding) => toSarifResult(finding, ruleIndex, result, options)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Every catalogued rule, plus any rule a finding names that the catalog lacks. */
function rulesFor(findings: readonly Finding[]): SarifRule[] {
  const rules = ruleCatalog.map(toSarifRule);
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    rules.push({
      id: finding.ruleId,
      name: finding.ruleId,
      shortDescription: { text: finding.ruleId },
      fullDescription: { text: finding.ruleId },
      defaultConfiguration: { level: LEVEL[finding.severity] },
      properties: { tags: ['security', 'secrets'] },
    });
  }
  return rules;
}

function toSarifRule(rule: RuleMeta): SarifRule {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.summary },
    fullDescription: { text: firstParagraph(rule.docs) ?? rule.summary },
    help: { text: rule.docs, markdown: rule.docs },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', 'secrets'], fixable: rule.fixable },
  };
}

/** The first prose paragraph of a rule's Markdown docs: headings and code blocks skipped, even with no blank line around them. */
function firstParagraph(markdown: string): string | undefined {
  const prose = markdown
    .replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '')
    .replace(/^#.*$/gm, '');
  const paragraphs = prose.split(/\r?\n\s*\r?\n/).map((block) => block.trim());
  return paragraphs.find((block) => block !== '')?.replace(/\s*\r?\n\s*/g, ' ');
}

function toSarifResult(finding: Finding, ruleIndex: Map<string, number>, result: ScanResult, options: ReportOptions) {
  const properties: Record<string, unknown> = { secretLength: finding.secret.length, secretMasked: finding.secret.masked };
  if (finding.suggestion !== undefined) properties.suggestion = finding.suggestion;
  if (finding.commit) {
    properties.commit = finding.commit.sha;
    properties.commitDate = finding.commit.date;
  }
  if (finding.presentAtHead !== undefined) properties.presentAtHead = finding.presentAtHead;
  if (options.showSecrets) properties.secretValue = result.secretOf(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: LEVEL[finding.severity],
    message: { text: messageOf(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.fix && { fixes: [toSarifFix(finding, finding.fix)] }),
    properties,
  };
}

/**
 * The fixer's rewrite as one SARIF fix (spec 3.55): regions to delete and the
 * text to put there. Inserted text is an environment read or a name, never a
 * key; the key itself is only ever inside a deleted region.
 */
function toSarifFix(finding: Finding, fix: SuggestedFix) {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation: { uri: uriOf(finding.file), uriBaseId: '%SRCROOT%' },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: {
            startLine: edit.range.start.line,
            startColumn: edit.range.start.column,
            endLine: edit.range.end.line,
            endColumn: edit.range.end.column,
          },
          ...(edit.text !== '' && { insertedContent: { text: edit.text } }),
        })),
      },
    ],
  };
}

function messageOf(finding: Finding): string {
  const history = historyNote(finding);
  return history === undefined ? finding.message : `${finding.message} (${history})`;
}

/** A repo-relative path as a relative URI reference: each segment percent-encoded. */
function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
