// One file in, findings out, stage by stage: classify the file (and skip it
// when its bytes cannot hold a key), extract its key sites, judge each one,
// present the judged ones as findings, and apply its ignore comments.
import { decodeSource } from '../text/decode';
import { KIND_COMMENT, LogicalLines } from '../python/tokenize';
import type { SettingRead } from '../python/key-sites';
import type { Finding, SourceFile } from '../types';
import { type AnalysisOptions, type FileKind, fileKindOf, keyNeedles, mightHoldKey, projectPathOf, readAsPath } from './classify';
import { extractSites, type SettingNames } from './extract';
import { generatedCodeWindows, looksGenerated } from './generated-code';
import { applyIgnoreDirectives, findIgnoreDirectives, type IgnoreDirective } from './ignores';
import { findRule } from './rules';
import { judgeSite } from './judge';
import { withLinkedNames } from './links';
import { lastTokenStartingBy, masksOf, presentFinding, unusedIgnoreFinding } from './present';

export { type AnalysisOptions, DEFAULT_DOCS_GLOBS, DEFAULT_TEST_GLOBS, type FileKind, fileKindOf, keyNeedles, readAsPath } from './classify';
export { RECOMMENDED_EXTRA_SETTINGS } from './extract';
export type { SettingRead } from '../python/key-sites';

/** Findings of one file, sorted by position; never throws on any content. */
export function analyzeFile(file: SourceFile, options: Partial<AnalysisOptions> = {}): Finding[] {
  const kind = fileKindOf(file.path);
  const extraSettings = [...new Set(options.extraSettings ?? [])];
  if (!kind) return [];
  const linked = options.linkedNames?.(file.path, kind);
  const names = withLinkedNames(extraSettings, linked);
  if (!mightHoldKey(file.content, kind, names)) return [];
  // A key pasted into a build output is published all the same: generated code (and a window of a
  // JavaScript file too large to read whole, most likely one) is parsed in pieces around each mention.
  if (kind === 'javascript' && (file.firstLine !== undefined || looksGenerated(readAsPath(projectPathOf(file.path, options)), file.content))) {
    return generatedCodeWindows(file, keyNeedles(kind, names)).flatMap((piece) => analyzeText(piece, kind, { extraSettings, linked }, options));
  }
  return analyzeText(file, kind, { extraSettings, linked }, options);
}

function analyzeText(file: SourceFile, kind: FileKind, names: SettingNames, options: Partial<AnalysisOptions>): Finding[] {
  const { text } = decodeSource(file.content);
  // Python is read a logical line at a time: the lines that can hold a site, then the lines a finding's frame shows.
  const lines = kind === 'python' ? new LogicalLines(text) : null;
  const mayHoldDirectives = lines === null || lines.includes('settings-guard:') || lines.includes('pragma:');
  const reads: SettingRead[] | undefined = kind === 'python' && options.onSettingReads ? [] : undefined;
  const sites = extractSites(kind, readAsPath(file.path), text, lines, { ...names, reads });
  if (reads && reads.length > 0) options.onSettingReads!(file.path, reads);
  const masks = masksOf(sites.map((site) => site.literal.range), lines);
  const findings: Finding[] = [];
  for (const site of sites) {
    const judgment = judgeSite(site, kind, file.path, options);
    if (judgment) findings.push(presentFinding(site, judgment, file, text, masks));
  }
  const { kept, unused } = applyIgnoreDirectives(findings, mayHoldDirectives ? ignoreDirectivesOf(kind, text, lines) : [], (id) => findRule(id) !== undefined);
  const all = [...kept, ...unused.flatMap((entry) => unusedIgnoreFinding(entry, file, options, text, masks))];
  if (file.firstLine !== undefined) moveToPlace(all, file.firstLine, file.firstColumn ?? 1);
  return all.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Findings in a window of a larger file, placed at that file's lines (and columns, on a window's first line). */
function moveToPlace(findings: Finding[], firstLine: number, firstColumn: number): void {
  const shift = firstLine - 1;
  for (const finding of findings) {
    if (finding.line === 1) finding.column += firstColumn - 1;
    if (finding.endLine === 1) finding.endColumn += firstColumn - 1;
    finding.line += shift;
    finding.endLine += shift;
    finding.snippet = finding.snippet.map((line) => ({ ...line, line: line.line + shift }));
  }
}

/** Ignore comments in the file's own comment syntax; in Python only real comments, never text in a string. */
function ignoreDirectivesOf(kind: FileKind, text: string, lines: LogicalLines | null): IgnoreDirective[] {
  const directives = findIgnoreDirectives(text, kind === 'javascript' ? 'slash' : 'hash');
  if (!lines || directives.length === 0) return directives;
  return directives.filter((directive) => {
    const offset = directive.range.start.offset;
    const stream = lines.tokens(lines.lineAt(offset));
    const token = lastTokenStartingBy(stream, offset + 1);
    return token >= 0 && stream.kinds[token] === KIND_COMMENT && offset < stream.ends[token]!;
  });
}
