// `settings-guard fix`: findings -> edits -> files rewritten in place, plus the
// manual steps, the env file and the advice about the old key.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type AnalysisOptions, analyzeFile, fileKindOf } from '../engine/analyze';
import { UserError } from '../errors';
import { decodeSource, encodeSource } from '../text/decode';
import { lineStartsOf } from '../text/positions';
import { secretOf } from '../engine/secrets';
import { analysisOptionsFor, scan, type ScanOptions } from '../scan';
import type { Finding, SecretLookup } from '../types';
import { keyLikeLiteralRanges, maskKeyLikeRunsIn, maskLiterals } from '../text/mask';
import { unifiedDiff } from './diff';
import { type Edit, applyEdits } from './edits';
import { type EnvEntry, envLoaderOf, loadDotenvEdit, readEnvEdits, resolveEnvTarget, writeEnvFile } from './env-file';
import { osNameFor } from './imports';
import { generateKey } from './generate-key';
import { committedKeys } from './history';
import { messages } from './messages';
import { type ManualStep, type PlannedFix, planFixes, shownEdits } from './plan';
import { FileChangedError, WriteRefusedError, readForFix, writeAtomically } from './write';

export interface FixOptions extends Pick<ScanOptions, 'include' | 'exclude' | 'projectDirectory' | 'maxFileSize'> {
  /** Working directory the command runs in. */
  cwd: string;
  /** Files or folders to fix (default ['.']). */
  paths?: string[];
  /** Compute everything, write nothing; the report carries a unified diff with keys masked. */
  dryRun?: boolean;
  /** Write a new key to an env file: true for `.env` at the repository root (or cwd outside git), or a path relative to cwd. */
  writeEnv?: boolean | string;
  /** The variable replaced literals read (default DJANGO_SECRET_KEY, FLASK_SECRET_KEY for Flask). */
  envVar?: string;
  analysis?: Partial<AnalysisOptions>;
  /** Accepted for the CLI; fix never prompts (the dry run is the preview). */
  interactive?: boolean;
  /** Rewrite files with other hard links, read-only files and other users' files too. */
  force?: boolean;
}

export interface FixedSite {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  action: string;
}

/** A step left for the user, as reported (the finding itself stays with the fixer). */
export type ManualFix = Omit<ManualStep, 'finding'>;

export interface FileProblem {
  file: string;
  message: string;
}

export interface OldKeyAdvice {
  masked: string;
  /** file:line of every place it was found. */
  where: string[];
  /** In git history (compromised), only in the working tree/index, or null without git. */
  committed: boolean | null;
}

export interface FixReport {
  /** Findings fixed by an edit (or that would be, in a dry run). */
  fixed: FixedSite[];
  /** Files rewritten (or that would be), repo-relative. */
  files: string[];
  manual: ManualFix[];
  /** Files that had fixes but were not rewritten. */
  problems: FileProblem[];
  /** The env file written (or that would be) and the variables set in it. */
  envFile?: { path: string; names: string[] };
  oldKeys: OldKeyAdvice[];
  /** Unified diff of every change, keys masked; empty when nothing changes. */
  diff: string;
  /** Everything above as text to print, one line per entry; never contains a key. */
  lines: string[];
  /** False when some file could not be rewritten. */
  ok: boolean;
  /** As ESLint --fix: 0 when nothing is left to do, 1 when a file was not rewritten or a finding needs a hand. */
  exitCode: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function fixFiles(options: FixOptions): Promise<FixReport> {
  if (options.envVar !== undefined && !ENV_NAME.test(options.envVar)) {
    throw new UserError(`--env-var must be a variable name (letters, digits and _), not "${options.envVar}"`);
  }
  const dryRun = options.dryRun === true;
  // Refuse a tracked env file before touching anything else.
  const envTarget = options.writeEnv ? await resolveEnvTarget(options.cwd, options.writeEnv) : null;
  const targets = await findTargets(options);

  const fixed: FixedSite[] = [];
  const files: string[] = [];
  const manual: ManualStep[] = [];
  const problems: FileProblem[] = [];
  const diffs: string[] = [];
  const fixedFindings: PlannedFix[] = [];
  const loadingFiles: string[] = [];

  for (const [file, scanned] of targets.byFile) {
    const outcome = await fixOne(targets.root, file, scanned, options, dryRun, envTarget?.path);
    manual.push(...outcome.manual);
    if (outcome.problem) problems.push({ file, message: outcome.problem });
    if (outcome.loadsEnvFile) loadingFiles.push(file);
    if (outcome.fixes.length > 0) {
      files.push(file);
      diffs.push(outcome.diff);
      fixedFindings.push(...outcome.fixes);
      for (const fix of outcome.fixes) fixed.push({ file, line: fix.finding.line, column: fix.finding.column, ruleId: fix.finding.ruleId, action: fix.action });
    }
  }

  const lines: string[] = [];
  const diff = diffs.join('');
  if (dryRun && diff) lines.push(...diff.replace(/\n$/, '').split('\n'), '');
  if (fixed.length > 0) {
    lines.push(messages.fixedHeader(fixed.length, files.length, dryRun));
    for (const site of fixed) lines.push(`  ${site.file}:${site.line}  ${site.action}`);
    for (const file of loadingFiles) lines.push(`  ${messages.loaderLineAdded(file, dryRun)}`);
  }
  const todo = manual.filter((step) => !step.noteOnly);
  const notes = manual.filter((step) => step.noteOnly);
  if (problems.length > 0) {
    lines.push(messages.problemsHeader(problems.length));
    for (const problem of problems) lines.push(`  ${problem.file}: ${problem.message}`);
  }
  if (todo.length > 0) {
    lines.push(messages.manualHeader(todo.length));
    for (const step of todo) lines.push(`  ${step.file}:${step.line}  ${step.steps}`);
  }
  if (notes.length > 0) {
    lines.push(messages.notesHeader(notes.length));
    for (const step of notes) lines.push(`  ${step.file}:${step.line}  ${step.steps}`);
  }
  if (fixed.length === 0 && manual.length === 0 && problems.length === 0) lines.push(messages.nothingToFix());

  let envFile: FixReport['envFile'];
  if (envTarget) {
    const entries = envEntries(fixedFindings, options, lines);
    const loader = envLoaderOf(files.map((file) => readFileSync(resolve(targets.root, file), 'latin1')));
    const result = await writeEnvFile(envTarget, entries, dryRun, loader);
    lines.push(...result.lines);
    if (result.written.length > 0) envFile = { path: envTarget.display, names: result.written };
  }

  const advised = await adviseOnOldKeys(options.cwd, [...fixedFindings.map((fix) => fix.finding), ...todo.map((step) => step.finding)], options.analysis ?? {});
  const oldKeys = advised.map(({ advice }) => advice);
  // One paragraph per verdict, naming each key (masked) and where it was. SECRET_KEY_FALLBACKS
  // is Django's: a paragraph about Node secrets only speaks of the secrets an app still accepts.
  for (const verdict of [true, false, null]) {
    const group = advised.filter(({ advice }) => advice.committed === verdict);
    if (group.length === 0) continue;
    const which = group.map(({ advice }) => `${advice.masked} (${advice.where.join(', ')})`).join(', ');
    const fallbacks = group.some(({ django }) => django) ? 'SECRET_KEY_FALLBACKS' : null;
    lines.push('', verdict === null ? messages.oldKeyNoGit(which, group.length, fallbacks) : verdict ? messages.oldKeyCommitted(which, group.length, fallbacks) : messages.oldKeyNotCommitted(which, group.length));
  }
  // The rotation recipe is Django's (SECRET_KEY_FALLBACKS): Node secrets alone do not get it.
  if (advised.some(({ django }) => django)) lines.push('', messages.routineRotation());

  return {
    fixed,
    files,
    manual: manual.map(({ finding: _finding, ...step }) => step),
    problems,
    ...(envFile ? { envFile } : {}),
    oldKeys,
    diff,
    lines,
    ok: problems.length === 0,
    exitCode: problems.length > 0 || todo.length > 0 ? 1 : 0,
  };
}

interface Targets {
  root: string;
  /** Findings by repo-relative file, in path order. */
  byFile: Map<string, Finding[]>;
  secretOf: SecretLookup;
}

/** What to fix: the directory scan's findings, so ignores, baselines and git-awareness apply. */
async function findTargets(options: FixOptions): Promise<Targets> {
  const { include, exclude, projectDirectory } = options;
  const result = await scan({
    mode: 'directory',
    cwd: options.cwd,
    paths: options.paths ?? ['.'],
    ...(options.analysis && { analysis: options.analysis }),
    ...(include && { include }),
    ...(exclude && { exclude }),
    ...(projectDirectory !== undefined && { projectDirectory }),
    // The scan's own limit, so that fix acts on exactly the findings `scan` reports.
    ...(options.maxFileSize !== undefined && { maxFileSize: options.maxFileSize }),
  });
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...result.findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column))) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  return { root: result.root, byFile, secretOf: result.secretOf };
}

interface FileOutcome {
  /** A `load_dotenv()` line was added so the file reads the env file fix writes. */
  loadsEnvFile?: boolean;
  fixes: PlannedFix[];
  manual: ManualStep[];
  diff: string;
  problem?: string;
}

async function fixOne(root: string, file: string, scanned: readonly Finding[], options: FixOptions, dryRun: boolean, envPath?: string): Promise<FileOutcome> {
  const read = await readForFix(resolve(root, file));
  const decoded = decodeSource(read.bytes);
  // Offsets must be those of the bytes about to be rewritten: analyse them
  // again and keep the scan's findings (after its ignores and baseline).
  // The names the project's settings read keys from, as the scan learned them for this file.
  const linked = new Map(scanned.flatMap(({ site }) => (site?.link ? [[site.setting, site.link] as const] : [])));
  const fresh = analyzeFile({ path: file, content: read.bytes }, { ...analysisOptionsFor(options, root), linkedNames: () => linked });
  const matched: Finding[] = [];
  let stale = false;
  for (const finding of scanned) {
    const same = fresh.find((candidate) => candidate.fingerprint === finding.fingerprint && sameStart(candidate, finding));
    if (same) matched.push(same);
    else stale = true;
  }
  const plan = planFixes(decoded.text, stale ? [] : matched, options.envVar ? { envVar: options.envVar } : {});
  if (stale) {
    const manual = planFixes(decoded.text, fresh, options.envVar ? { envVar: options.envVar } : {});
    return { fixes: [], manual: [...asManual(manual.fixes), ...manual.manual], diff: '', problem: messages.changedSinceScan() };
  }
  if (plan.edits.length === 0) return { fixes: [], manual: plan.manual, diff: '' };
  const loading = envPath && file.endsWith('.py') ? loadingEdits(decoded.text, resolve(root, file), envPath, plan.edits) : [];
  const edits = [...plan.edits, ...loading];
  const loadLine = loading.length > 0;

  const text = applyEdits(decoded.text, edits);
  const bytes = encodeSource(decoded, text);
  if (!bytes || decodeSource(bytes).text !== text) {
    return { fixes: [], manual: [...asManual(plan.fixes), ...plan.manual], diff: '', problem: messages.notLossless(decoded.encoding) };
  }
  const lineStarts = lineStartsOf(decoded.text);
  const masked = matched.map((finding) => maskedSpan(finding, lineStarts));
  const diff = unifiedDiff(file, maskKeyLikeRunsIn(maskLiterals(decoded.text, [...masked, ...keyLikeLiteralRanges(decoded.text)]), plan.keptComments.comments), shownEdits(plan, edits));
  if (!dryRun) {
    try {
      await writeAtomically(read, bytes, { force: options.force === true });
    } catch (error) {
      const problem =
        error instanceof FileChangedError
          ? messages.changedSinceRead()
          : error instanceof WriteRefusedError
            ? error.message
            : messages.writeFailed(error instanceof Error ? error.message : String(error));
      return { fixes: [], manual: [...asManual(plan.fixes), ...plan.manual], diff: '', problem };
    }
  }
  return { fixes: plan.fixes, manual: plan.manual, diff, ...(loadLine && { loadsEnvFile: true }) };
}

/** A comment `fix` moves is the user's text: in the diff, any key-like run in it is masked. */
/**
 * The lines that make the settings read the .env fix writes through the loader
 * they already import but never call: python-dotenv's load_dotenv(), or
 * django-environ's read_env (with `import os` unless the plan adds it already).
 */
function loadingEdits(text: string, settingsPath: string, envPath: string, planned: readonly Edit[]): Edit[] {
  const dotenv = loadDotenvEdit(text, settingsPath, envPath);
  if (dotenv) return [dotenv];
  const plannedImport = planned.some((edit) => /^import os\b/m.test(edit.text));
  return readEnvEdits(text, settingsPath, envPath, osNameFor(text)).filter((edit) => !(plannedImport && /^import os\b/.test(edit.text)));
}

/** Two findings of one file start at the same place: the same literal offset, or, with no key site, the same line and column. */
function sameStart(a: Finding, b: Finding): boolean {
  if (a.site && b.site) return a.site.literal.range.start.offset === b.site.literal.range.start.offset;
  return !a.site && !b.site && a.line === b.line && a.column === b.column;
}

/**
 * The offsets a diff masks for a finding: its literal, or the whole comment of
 * a finding with no key site, whose reason is free text that may hold a key.
 */
function maskedSpan(finding: Finding, lineStarts: readonly number[]): { start: number; end: number } {
  if (finding.site) return { start: finding.site.literal.range.start.offset, end: finding.site.literal.range.end.offset };
  return { start: lineStarts[finding.line - 1]! + finding.column - 1, end: lineStarts[finding.endLine - 1]! + finding.endColumn - 1 };
}

/** Fixes that could not be written become steps that say what the edit would have done. */
function asManual(fixes: readonly PlannedFix[]): ManualStep[] {
  return fixes.map((fix) => ({
    file: fix.finding.file,
    line: fix.finding.line,
    column: fix.finding.column,
    ruleId: fix.finding.ruleId,
    form: fix.site.form,
    steps: messages.byHandInstead(fix.action),
    noteOnly: false,
    finding: fix.finding,
  }));
}

/** One new key per variable the fixed code reads; DJANGO_SECRET_KEY (or --env-var) when nothing was fixed. */
function envEntries(fixes: readonly PlannedFix[], options: FixOptions, lines: string[]): EnvEntry[] {
  const removedByName = new Map<string, string[]>();
  const unnamed: string[] = [];
  for (const fix of fixes) {
    if (fix.readsOldKeys) continue;
    const removed = fix.envName ? (removedByName.get(fix.envName) ?? []) : unnamed;
    removed.push(secretOf(fix.finding));
    if (fix.envName) removedByName.set(fix.envName, removed);
  }
  const force = options.force === true;
  if (unnamed.length > 0 && removedByName.size === 0) lines.push(messages.noEnvName());
  if (removedByName.size === 0) return [{ name: options.envVar ?? 'DJANGO_SECRET_KEY', key: generateKey(), removedKeys: unnamed, force }];
  return [...removedByName].map(([name, removedKeys]) => ({ name, key: generateKey(), removedKeys, force }));
}

/** Each old key's advice, and whether it is a Django (or Flask) key rather than a Node secret. */
async function adviseOnOldKeys(cwd: string, findings: readonly Finding[], analysis: Partial<AnalysisOptions>): Promise<{ advice: OldKeyAdvice; django: boolean }[]> {
  const byValue = new Map<string, { finding: Finding; where: string[]; django: boolean }>();
  for (const finding of findings) {
    const value = secretOf(finding);
    if (!value) continue;
    const entry = byValue.get(value) ?? { finding, where: [], django: false };
    entry.where.push(`${finding.file}:${finding.line}`);
    if (finding.site !== undefined && finding.site.framework !== 'node') entry.django = true;
    byValue.set(value, entry);
  }
  if (byValue.size === 0) return [];
  const values = [...byValue.keys()];
  const committed = await committedKeys(cwd, values, (path) => fileKindOf(path) !== null, analysis);
  return values.map((value, index) => {
    const entry = byValue.get(value)!;
    return { advice: { masked: entry.finding.secret.masked, where: entry.where, committed: committed ? committed[index]! : null }, django: entry.django };
  });
}
