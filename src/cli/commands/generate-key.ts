import { envLine, generateKey } from '../../index';
import type { CliIO } from '../io';
import type { ParsedArgs } from '../options';
import { envVarName, integer } from '../values';

/** Django's security.W009 asks for at least 50 characters. */
const MIN_LENGTH = 50;
const MAX_LENGTH = 4096;
const DEFAULT_ENV_VAR = 'DJANGO_SECRET_KEY';

export async function runGenerateKey(args: ParsedArgs, io: CliIO): Promise<number> {
  const lengthText = args.values.get('length');
  const key = generateKey(lengthText === undefined ? MIN_LENGTH : integer('--length', lengthText, MIN_LENGTH, MAX_LENGTH));
  const envVarText = args.values.get('env-var');
  const envVar = envVarText === undefined ? undefined : envVarName(envVarText);
  io.stdout(`${args.flags.has('env') || envVar !== undefined ? envLine(envVar ?? DEFAULT_ENV_VAR, key) : key}\n`);
  return 0;
}
