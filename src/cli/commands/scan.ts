import { closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  REPORT_FORMATS,
  UserError,
  formatReport,
  formatSummary,
  generateKey,
  isBlocking,
  scan,
  suggestFixes,
  type ReportFormat,
  type ReportOptions,
  type ScanOptions,
  type ScanResult,
  type Finding,
  type Severity,
} from '../../index';
import { colorEnabled, type CliIO } from '../io';
import { invocationOf } from '../invocation';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';
import { createProgress } from '../progress';
import { pathScope, readProjectBaseline, readProjectSettings } from '../project';
import { choice, integer } from '../values';

const FAIL_LEVELS: readonly Severity[] = ['error', 'warning', 'note'];
const MAX_FILE_SIZE_LIMIT = 2 ** 40;

export interface ScanCommand {
  scanOptions: Omit<ScanOptions, 'onProgress'>;
  format: ReportFormat;
  output?: string;
  failOn: Severity;
  /** --exit-zero: findings never fail the run; an incomplete scan still does (3). */
  exitZero: boolean;
  /** --quiet: the findings (and what could not be read), no summary. */
  quiet: boolean;
  showSecrets: boolean;
  noColor: boolean;
}

/** Turns parsed arguments into scan options, rejecting conflicts. */
export function readScanCommand(args: ParsedArgs, cwd: string): ScanCommand {
  const staged = args.flags.has('staged');
  const since = args.values.get('since');
  const history = args.flags.has('history') || since !== undefined;
  if (staged && args.flags.has('history')) throw new UserError(messages.conflict('--staged', '--history', 'scan one of the index or the history'));
  if (staged && since !== undefined) throw new UserError(messages.conflict('--staged', '--since', '--since selects history commits'));
  if (staged && args.positionals.length > 0) throw new UserError(messages.stagedWithPaths);

  let range: string | undefined;
  // `scan --history [RANGE] -- PATH...`: before -- a range, after it paths, as git log takes them.
  let historyPaths: string[] | undefined;
  if (history) {
    const inline = args.values.get('history');
    const { dashDashAt } = args;
    const ranges = [...(inline !== undefined ? [inline] : []), ...args.positionals.slice(0, dashDashAt)];
    if (dashDashAt !== undefined && dashDashAt < args.positionals.length) historyPaths = args.positionals.slice(dashDashAt);
    if (ranges.length > 1) throw new UserError(messages.historyArguments);
    range = ranges[0];
    // As git refuses a word that names a path unless -- says which it is.
    if (range !== undefined && inline === undefined && dashDashAt === undefined && existsSync(resolve(cwd, range))) {
      throw new UserError(messages.historyPathNotRange(range));
    }
    if (since !== undefined && range !== undefined) throw new UserError(messages.conflict('--since', 'a revision range', '--since REF means REF..HEAD'));
  }

  const settings = readProjectSettings(args, cwd);
  const { config } = settings;
  if (args.flags.has('no-baseline') && args.values.has('baseline')) throw new UserError(messages.conflict('--baseline', '--no-baseline', 'use one or the other'));
  const baseline = args.flags.has('no-baseline') ? undefined : readProjectBaseline(settings);
  const format = choice('--format', args.values.get('format') ?? 'text', REPORT_FORMATS);
  const exitZero = args.flags.has('exit-zero');
  if (exitZero && args.values.has('fail-on')) throw new UserError(messages.conflict('--exit-zero', '--fail-on', '--exit-zero never fails on findings, --fail-on says from which level to fail'));
  // The configuration's level is checked when it is read: only the flag's can be wrong here.
  const failOnText = args.values.get('fail-on') ?? config.failOn ?? 'error';
  const failOn = FAIL_LEVELS.find((level) => level === failOnText);
  if (failOn === undefined) throw new UserError(messages.invalidFailOn(failOnText, FAIL_LEVELS));
  const maxFileSizeText = args.values.get('max-file-size');
  const maxFileSize = maxFileSizeText !== undefined ? integer('--max-file-size', maxFileSizeText, 1, MAX_FILE_SIZE_LIMIT) : config.maxFileSize;
  const scanOptions: Omit<ScanOptions, 'onProgress'> = {
    cwd,
    mode: staged ? 'staged' : history ? 'history' : 'directory',
    ...(!staged && !history && { paths: args.positionals.length > 0 ? args.positionals : ['.'] }),
    ...(historyPaths !== undefined && { paths: historyPaths }),
    ...(range !== undefined && { range }),
    ...(since !== undefined && { since }),
    ...pathScope(settings, cwd, { include: args.lists.get('include'), exclude: args.lists.get('exclude') }),
    ...(maxFileSize !== undefined && { maxFileSize }),
    analysis: settings.analysis,
    ...(baseline && { baseline, baselineDirectory: dirname(settings.baselinePath!) }),
    // SARIF carries the fixer's rewrites; a commit in history has nothing left to rewrite.
    ...(format === 'sarif' && !history && { suggestFixes: (text: string, findings: readonly Finding[]) => suggestFixes(text, findings, config.envVar !== undefined ? { envVar: config.envVar } : {}) }),
  };
  const output = args.values.get('output');
  return {
    scanOptions,
    format,
    ...(output !== undefined && { output }),
    failOn,
    exitZero,
    quiet: args.flags.has('quiet'),
    showSecrets: args.flags.has('show-secrets'),
    noColor: args.flags.has('no-color'),
  };
}

export async function runScan(args: ParsedArgs, io: CliIO): Promise<number> {
  const command = readScanCommand(args, io.cwd);
  return reportScan(command, await scanWithProgress(command, io), io);
}

export async function scanWithProgress(command: ScanCommand, io: CliIO): Promise<ScanResult> {
  const progress = createProgress(io);
  try {
    return await scan({ ...command.scanOptions, onProgress: progress.update });
  } finally {
    progress.done();
  }
}

/** Prints the report (and the summary where it belongs) and returns the exit code. */
export function reportScan(command: ScanCommand, result: ScanResult, io: CliIO): number {
  const toFile = command.output !== undefined;
  const reportOptions: ReportOptions = {
    format: command.format,
    showSecrets: command.showSecrets,
    failOn: command.failOn,
    quiet: command.quiet,
    color: !toFile && command.format === 'text' && colorEnabled(io, io.stdoutIsTTY, command.noColor),
    interactive: !toFile && io.stdoutIsTTY,
    // It looks along PATH: only a report that names commands (findings, stale baseline entries) asks.
    ...((result.findings.length > 0 || (result.baseline?.stale ?? 0) > 0) && { invocation: invocationOf(io) }),
  };
  const report = formatReport(result, reportOptions);
  // The summary goes to stderr whenever stdout does not carry the text report.
  const summary =
    !command.quiet && (toFile || command.format !== 'text')
      ? formatSummary(result, { ...reportOptions, format: 'text', color: colorEnabled(io, io.stderrIsTTY, command.noColor), interactive: false })
      : '';
  if (command.output !== undefined) {
    const note = writeReport(resolve(io.cwd, command.output), report, command.output, command.showSecrets);
    if (note) io.stderr(`${note}\n`);
  } else io.stdout(report);
  // A ready replacement, for a person at a terminal only: never in a CI log, a file or a pipe.
  if (reportOptions.interactive && !command.quiet && command.format === 'text' && result.findings.some((finding) => isBlocking(finding, command.failOn))) {
    io.stdout(messages.freshKey(generateKey()));
  }
  if (summary) io.stderr(summary);
  return exitCodeOf(result, command.exitZero ? undefined : command.failOn);
}

/** 1 when findings fail (never without a fail level: --exit-zero), else 3 when the scan is incomplete, else 0. */
export function exitCodeOf(result: ScanResult, failOn: Severity | undefined): number {
  if (failOn !== undefined && result.findings.some((finding) => isBlocking(finding, failOn))) return 1;
  return result.incomplete ? 3 : 0;
}

/** Writes the report; returns a note when it had to tighten an existing file's mode. */
function writeReport(path: string, report: string, shownName: string, showSecrets: boolean): string | null {
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (!showSecrets) {
      writeFileSync(path, report, { mode: 0o644 });
      return null;
    }
    // A report with raw keys is as sensitive as the keys: readable by the owner only, an existing file
    // included, and tightened before the first byte of it is written.
    const descriptor = openSync(path, 'w', 0o600);
    try {
      const before = fstatSync(descriptor).mode & 0o777;
      fchmodSync(descriptor, 0o600);
      writeFileSync(descriptor, report);
      return before & 0o077 ? messages.reportTightened(shownName, before.toString(8)) : null;
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    throw new UserError(messages.cannotWrite(shownName, (error as NodeJS.ErrnoException).code));
  }
}
