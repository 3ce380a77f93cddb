// One file in, findings out: prefilter the bytes, decode, extract key sites,
// judge each value, pick the rule whose conditions hold, and word the finding.
import { deployFormatOf, extractDeploySites } from '../deploy';
import { extractJavaScriptSites, isJavaScriptPath } from '../javascript/key-sites';
import { extractEnvFileSites, isEnvReference, NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import { extractKeySitesFromLines, FALLBACKS_SETTING, SECRET_SETTINGS } from '../python/key-sites';
import { decodeSource } from '../text/decode';
import { KIND_COMMENT, KIND_STRING, LogicalLines, type TokenStream } from '../python/tokenize';
import type { Finding, KeySite, Range, Token, Severity, SiteContext, SnippetLine, SourceFile, ValueClass } from '../types';
import { generatedCodeWindows, looksGenerated } from './generated-code';
import { compileGlobs } from './globs';
import { adviceFor, describeSite } from '../forms';
import { classifyValue, looksLikePlaceholder, looksLikeProse, valueProblems } from './assess';
import { applyIgnoreDirectives, findIgnoreDirectives, type IgnoreDirective } from './ignores';
import { mentions } from './needles';
import { findRule, selectRule, type RuleMeta } from './rules';
import { fingerprintOf, maskSecret, rememberSecret } from './secrets';

export interface AnalysisOptions {
  /** picomatch globs: files whose findings are test-only (severity note). */
  testGlobs: string[];
  /** picomatch globs: documentation and examples (severity note). */
  docsGlobs: string[];
  /** Per-rule severity override, or 'off'. */
  ruleSeverity: Record<string, Severity | 'off'>;
  /** Extra setting names treated like SECRET_KEY. */
  extraSettings: string[];
  /**
   * A file's path from the project's directory, when file paths are relative
   * to another one (default: the path as given). testGlobs and docsGlobs are
   * written from there, and where a file sits (a CI workflow, a build output
   * folder) is judged from there.
   */
  projectPathOf: (path: string) => string;
}

export const DEFAULT_TEST_GLOBS = [
  '**/tests/**', '**/test/**', '**/testing/**', '**/test_*.py', '**/test-*.py', '**/*_test.py', '**/tests.py', '**/conftest.py',
  '**/test_settings.py', '**/settings_test.py', '**/settings/test.py', '**/settings/tests.py', '**/settings/testing.py',
  '**/settings/test_*.py', '**/testsettings.py', '**/settings_tests.py', '**/*_testing.py', '**/testing_*.py', '**/.env.test', '**/.env.testing', '**/test.env',
  '**/__tests__/**', '**/*.test.{js,jsx,ts,tsx,mjs,cjs}', '**/*.spec.{js,jsx,ts,tsx,mjs,cjs}',
  // Test harnesses: a project's test runner, test server and test projects.
  '**/test_utils/**', '**/testproject/**', '**/test_project/**', '**/test_projects/**', '**/runtests/**', '**/runtests.py', '**/testserver.py',
];
export const DEFAULT_DOCS_GLOBS = [
  '**/docs/**', '**/doc/**', '**/examples/**', '**/example/**', '**/tutorials/**', '**/tutorial/**',
  // Example modules meant to be copied: local_settings_example.py, settings.sample.py.
  '**/*[._]example.py', '**/example[._]*.py', '**/*[._]sample.py', '**/sample[._]*.py', '**/*[._]dist.py',
];

// .env.example, .env.sample, example.env, .env.template, .env.dist: templates meant to be committed.
const EXAMPLE_ENV_FILE = /(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|defaults?)(?:[._-]|$)/i;
const TEST_CALLS = /(?:^|\.)(?:override_settings|modify_settings)$/;
// CI configuration: a dummy key there runs the test suite. A real-looking one is still a leak.
const CI_CONFIG = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.gitlab-ci\.ya?ml|\.circleci\/[^/]+|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|tox\.ini)$/;
// String literals that look like data (long, no spaces, not an UPPER_CASE name) are masked in
// snippets too: a code frame must never show a key the analyzer did not recognise as one.
// The same as /^[a-zA-Z]*(['"]{1,3})(?![A-Z][A-Z0-9_]*\1)[^\s'"]{16,}\1$/, read without a
// regular expression: on a multi-megabyte literal V8's backtracking stack overflows on that one.
function isKeyLikeString(token: string): boolean {
  let quoteStart = 0;
  while (quoteStart < token.length && /[a-zA-Z]/.test(token[quoteStart]!)) quoteStart++;
  let bodyStart = quoteStart;
  while (bodyStart < token.length && bodyStart - quoteStart < 3 && (token[bodyStart] === '"' || token[bodyStart] === "'")) bodyStart++;
  const quotes = token.slice(quoteStart, bodyStart);
  const bodyEnd = token.length - quotes.length;
  if (quotes === '' || bodyEnd - bodyStart < 16 || !token.endsWith(quotes)) return false;
  const body = token.slice(bodyStart, bodyEnd);
  return !/[\s'"]/.test(body) && !/^[A-Z][A-Z0-9_]*$/.test(body);
}
const MAX_SNIPPET_LINES = 6;
const MAX_SNIPPET_CHARS = 4000;

/**
 * Extra secret settings are opt-in (`extraSettings` in the configuration): a team
 * that installs settings-guard for SECRET_KEY must not find other settings
 * blocking its commits on day one. These are the ones the docs recommend.
 */
export const RECOMMENDED_EXTRA_SETTINGS = ['EMAIL_HOST_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET_KEY', 'SIGNING_KEY', 'STRIPE_SECRET_KEY'];
const BUILT_IN_SETTINGS = new Set([...SECRET_SETTINGS, FALLBACKS_SETTING].map((name) => name.toUpperCase()));
// Byte needles for JS/TS: a file mentioning none of them holds no session secret we look for.
const JAVASCRIPT_NEEDLES = ['secret', 'Secret', 'SECRET', 'cookie', 'Cookie', 'jwt', 'JWT', 'jsonwebtoken', 'iron-session', 'IronSession', '.keys'];

export type FileKind = 'python' | 'env' | 'deploy' | 'javascript';

// Copies committed beside the file they copy are read as that file. Editor and
// merge leftovers (settings.py~, settings.py.bak, settings.py.orig) hold the key
// the file held when they were made; templates (settings.py.example) are examples.
const LEFTOVER_SUFFIX = /(?:~|\.(?:bak|orig|old|save|backup))$/i;
const TEMPLATE_SUFFIX = /\.(?:example|sample|dist|template|tmpl|tpl)$/i;

/** The path a file is read as: a copy's (`settings.py.bak`) is the file it copies (`settings.py`). */
export function readAsPath(path: string): string {
  // Nearly every path is a module's own: no pattern needs to run for it.
  if (path.endsWith('.py')) return path;
  return path.replace(LEFTOVER_SUFFIX, '').replace(TEMPLATE_SUFFIX, '');
}

/** A template's copy (`settings.py.example`, also when itself left over as `.bak`): an example. */
function isTemplateCopy(path: string): boolean {
  return TEMPLATE_SUFFIX.test(path.replace(LEFTOVER_SUFFIX, ''));
}

/** Which analyser reads a path, or null when the file is never analysed. */
export function fileKindOf(path: string): FileKind | null {
  const readAs = readAsPath(path);
  const base = readAs.slice(readAs.lastIndexOf('/') + 1);
  if (base.endsWith('.py') || base.endsWith('.pyw')) return 'python';
  if (base === '.env' || base.startsWith('.env.') || base.endsWith('.env') || base === '.envrc' || base === '.flaskenv') return 'env';
  if (deployFormatOf(base)) return 'deploy';
  if (isJavaScriptPath(base)) return 'javascript';
  return null;
}

const matcherCache = new Map<string, (path: string) => boolean>();
function matcherFor(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = globs.length === 0 ? () => false : compileGlobs(globs);
    matcherCache.set(key, matcher);
  }
  return matcher;
}

function projectPathOf(path: string, options: Partial<AnalysisOptions>): string {
  return options.projectPathOf ? options.projectPathOf(path) : path;
}

const needlesByKind = new Map<string, readonly string[]>();

/**
 * The strings a file of this kind mentions when it can hold a key site at all:
 * the byte prefilter of every file, and what a file too large to analyse
 * whole is searched for.
 */
export function keyNeedles(kind: FileKind, extraSettings: readonly string[]): readonly string[] {
  const cacheKey = `${kind}\0${extraSettings.join('\0')}`;
  let needles = needlesByKind.get(cacheKey);
  if (!needles) {
    needles = [
      'SECRET_KEY',
      'settings-guard:',
      ...(kind === 'python' || kind === 'deploy' ? ['secret_key'] : []),
      ...(kind === 'env' || kind === 'deploy' ? NODE_SECRET_VARIABLES : []),
      ...(kind === 'javascript' ? JAVASCRIPT_NEEDLES : []),
      ...extraSettings,
      // .ini and .toml keys are read in any case (configparser lowercases them).
      ...(kind === 'deploy' ? extraSettings.map((name) => name.toLowerCase()) : []),
    ];
    needlesByKind.set(cacheKey, needles);
  }
  return needles;
}

/** A cheap byte test: can this file hold a key site at all? */
function mightHoldKey(content: Buffer, kind: FileKind, extraSettings: readonly string[]): boolean {
  return keyNeedles(kind, extraSettings).some((needle) => mentions(content, needle));
}

function extractSites(kind: FileKind, path: string, text: string, lines: LogicalLines | null, extraSettings: readonly string[]): KeySite[] {
  switch (kind) {
    case 'python':
      return extractKeySitesFromLines(lines ?? new LogicalLines(text), { extraSettings });
    case 'env':
      return extractEnvFileSites(text, extraSettings);
    case 'deploy':
      return extractDeploySites(path, text, [...SECRET_SETTINGS, ...NODE_SECRET_VARIABLES, ...extraSettings]);
    case 'javascript':
      return extractJavaScriptSites(path, text, [...SECRET_SETTINGS, ...extraSettings]);
  }
}

/** A configured extra name, not one of the secret keys: judged as a secret, not as a Django key. */
function isCustomSetting(setting: string, extraSettings: readonly string[]): boolean {
  const upper = setting.toUpperCase();
  return !BUILT_IN_SETTINGS.has(upper) && extraSettings.some((name) => name.toUpperCase() === upper);
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

/** The last token of `stream` that starts before `offset`, or -1: a binary search, tokens being in offset order. */
function lastTokenStartingBy(stream: TokenStream, offset: number): number {
  let low = 0;
  let high = stream.count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (stream.starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** What a code frame over [start, end) masks: the ranges wholly inside it. */
type Masks = (start: number, end: number) => Range[];

/**
 * Key sites' literals, and the string tokens that look like data (see
 * isKeyLikeString), found in the logical lines a frame covers: only the lines
 * a finding shows are scanned into tokens.
 */
function masksOf(siteRanges: readonly Range[], lines: LogicalLines | null): Masks {
  return (start, end) => {
    const found = rangesWithin(siteRanges, start, end);
    if (!lines || end <= start) return found;
    for (let line = lines.lineAt(start); line < lines.count && lines.starts[line]! < end; line++) {
      const stream = lines.tokens(line);
      for (let index = lastTokenStartingBy(stream, start) + 1; index < stream.count && stream.starts[index]! < end; index++) {
        if (stream.kinds[index] !== KIND_STRING || stream.ends[index]! > end || !isKeyLikeString(stream.textOf(index))) continue;
        const token = stream.token(index);
        found.push({ start: token.start, end: token.end });
      }
    }
    return found;
  };
}

/** Findings of one file, sorted by position; never throws on any content. */
export function analyzeFile(file: SourceFile, options: Partial<AnalysisOptions> = {}): Finding[] {
  const kind = fileKindOf(file.path);
  const extraSettings = [...new Set(options.extraSettings ?? [])];
  if (!kind || !mightHoldKey(file.content, kind, extraSettings)) return [];
  // A key pasted into a build output is published all the same: generated code (and a window of a
  // JavaScript file too large to read whole, most likely one) is parsed in pieces around each mention.
  if (kind === 'javascript' && (file.firstLine !== undefined || looksGenerated(readAsPath(projectPathOf(file.path, options)), file.content))) {
    return generatedCodeWindows(file, keyNeedles(kind, extraSettings)).flatMap((piece) => analyzeText(piece, kind, extraSettings, options));
  }
  return analyzeText(file, kind, extraSettings, options);
}

function analyzeText(file: SourceFile, kind: FileKind, extraSettings: readonly string[], options: Partial<AnalysisOptions>): Finding[] {
  const { text } = decodeSource(file.content);
  // Python is read a logical line at a time: the lines that can hold a site, then the lines a finding's frame shows.
  const lines = kind === 'python' ? new LogicalLines(text) : null;
  const mayHoldDirectives = lines === null || lines.includes('settings-guard:') || lines.includes('pragma:');
  const sites = extractSites(kind, readAsPath(file.path), text, lines, extraSettings);
  for (const site of sites) if (site.framework !== 'node' && isCustomSetting(site.setting, extraSettings)) site.custom = true;
  const masks = masksOf(sites.map((site) => site.literal.range), lines);
  const findings: Finding[] = [];
  for (const site of sites) {
    const finding = judgeSite(site, kind, file, text, masks, options);
    if (finding) findings.push(finding);
  }
  const { kept, unused } = applyIgnoreDirectives(findings, mayHoldDirectives ? ignoreDirectivesOf(kind, text, lines) : []);
  const all = [...kept, ...unused.flatMap((directive) => unusedIgnoreFinding(directive, file, options, text, masks))];
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

function unusedIgnoreFinding(directive: IgnoreDirective, file: SourceFile, options: Partial<AnalysisOptions>, text: string, masks: Masks): Finding[] {
  const rule = findRule('unused-ignore-comment');
  const level = rule && (options.ruleSeverity?.[rule.id] ?? rule.severity);
  if (!rule || !level || level === 'off') return [];
  const { start, end } = directive.range;
  // Whatever long run the reason holds is masked in the code frame, as in the message.
  const reasonAt = end.offset - (directive.reason?.length ?? 0);
  const reasonRuns: Range[] = [...text.slice(reasonAt, end.offset).matchAll(RUN)].filter((run) => run[0].length >= LONG_RUN_LENGTH).map((run) => ({
    start: { line: end.line, column: 0, offset: reasonAt + run.index },
    end: { line: end.line, column: 0, offset: reasonAt + run.index + run[0].length },
  }));
  const finding: Finding = {
    ruleId: rule.id,
    severity: level,
    file: file.path,
    line: directive.line,
    column: directive.column,
    endLine: end.line,
    endColumn: end.column,
    message: directive.reason ? `${rule.message} ${reasonNote(directive.reason)}` : rule.message,
    secret: maskSecret(''),
    // The line in the whole file: a window of a large one starts further down.
    fingerprint: fingerprintOf(rule.id, file.path, `line:${start.line + (file.firstLine ?? 1) - 1}`),
    snippet: snippetFor(text, directive.range, masks, reasonRuns),
    context: 'code',
  };
  if (file.commit) finding.commit = file.commit;
  rememberSecret(finding, '');
  return [finding];
}

const MAX_REASON_LENGTH = 80;
// Runs of 20 or more: the length is checked in code, as `{20,}` overflows V8's regex stack on a long line.
const RUN = /[^\s'"`]+/g;
const LONG_RUN_LENGTH = 20;

/**
 * The author's `-- reason`, quoted so a reviewer knows which exception went
 * stale. It is free text from the repository: cut short, and any long run of
 * key-like characters masked, as snippets are.
 */
function reasonNote(reason: string): string {
  const clipped = Array.from(reason).length > MAX_REASON_LENGTH ? `${Array.from(reason).slice(0, MAX_REASON_LENGTH).join('')}…` : reason;
  return `(Its reason: "${clipped.replace(RUN, (run) => (run.length >= LONG_RUN_LENGTH ? maskSecret(run).masked : run))}".)`;
}

function judgeSite(site: KeySite, kind: FileKind, file: SourceFile, text: string, masks: Masks, options: Partial<AnalysisOptions>): Finding | null {
  const value = site.literal.value;
  if (value.length === 0) return null;
  // A map keyed by the setting's name may hold messages about it rather than the setting.
  if ((site.form === 'dict-entry' || site.form === 'config-file') && looksLikeProse(value, site.setting)) return null;
  if (kind === 'env' && isEnvReference(value)) return null;
  const valueClass = classifyValue(site);
  const rule = selectRule({ file: kind, inComment: site.inComment, value: valueClass, form: site.form, framework: site.framework, custom: site.custom === true });
  if (!rule) return null;
  const override = options.ruleSeverity?.[rule.id];
  if (override === 'off') return null;
  const context = contextOf(site, kind, file.path, options, valueClass);
  // Test code, docs, examples and template placeholders never block: they are reported as notes.
  const demoted = valueClass === 'template' || (context !== 'code' && context !== 'comment');
  const severity: Severity = demoted ? 'note' : (override ?? rule.severity);
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    file: file.path,
    line: site.literal.range.start.line,
    column: site.literal.range.start.column,
    endLine: site.literal.range.end.line,
    endColumn: site.literal.range.end.column,
    message: messageFor(rule, site, valueClass, context),
    secret: maskSecret(value),
    fingerprint: fingerprintOf(rule.id, file.path, value),
    snippet: snippetFor(text, site.literal.range, masks),
    context,
    site,
  };
  // Notes (tests, docs, templates) are reported for awareness; fix advice there would be noise.
  const suggestion = severity === 'note' ? undefined : suggestionFor(site, file.path);
  if (suggestion) finding.suggestion = suggestion;
  if (file.commit) finding.commit = file.commit;
  rememberSecret(finding, value);
  return finding;
}

function contextOf(site: KeySite, kind: FileKind, path: string, options: Partial<AnalysisOptions>, valueClass: ValueClass): SiteContext {
  if (site.call && TEST_CALLS.test(site.call)) return 'test';
  if (isTemplateCopy(path)) return 'example';
  const projectPath = readAsPath(projectPathOf(path, options));
  if (CI_CONFIG.test(projectPath) && (valueClass === 'weak' || looksLikePlaceholder(site.literal.value))) return 'test';
  if (matcherFor(options.testGlobs ?? DEFAULT_TEST_GLOBS)(projectPath)) return 'test';
  if (matcherFor(options.docsGlobs ?? DEFAULT_DOCS_GLOBS)(projectPath)) return 'docs';
  if (kind === 'env' && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/^\.env/, ''))) return 'example';
  // docker-compose.example.yml, settings.sample.toml, config.template.js: templates meant to be committed.
  if ((kind === 'deploy' || kind === 'javascript') && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, ''))) return 'example';
  return site.inComment ? 'comment' : 'code';
}

const CONTEXT_NOTES: Record<SiteContext, string> = {
  code: '',
  comment: '',
  test: ' Reported as a note: it is in test-only code.',
  docs: ' Reported as a note: it is in documentation or examples.',
  example: ' Reported as a note: it is in an example or template file.',
};

function messageFor(rule: RuleMeta, site: KeySite, valueClass: ValueClass, context: SiteContext): string {
  const problems = valueProblems(site, valueClass);
  const subject = describeSite(site);
  const text = rule.message
    .replace('{subject}', subject.charAt(0).toUpperCase() + subject.slice(1))
    .replace('{problems}', problems.length > 0 ? `: ${problems.join('; ')}` : '');
  const templateNote = valueClass === 'template' ? ' Reported as a note: the value is filled in later.' : '';
  return `${text}${CONTEXT_NOTES[context]}${templateNote}`;
}

/** How to fix the site, in words, as its form advises; never contains a key. */
function suggestionFor(site: KeySite, path: string): string | undefined {
  const readAs = readAsPath(path);
  return adviceFor(site, path, deployFormatOf(readAs.slice(readAs.lastIndexOf('/') + 1)) === 'dockerfile');
}

const sortedMasks = new WeakMap<readonly Range[], Range[]>();

/**
 * The ranges inside [start, end): a binary search over the ranges sorted once
 * per list, since a file with thousands of sites asks once per site.
 */
function rangesWithin(ranges: readonly Range[], start: number, end: number): Range[] {
  let sorted = sortedMasks.get(ranges);
  if (!sorted) {
    sorted = [...ranges].sort((a, b) => a.start.offset - b.start.offset);
    sortedMasks.set(ranges, sorted);
  }
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.start.offset < start) low = middle + 1;
    else high = middle;
  }
  const found: Range[] = [];
  for (let index = low; index < sorted.length && sorted[index]!.start.offset < end; index++) {
    if (sorted[index]!.end.offset <= end) found.push(sorted[index]!);
  }
  return found;
}

/** The lines holding `range` (a literal or a comment), with every key site and key-like string on them masked. */
function snippetFor(text: string, range: Range, masks: Masks, extraMasks: readonly Range[] = []): SnippetLine[] {
  const first = range.start;
  const lastLine = Math.min(range.end.line, first.line + MAX_SNIPPET_LINES - 1);
  const startOffset = first.offset - (first.column - 1);
  let endOffset = range.end.offset;
  while (endOffset < text.length && endOffset - startOffset <= MAX_SNIPPET_CHARS && text[endOffset] !== '\n' && text[endOffset] !== '\r') endOffset++;
  // A frame of a megabyte line helps no one, and framing each of its thousands of
  // sites would be quadratic: show the masked literal (or comment) alone.
  if (endOffset - startOffset > MAX_SNIPPET_CHARS) {
    const literal = text.slice(range.start.offset, range.end.offset);
    return [{ line: first.line, text: `… ${maskLiteralText(literal).replace(/\r\n|\r|\n/g, ' ')} …` }];
  }
  // Outermost ranges win: a key split over several string tokens is masked as one.
  const outermost: Range[] = [];
  for (const mask of [...masks(startOffset, endOffset), ...rangesWithin(extraMasks, startOffset, endOffset)]
    .sort((a, b) => a.start.offset - b.start.offset || b.end.offset - a.end.offset)) {
    const last = outermost[outermost.length - 1];
    if (!last || mask.start.offset >= last.end.offset) outermost.push(mask);
  }
  let chunk = text.slice(startOffset, endOffset);
  for (const mask of outermost.reverse()) {
    const from = mask.start.offset - startOffset;
    const to = mask.end.offset - startOffset;
    chunk = chunk.slice(0, from) + maskLiteralText(chunk.slice(from, to)) + chunk.slice(to);
  }
  return chunk
    .split(/\r\n|\r|\n/)
    .map((lineText, index) => ({ line: first.line + index, text: lineText }))
    .filter((line) => line.line <= lastLine && line.text.trim().length > 0);
}

/** `r'abc...'` -> `r'abc*****'`: prefix and quotes kept, line breaks kept so line numbers stay right. */
function maskLiteralText(literal: string): string {
  const quoted = /^([a-zA-Z]*)(['"]{1,3})([\s\S]*)\2$/.exec(literal);
  const breaks = literal.match(/\r\n|\r|\n/g)?.join('') ?? '';
  if (!quoted) return maskSecret(literal).masked + breaks;
  const [, prefix, quote, body] = quoted;
  return `${prefix}${quote}${maskSecret(body!.replace(/\r\n|\r|\n/g, '')).masked}${quote}${breaks}`;
}

