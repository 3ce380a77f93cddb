import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, fixFiles } from '../../index';
import type { CliIO } from '../io';
import { messages } from '../messages';
import type { ParsedArgs } from '../options';
import { pathScope, readProjectSettings } from '../project';
import { envVarName } from '../values';

const DEFAULT_ENV_FILE = '.env';

export async function runFix(args: ParsedArgs, io: CliIO): Promise<number> {
  // `fix --write-env notes.txt`: a name that is no env file's and no path to fix was meant for --write-env=.
  const afterWriteEnv = args.notTaken.get('write-env');
  if (afterWriteEnv !== undefined && !existsSync(resolve(io.cwd, afterWriteEnv))) throw new UserError(messages.writeEnvNotAPath(afterWriteEnv));
  const settings = readProjectSettings(args, io.cwd);
  const envVarText = args.values.get('env-var') ?? settings.config.envVar;
  const envVar = envVarText === undefined ? undefined : envVarName(envVarText);
  const result = await fixFiles({
    cwd: io.cwd,
    paths: args.positionals.length > 0 ? args.positionals : ['.'],
    dryRun: args.flags.has('dry-run'),
    ...(args.flags.has('write-env') && { writeEnv: args.values.get('write-env') ?? DEFAULT_ENV_FILE }),
    ...(envVar !== undefined && { envVar }),
    analysis: settings.analysis,
    ...pathScope(settings, io.cwd),
    ...(settings.config.maxFileSize !== undefined && { maxFileSize: settings.config.maxFileSize }),
    interactive: Boolean(io.stdinIsTTY) && io.stdoutIsTTY,
    ...(args.flags.has('force') && { force: true }),
  });
  for (const line of result.lines) io.stdout(`${line}\n`);
  return result.exitCode;
}
