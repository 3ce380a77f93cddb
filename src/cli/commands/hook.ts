import { installHook, uninstallHook } from '../../index';
import type { CliIO } from '../io';
import type { ParsedArgs } from '../options';

export async function runInstall(args: ParsedArgs, io: CliIO): Promise<number> {
  const change = await installHook({ cwd: io.cwd, force: args.flags.has('force'), ...(io.executable && { runner: io.executable }) });
  io.stdout(`${change.message}\n`);
  return 0;
}

export async function runUninstall(args: ParsedArgs, io: CliIO): Promise<number> {
  const change = await uninstallHook({ cwd: io.cwd, force: args.flags.has('force') });
  io.stdout(`${change.message}\n`);
  return 0;
}
