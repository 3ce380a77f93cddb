import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { createBaseline, readBaselineFile, scan, secretOf, UserError, writeBaselineFile, type Finding } from '../../index';
import type { CliIO } from '../io';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';
import { DEFAULT_BASELINE_FILE, readProjectSettings } from '../project';

export async function runBaseline(args: ParsedArgs, io: CliIO): Promise<number> {
  const settings = readProjectSettings(args, io.cwd);
  const output = args.values.get('output');
  const path = output !== undefined ? resolve(io.cwd, output) : (settings.baselinePath ?? resolve(io.cwd, DEFAULT_BASELINE_FILE));
  const common = {
    cwd: io.cwd,
    analysis: settings.analysis,
    ...(settings.config.include.length > 0 && { include: settings.config.include }),
    ...(settings.config.exclude.length > 0 && { exclude: settings.config.exclude }),
    ...(settings.config.maxFileSize !== undefined && { maxFileSize: settings.config.maxFileSize }),
  };
  const found: { tree: Finding[]; history?: Finding[] } = { tree: (await scan({ ...common, mode: 'directory', paths: ['.'] })).findings };
  try {
    found.history = (await scan({ ...common, mode: 'history' })).findings;
  } catch (error) {
    // Outside a git repository there is no history to record.
    if (!(error instanceof UserError)) throw error;
  }
  // Keeping the salt keeps unchanged entries byte-identical: the file only changes where findings do.
  const previousSalt = existsSync(path) ? readBaselineFile(path).salt : undefined;
  const baseline = createBaseline(found, secretOf, previousSalt);
  writeBaselineFile(path, baseline);
  io.stderr(`${messages.baselineWritten(relative(io.cwd, path) || path, baseline.entries.length)}\n`);
  return 0;
}
