// The CLI: argv in, exit code out. Never calls process.exit and never prints a
// stack trace unless DEBUG is set; bin.ts passes the process in as `io`.
import { UserError } from '../index';
import { runBaseline } from './commands/baseline';
import { runFix } from './commands/fix';
import { runGenerateKey } from './commands/generate-key';
import { runInstall, runUninstall } from './commands/hook';
import { runHook } from './commands/run-hook';
import { runExplain, runRules } from './commands/rules';
import { runScan } from './commands/scan';
import type { CliIO } from './io';
import { messages, redact } from './messages';
import { VERSION, commandHelp, findCommand, globalHelp, parseCommandArgs, type CommandName, type ParsedArgs } from './options';

export type { CliIO } from './io';

type Handler = (args: ParsedArgs, io: CliIO) => Promise<number>;

const HANDLERS: Record<Exclude<CommandName, 'help'>, Handler> = {
  scan: runScan,
  fix: runFix,
  baseline: runBaseline,
  'generate-key': runGenerateKey,
  install: runInstall,
  uninstall: runUninstall,
  hook: runHook,
  rules: runRules,
  explain: runExplain,
};

export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(globalHelp());
    io.stderr(`\n${messages.errorPrefix}${messages.missingCommand()}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h') {
    io.stdout(globalHelp());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (name.startsWith('-')) throw new UserError(messages.optionBeforeCommand(name));
  const command = findCommand(name);
  if (!command) throw new UserError(messages.unknownCommand(name));
  const args = parseCommandArgs(command, rest);
  if (args.flags.has('help')) {
    io.stdout(commandHelp(command));
    return 0;
  }
  if (command.name === 'help') return showHelp(args.positionals[0], io);
  return HANDLERS[command.name](args, io);
}

function showHelp(topic: string | undefined, io: CliIO): number {
  if (topic === undefined) {
    io.stdout(globalHelp());
    return 0;
  }
  const command = findCommand(topic);
  if (!command) throw new UserError(messages.unknownHelpTopic(topic));
  io.stdout(commandHelp(command));
  return 0;
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof UserError || (error instanceof Error && error.name === 'UserError')) {
    // Other modules word these and may quote what the user typed (a range, a path): redact it too.
    io.stderr(`${messages.errorPrefix}${redact(oneLine(error.message))}\n`);
    return error instanceof UserError ? error.exitCode : 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${messages.internalErrorPrefix}${redact(oneLine(message))}\n`);
  if (io.env.DEBUG && error instanceof Error && error.stack) io.stderr(`${redact(error.stack)}\n`);
  return 2;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
