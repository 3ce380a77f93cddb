// What a command needs from the project's configuration file and baseline,
// with command-line flags taking precedence over the file.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { checkGlobs, loadConfig, readBaselineFile, ruleCatalog, UserError, type AnalysisOptions, type Baseline, type Config, type ScanOptions } from '../index';
import { messages } from './messages';
import type { ParsedArgs } from './options';

export const DEFAULT_BASELINE_FILE = '.settings-guard-baseline.json';

export interface ProjectSettings {
  config: Config;
  /** What the configuration's paths and globs are relative to: its file's directory, else the repository's root. */
  projectDirectory: string;
  analysis: Partial<AnalysisOptions>;
  /** Where the baseline is (absolute), from --baseline or the config, if either names one. */
  baselinePath?: string;
  /** The same, as the user would write it: relative to the working directory. */
  baselineName?: string;
}

export function readProjectSettings(args: ParsedArgs, cwd: string): ProjectSettings {
  const loaded = loadConfig(cwd, ruleCatalog.map((rule) => rule.id), args.values.get('config'));
  const { config } = loaded;
  const analysis: Partial<AnalysisOptions> = {
    ruleSeverity: config.rules,
    extraSettings: config.extraSettings,
    ...(config.testPaths && { testGlobs: config.testPaths }),
    ...(config.docsPaths && { docsGlobs: config.docsPaths }),
  };
  const flagged = args.values.get('baseline');
  const baselinePath = flagged !== undefined ? resolve(cwd, flagged) : config.baseline !== undefined ? resolve(loaded.directory, config.baseline) : undefined;
  return { config, projectDirectory: loaded.directory, analysis, ...(baselinePath !== undefined && { baselinePath, baselineName: relative(cwd, baselinePath) || baselinePath }) };
}

/**
 * Which paths a command reads: the configuration's globs seen from its
 * directory, the command line's from the working directory. `--include`
 * replaces the configuration's include, `--exclude` adds to its exclude.
 */
export function pathScope(
  settings: ProjectSettings,
  cwd: string,
  flags: { include?: string[] | undefined; exclude?: string[] | undefined } = {},
): Pick<ScanOptions, 'include' | 'exclude' | 'projectDirectory'> {
  if (flags.include) checkGlobs(flags.include, '--include');
  if (flags.exclude) checkGlobs(flags.exclude, '--exclude');
  const from = (directory: string, globs: string[] | undefined) => (globs && globs.length > 0 ? [{ globs, directory }] : []);
  return {
    include: flags.include ? from(cwd, flags.include) : from(settings.projectDirectory, settings.config.include),
    exclude: [...from(settings.projectDirectory, settings.config.exclude), ...from(cwd, flags.exclude)],
    projectDirectory: settings.projectDirectory,
  };
}

/** The baseline a scan filters with; a configured one that does not exist yet is an error worth fixing. */
export function readProjectBaseline(settings: ProjectSettings): Baseline | undefined {
  if (settings.baselinePath === undefined) return undefined;
  if (!existsSync(settings.baselinePath)) throw new UserError(messages.baselineMissing(settings.baselineName ?? settings.baselinePath));
  return readBaselineFile(settings.baselinePath);
}
