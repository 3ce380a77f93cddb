import { UserError } from '../index';
import { messages } from './messages';

/** One of the allowed values of an option, or a usage error listing them. */
export function choice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  const found = choices.find((candidate) => candidate === value);
  if (found === undefined) throw new UserError(messages.invalidChoice(flag, value, choices));
  return found;
}

/** A whole number within bounds (digits only: no signs, no exponents), or a usage error. */
export function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new UserError(messages.invalidInteger(flag, text, min, max));
  return value;
}

/** An environment variable name as shells and env files accept it. */
export function envVarName(value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) throw new UserError(messages.invalidEnvVar(value));
  return value;
}
