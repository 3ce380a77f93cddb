// Commands, their options and the help text, from one table so that the help
// cannot drift from what the parser accepts. Parsing uses node:util parseArgs
// for tokenizing and checks every token here, to give one-line messages.
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { UserError, fileKindOf } from '../index';
import { messages } from './messages';

export const VERSION: string = packageJson.version;

type OptionKind =
  | 'flag' // --staged
  | 'value' // --format json, --format=json
  | 'list' // --include a --include b
  | 'optional-value'; // --history or --history=RANGE (a value only with "=", or as the next argument when takesNext says so)

interface OptionSpec {
  name: string;
  short?: string;
  kind: OptionKind;
  valueName?: string;
  help: string;
  /** optional-value only: the next argument is its value when this says it is one (`fix --write-env .env.local`). */
  takesNext?: (word: string) => boolean;
}

export type CommandName = 'scan' | 'fix' | 'baseline' | 'generate-key' | 'install' | 'uninstall' | 'hook' | 'rules' | 'explain' | 'help';

interface CommandSpec {
  name: CommandName;
  /** What follows the command name in the usage line. */
  args: string;
  summary: string;
  /** At most this many positionals (Infinity for paths). */
  maxPositionals: number;
  options: OptionSpec[];
  notes?: string[];
  examples: [string, string][];
}

const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', kind: 'flag', help: 'Show this help' };
// Options scan and hook share: a hook's check is a scan.
const FAIL_ON_OPTION: OptionSpec = { name: 'fail-on', kind: 'value', valueName: 'LEVEL', help: 'Exit 1 for findings at or above LEVEL: error (default), warning or note' };
const SHOW_SECRETS_OPTION: OptionSpec = { name: 'show-secrets', kind: 'flag', help: 'Print the keys in full (masked by default: a few leading characters; JSON also gives the length)' };
const BASELINE_OPTION: OptionSpec = { name: 'baseline', kind: 'value', valueName: 'FILE', help: 'Leave out the findings recorded in FILE (see the baseline command); default: the configured baseline' };
const NO_BASELINE_OPTION: OptionSpec = { name: 'no-baseline', kind: 'flag', help: 'Report every finding, the ones a baseline knows too' };

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'scan',
    args: '[PATH...]',
    summary: 'Find hardcoded secret keys in files, in the staged changes or in the git history',
    maxPositionals: Infinity,
    options: [
      { name: 'staged', kind: 'flag', help: 'Scan what the next commit will contain (the git index), not the working tree; what the pre-commit hook runs' },
      { name: 'history', kind: 'optional-value', valueName: 'RANGE', help: 'Scan every commit reachable from all refs, or only RANGE (e.g. origin/main..HEAD, also given as the next argument); paths after -- limit it to their changes, as git log -- PATH... does' },
      { name: 'since', kind: 'value', valueName: 'REF', help: 'Scan the history of the commits after REF: the same as --history REF..HEAD' },
      { name: 'format', short: 'f', kind: 'value', valueName: 'FORMAT', help: 'Report format: text (default), json, sarif or github' },
      { name: 'output', short: 'o', kind: 'value', valueName: 'FILE', help: 'Write the report to FILE; the summary still goes to stderr' },
      FAIL_ON_OPTION,
      { name: 'exit-zero', kind: 'flag', help: 'Report only: findings never make the exit code 1 (an incomplete scan still exits 3, a usage error 2)' },
      { name: 'quiet', short: 'q', kind: 'flag', help: 'Print the findings only: no summary line, and with --format json, sarif, github or --output no summary on stderr (files not read and an incomplete scan are still named; errors still go to stderr)' },
      SHOW_SECRETS_OPTION,
      { name: 'include', kind: 'list', valueName: 'GLOB', help: 'Only scan files matching GLOB, from the current directory (repeatable)' },
      { name: 'exclude', kind: 'list', valueName: 'GLOB', help: 'Skip files matching GLOB, from the current directory (repeatable)' },
      { name: 'max-file-size', kind: 'value', valueName: 'BYTES', help: 'Analyse files larger than BYTES only around each mention of a secret name' },
      { name: 'no-color', kind: 'flag', help: 'No colours (also NO_COLOR=1; FORCE_COLOR=1 forces them)' },
      { name: 'config', short: 'c', kind: 'value', valueName: 'FILE', help: 'Read settings from FILE instead of the nearest .settings-guard.json, pyproject.toml [tool.settings-guard] or package.json "settings-guard"' },
      BASELINE_OPTION,
      NO_BASELINE_OPTION,
      HELP_OPTION,
    ],
    notes: [
      'PATH defaults to the current directory. Inside a git work tree the tracked files and the untracked ones git does not ignore are scanned.',
      'A staged scan that finds nothing prints nothing.',
    ],
    examples: [
      ['settings-guard scan', 'scan the current directory'],
      ['settings-guard scan --staged', 'what the pre-commit hook runs'],
      ['settings-guard scan --history origin/main..HEAD', 'the commits a pull request adds'],
      ['settings-guard scan --history -- mysite/settings.py', 'every commit that changed one file'],
      ['settings-guard scan --format sarif --output settings-guard.sarif', 'for GitHub code scanning'],
      ['settings-guard scan --format github', 'annotations in a GitHub Actions log'],
      ['settings-guard scan --exit-zero --quiet', 'list the findings without failing the build'],
    ],
  },
  {
    name: 'fix',
    args: '[PATH...]',
    summary: 'Rewrite settings to read the key from the environment',
    maxPositionals: Infinity,
    options: [
      { name: 'dry-run', kind: 'flag', help: 'Show the changes without writing them' },
      {
        name: 'write-env',
        kind: 'optional-value',
        valueName: 'FILE',
        help: 'Also write a fresh key to FILE (default .env, git-ignored, mode 600); --write-env FILE takes an env file name (.env.local, prod.env), --write-env=FILE any name',
        // A PATH to fix is never an env file (fix rewrites code), so such a name after it can only be FILE.
        takesNext: (word) => fileKindOf(word) === 'env',
      },
      { name: 'env-var', kind: 'value', valueName: 'NAME', help: 'The environment variable to read (default DJANGO_SECRET_KEY for Django, FLASK_SECRET_KEY for Flask; for Node, SESSION_SECRET, COOKIE_SECRET, JWT_SECRET... by what the secret feeds)' },
      { name: 'force', kind: 'flag', help: 'Also rewrite a file with other hard links (they keep the old key), a read-only file or another user\'s file, and replace a value --write-env\'s file already sets' },
      { name: 'no-color', kind: 'flag', help: 'No colours' },
      { name: 'config', short: 'c', kind: 'value', valueName: 'FILE', help: 'Read settings from FILE instead of the nearest configuration' },
      HELP_OPTION,
    ],
    examples: [
      ['settings-guard fix --write-env', 'rewrite settings.py and put a new key in .env'],
      ['settings-guard fix --dry-run mysite/settings.py', 'preview the change to one file'],
    ],
  },
  {
    name: 'baseline',
    args: '',
    summary: 'Record the current findings so that scans report only new ones',
    maxPositionals: 0,
    options: [
      { name: 'output', short: 'o', kind: 'value', valueName: 'FILE', help: 'Where to write it (default: the configured baseline, else .settings-guard-baseline.json)' },
      { name: 'config', short: 'c', kind: 'value', valueName: 'FILE', help: 'Read settings from FILE instead of the nearest configuration' },
      HELP_OPTION,
    ],
    notes: [
      'Records every finding in the working tree and, in a git repository, in its history. Entries hold the rule, the path, a salted hash of the key and where it was seen ("seenIn": tree, history): never the key, never a line number, so edits elsewhere do not invalidate them.',
      'Point scans at it with --baseline FILE or "baseline" in the configuration. A scan of the working tree calls stale only entries seen in the working tree, a history scan only those seen in the history; regenerate it to update them. The pre-commit hook never rewrites it.',
    ],
    examples: [
      ['settings-guard baseline', 'adopt settings-guard in a repository with known findings'],
      ['settings-guard scan --baseline .settings-guard-baseline.json', 'report only new findings'],
    ],
  },
  {
    name: 'generate-key',
    args: '',
    summary: "Print a new random key from Django's alphabet",
    maxPositionals: 0,
    options: [
      { name: 'length', kind: 'value', valueName: 'N', help: 'Key length (default 50, at least 50)' },
      { name: 'env', kind: 'flag', help: "Print it as an env file line: DJANGO_SECRET_KEY='...'" },
      { name: 'env-var', kind: 'value', valueName: 'NAME', help: 'The variable name for --env (default DJANGO_SECRET_KEY)' },
      HELP_OPTION,
    ],
    examples: [
      ['settings-guard generate-key', 'a 50-character key'],
      ['settings-guard generate-key --env >> .env', 'append it to a git-ignored .env'],
    ],
  },
  {
    name: 'install',
    args: '',
    summary: 'Install the git hooks: pre-commit, pre-merge-commit and pre-push (in .husky/ if the repository uses husky), or pre-receive in a bare repository',
    maxPositionals: 0,
    options: [{ name: 'force', kind: 'flag', help: 'Move aside and chain a hook that is not a shell script (one settings-guard cannot add itself to)' }, HELP_OPTION],
    notes: [
      'The hooks run the settings-guard that installed them (its node and dist/cli.js by absolute path), else the one in node_modules or on PATH; never npx. An existing hook runs after settings-guard; a disabled (not executable) one stays disabled and is not called.',
    ],
    examples: [
      ['npx settings-guard install', 'block commits, merges and pushes that add a secret key'],
      ['settings-guard install', "in a server's bare repository: refuse pushes that add one"],
    ],
  },
  {
    name: 'uninstall',
    args: '',
    summary: 'Remove what install added to the hooks and put back what was there',
    maxPositionals: 0,
    options: [{ name: 'force', kind: 'flag', help: 'Remove the hook even if it was changed since install' }, HELP_OPTION],
    examples: [['npx settings-guard uninstall', '']],
  },
  {
    name: 'hook',
    args: 'NAME [ARG...]',
    summary: "Run a git hook's check, with the arguments and stdin git gives that hook (what install writes into the hooks)",
    maxPositionals: Infinity,
    options: [
      FAIL_ON_OPTION,
      SHOW_SECRETS_OPTION,
      { name: 'no-color', kind: 'flag', help: 'No colours' },
      { name: 'config', short: 'c', kind: 'value', valueName: 'FILE', help: 'Read settings from FILE instead of the nearest configuration' },
      BASELINE_OPTION,
      NO_BASELINE_OPTION,
      HELP_OPTION,
    ],
    notes: [
      'NAME is one of: pre-commit and pre-merge-commit (the staged changes, as scan --staged; git runs pre-merge-commit for a clean `git merge`); pre-push REMOTE URL (reads git\'s ref lines on stdin and scans the commits the remote does not have: what a cherry-pick, revert, rebase, am or --no-verify commit added is checked here); pre-receive (on a server\'s bare repository: reads `old new ref` lines and scans the commits no ref has yet, refusing the push); pre-commit-framework [FILE...] (the pre-commit framework\'s entry: the files it names, or in its pre-push stage the range PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF).',
      'A key found in a pushed commit is reported at the commit that added it, with how to take it out of the history.',
    ],
    examples: [
      ['settings-guard hook pre-push origin URL < refs', 'what .git/hooks/pre-push runs'],
      ['settings-guard hook pre-receive < refs', "what a server's hooks/pre-receive runs"],
    ],
  },
  {
    name: 'rules',
    args: '',
    summary: 'List the rules, errors first, then warnings and notes, each by id: id, default severity, whether fix handles it, summary',
    maxPositionals: 0,
    options: [HELP_OPTION],
    examples: [['settings-guard rules', '']],
  },
  {
    name: 'explain',
    args: 'RULE',
    summary: 'Show what a rule finds, why it matters and what to do instead',
    maxPositionals: 1,
    options: [HELP_OPTION],
    examples: [['settings-guard explain django-insecure-key', '']],
  },
  {
    name: 'help',
    args: '[COMMAND]',
    summary: 'Show the help of a command',
    maxPositionals: 1,
    options: [HELP_OPTION],
    examples: [['settings-guard help scan', '']],
  },
];

const EXIT_CODES: [string, string][] = [
  ['0', 'nothing at or above the fail level (--fail-on, default error), or --exit-zero'],
  ['1', 'findings at or above the fail level (the hooks block the commit or push)'],
  ['2', 'usage error (unknown option, bad value, conflicting options) or runtime error'],
  ['3', 'scan incomplete (a file that could hold a key, or the history, could not be read entirely) and no finding already gives 1; also with --exit-zero: it fails closed'],
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((command) => command.name === name);
}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
  /** Where `--` was: the positionals from this index on came after it (`scan --history RANGE -- PATH...`). */
  dashDashAt?: number;
  /** The argument after an optional-value option given bare, when its takesNext did not take it (`fix --write-env notes.txt`). */
  notTaken: Map<string, string>;
}

/** Parses a command's arguments; every mistake is a UserError naming it. */
export function parseCommandArgs(command: CommandSpec, args: string[]): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const option of command.options) {
    config[option.name] = {
      type: option.kind === 'value' || option.kind === 'list' ? 'string' : 'boolean',
      ...(option.short !== undefined && { short: option.short }),
    };
  }
  // Non-strict, to check each token here and word the errors ourselves.
  const { tokens } = parseArgs({ args, options: config, strict: false, allowPositionals: true, tokens: true });
  const parsed: ParsedArgs = { flags: new Set(), values: new Map(), lists: new Map(), positionals: [], notTaken: new Map() };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'positional') {
      parsed.positionals.push(token.value);
      continue;
    }
    if (token.kind === 'option-terminator') {
      parsed.dashDashAt = parsed.positionals.length;
      continue;
    }
    const option = command.options.find((candidate) => candidate.name === token.name);
    if (!option) throw new UserError(messages.unknownOption(command.name, token.rawName));
    const flag = `--${option.name}`;
    if (option.kind === 'flag') {
      if (token.value !== undefined) throw new UserError(messages.unexpectedValue(command.name, flag));
      parsed.flags.add(option.name);
    } else if (option.kind === 'optional-value') {
      parsed.flags.add(option.name);
      if (token.value !== undefined) parsed.values.set(option.name, token.value);
      const next = tokens[i + 1];
      if (token.value === undefined && option.takesNext && next?.kind === 'positional' && next.index === token.index + 1) {
        if (option.takesNext(next.value)) {
          parsed.values.set(option.name, next.value);
          i++;
        } else parsed.notTaken.set(option.name, next.value);
      }
    } else {
      // A following option is not a value: `--format --staged` is a missing value.
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-')) {
        throw new UserError(messages.missingValue(command.name, flag, option.valueName ?? 'VALUE'));
      }
      if (option.kind === 'list') parsed.lists.set(option.name, [...(parsed.lists.get(option.name) ?? []), token.value]);
      else parsed.values.set(option.name, token.value);
    }
  }
  if (parsed.flags.has('help')) return parsed;
  if (parsed.positionals.length > command.maxPositionals) {
    const extra = parsed.positionals[command.maxPositionals] ?? '';
    throw new UserError(command.maxPositionals === 0 ? messages.unexpectedArgument(command.name, extra) : messages.tooManyArguments(command.name));
  }
  return parsed;
}

function optionUsage(option: OptionSpec): string {
  const names = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`;
  if (option.kind === 'optional-value') return `${names}[=${option.valueName}]`;
  if (option.kind === 'flag') return names;
  return `${names} ${option.valueName}`;
}

/** Help text fits in this many columns; the right column wraps under itself. */
const HELP_WIDTH = 100;

function table(rows: [string, string][], indent: number): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const room = Math.max(30, HELP_WIDTH - indent - width);
  return rows.flatMap(([left, right]) => {
    const [first = '', ...rest] = wrap(right, room);
    return [`${' '.repeat(indent)}${left.padEnd(width)}${first}`.trimEnd(), ...rest.map((line) => `${' '.repeat(indent + width)}${line}`)];
  });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function commandHelp(command: CommandSpec): string {
  const lines = [`Usage: settings-guard ${command.name}${command.args ? ` ${command.args}` : ''} [options]`, '', command.summary + '.', ''];
  lines.push('Options:', ...table(command.options.map((option) => [optionUsage(option), option.help]), 2));
  if (command.notes) lines.push('', ...command.notes.flatMap((note) => wrap(note, HELP_WIDTH)));
  lines.push('', 'Examples:', ...table(command.examples, 2));
  if (command.name === 'scan') lines.push('', 'Exit codes:', ...table(EXIT_CODES, 2));
  return `${lines.join('\n')}\n`;
}

export function globalHelp(): string {
  const lines = [
    `settings-guard ${VERSION}: stops Django and Flask secret keys from being committed,`,
    'finds the ones that were, and moves them to the environment.',
    '',
    'Usage: settings-guard <command> [options]',
    '',
    'Commands:',
    ...table(
      COMMANDS.map((command) => [`${command.name}${command.args ? ` ${command.args}` : ''}`, command.summary]),
      2,
    ),
    '',
    'Global options:',
    '  -h, --help     Show this help (also: settings-guard help COMMAND, settings-guard COMMAND --help)',
    '  -V, --version  Print the version',
  ];
  for (const command of COMMANDS) {
    if (command.name === 'help') continue;
    lines.push('', `Options of ${command.name}:`, ...table(command.options.filter((option) => option !== HELP_OPTION).map((option) => [optionUsage(option), option.help]), 2));
    if (command.options.length === 1) lines.push('  (none)');
  }
  lines.push('', 'Exit codes:', ...table(EXIT_CODES, 2));
  lines.push('', 'Examples:', ...table(COMMANDS.flatMap((command) => command.examples.filter(([, what]) => what !== '')), 2));
  lines.push('', 'Secrets are masked in every output unless --show-secrets is given.');
  return `${lines.join('\n')}\n`;
}
