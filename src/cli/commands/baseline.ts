import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { createBaseline, readBaselineFile, scan, secretOf, UserError, writeBaselineFile, type BaselineSource, type Finding } from '../../index';
import { isWithin, rebasePath } from '../../sources/source';
import type { CliIO } from '../io';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';
import { DEFAULT_BASELINE_FILE, pathScope, readProjectSettings } from '../project';

export async function runBaseline(args: ParsedArgs, io: CliIO): Promise<number> {
  const settings = readProjectSettings(args, io.cwd);
  const output = args.values.get('output');
  const path = output !== undefined ? resolve(io.cwd, output) : (settings.baselinePath ?? resolve(io.cwd, DEFAULT_BASELINE_FILE));
  // Paths in a baseline are relative to its own directory, so a scan from any directory of the
  // project matches them. The working tree recorded is that directory's when the command runs
  // inside it and it lies within the project (the usual case: the baseline sits at the project's
  // root), else the project's: where the file is written never widens what is scanned.
  const directory = dirname(path);
  const treeRoot = isWithin(directory, io.cwd) && isWithin(settings.projectDirectory, directory) ? directory : settings.projectDirectory;
  const common = {
    analysis: settings.analysis,
    ...pathScope(settings, io.cwd),
    ...(settings.config.maxFileSize !== undefined && { maxFileSize: settings.config.maxFileSize }),
  };
  const tree = await scan({ ...common, cwd: treeRoot, mode: 'directory', paths: ['.'] });
  const found: { tree: Finding[]; history?: Finding[] } = { tree: tree.findings };
  const roots: Record<BaselineSource, string> = { tree: tree.root, history: tree.root };
  try {
    const history = await scan({ ...common, cwd: io.cwd, mode: 'history' });
    found.history = history.findings;
    roots.history = history.root;
  } catch (error) {
    // Outside a git repository there is no history to record.
    if (!(error instanceof UserError)) throw error;
  }
  // Keeping the salt keeps unchanged entries byte-identical: the file only changes where findings do.
  const previousSalt = existsSync(path) ? readBaselineFile(path).salt : undefined;
  const baseline = createBaseline(found, secretOf, previousSalt, (finding, source) => rebasePath(finding.file, roots[source], directory));
  writeBaselineFile(path, baseline);
  const shown = relative(io.cwd, path) || path;
  // A baseline no configuration points at filters nothing: say so rather than promise it does.
  const used = settings.baselinePath !== undefined && resolve(settings.baselinePath) === path;
  io.stderr(
    `${used ? messages.baselineWritten(shown, baseline.entries.length) : messages.baselineWrittenUnused(shown, baseline.entries.length)}\n`,
  );
  return 0;
}
