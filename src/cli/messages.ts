// Every sentence the CLI itself prints (reports have theirs in
// src/reporters/wording.ts; the help text is in options.ts).

/**
 * A value the user typed, quoted for an error message. Long values are cut:
 * someone may paste a key where a flag value belongs, and errors must never
 * print one whole.
 */
export function quoteArg(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return Array.from(clean).length > 32 ? `'${Array.from(clean).slice(0, 10).join('')}…' (${Array.from(clean).length} characters)` : `'${clean}'`;
}

const seeHelp = (command?: string) => `run 'settings-guard ${command ? `${command} ` : ''}--help' for usage`;

export const messages = {
  errorPrefix: 'settings-guard: ',
  internalErrorPrefix: 'settings-guard: internal error: ',
  missingCommand: () => `missing command; ${seeHelp()}`,
  unknownCommand: (name: string) => `unknown command ${quoteArg(name)}; ${seeHelp()}`,
  optionBeforeCommand: (flag: string) =>
    `unknown option ${quoteArg(flag)}: options go after the command (e.g. 'settings-guard scan ${flag.startsWith('--') ? flag.split('=')[0] : flag}'); ${seeHelp()}`,
  unknownOption: (command: string, flag: string) => `unknown option ${quoteArg(flag)} for '${command}'; ${seeHelp(command)}`,
  missingValue: (command: string, flag: string, valueName: string) => `option '${flag}' needs a value (${flag} ${valueName}); ${seeHelp(command)}`,
  unexpectedValue: (command: string, flag: string) => `option '${flag}' takes no value; ${seeHelp(command)}`,
  unexpectedArgument: (command: string, arg: string) => `'${command}' takes no argument ${quoteArg(arg)}; ${seeHelp(command)}`,
  tooManyArguments: (command: string) => `too many arguments for '${command}'; ${seeHelp(command)}`,
  missingArgument: (command: string, name: string) => `'${command}' needs ${name}; ${seeHelp(command)}`,
  invalidChoice: (flag: string, value: string, choices: readonly string[]) =>
    `invalid value ${quoteArg(value)} for ${flag}: expected one of ${choices.join(', ')}`,
  invalidInteger: (flag: string, value: string, min: number, max: number) =>
    `invalid value ${quoteArg(value)} for ${flag}: expected a whole number from ${min} to ${max}`,
  invalidEnvVar: (value: string) => `invalid value ${quoteArg(value)} for --env-var: expected a variable name such as DJANGO_SECRET_KEY (letters, digits, _)`,
  conflict: (a: string, b: string, why: string) => `${a} and ${b} cannot be combined: ${why}`,
  invalidFailOn: (value: string, choices: readonly string[]) =>
    `invalid value ${quoteArg(value)} for --fail-on: expected one of ${choices.join(', ')}; for a report that never fails on findings, use --exit-zero`,
  stagedWithPaths: 'scan --staged reads what is staged in the git index and takes no paths; run it from inside the repository',
  historyArguments: 'scan --history takes at most one revision range (e.g. origin/main..HEAD); paths go after --: scan --history RANGE -- PATH...',
  historyPathNotRange: (path: string) =>
    `${quoteArg(path)} is a path, not a revision range: to scan the history of paths, put them after -- (settings-guard scan --history -- ${path}); for a revision of that name, --history=${path}`,
  writeEnvNotAPath: (word: string) =>
    `no such file or directory: ${quoteArg(word)}; to write the key to it, use --write-env=${word} (--write-env FILE with a space takes only env file names such as .env.local)`,
  freshKey: (key: string) =>
    `\nA fresh key, made as Django makes them (shown only on this terminal; put it in the environment, never in the code):\n  ${key}\n`,
  baselineMissing: (file: string) => `baseline not found: ${quoteArg(file)} (create it with \`settings-guard baseline\`)`,
  baselineWritten: (file: string, entries: number) => `wrote ${file}: ${entries} known ${entries === 1 ? 'finding' : 'findings'}; scans now report only new ones`,
  baselineWrittenUnused: (file: string, entries: number) =>
    `wrote ${file}: ${entries} known ${entries === 1 ? 'finding' : 'findings'}; no configuration names it yet, so scans still report them: put "baseline": ${JSON.stringify(file)} in .settings-guard.json, or pass --baseline ${quoteArg(file)}`,
  reportTightened: (file: string, mode: string) => `${quoteArg(file)} had mode ${mode}; it is now 600, as it holds keys in full (--show-secrets)`,
  cannotWrite: (file: string, code: string | undefined) => `cannot write the report to ${quoteArg(file)}: ${fileErrorReason(code)}`,
  unknownRule: (id: string) => `unknown rule ${quoteArg(id)}; run 'settings-guard rules' to list them`,
  noRules: 'No rules are registered.',
  rulesHeader: ['RULE', 'SEVERITY', 'FIXABLE', 'SUMMARY'] as const,
  fixable: (fixable: boolean) => (fixable ? 'yes' : 'no'),
  explainHeader: (id: string, severity: string, fixable: boolean) => `${id} (default severity: ${severity}${fixable ? ', fixable with settings-guard fix' : ''})`,
  unknownHelpTopic: (name: string) => `no help for ${quoteArg(name)}; ${seeHelp()}`,
  unknownHook: (name: string, names: readonly string[]) => `unknown hook ${quoteArg(name)}: expected one of ${names.join(', ')}; ${seeHelp('hook')}`,
  pushBlocked: (commit: string, invocation: string) =>
    [
      '',
      'Push blocked: the commits being pushed add a hardcoded secret key (each finding above names the commit that added it).',
      `Fix:     take the key out of those commits: \`git rebase -i ${commit}^\` (\`--root\` if ${commit} is the first commit) and edit`,
      '         each one, or `git commit --amend` for the last commit, reading the key from the environment instead',
      `         (\`${invocation} fix\`); then push again.`,
      `         If the key was ever pushed or shared anywhere, rotate it too: make a new one (\`${invocation} generate-key\`).`,
      'Bypass:  git push --no-verify   (only deliberately: the key is then published)',
      '',
    ].join('\n'),
  receiveRefused: (commit: string) =>
    [
      '',
      "Push refused by the server's settings-guard: the commits pushed add a hardcoded secret key (each finding above names the commit).",
      `Fix:     in your clone, take the key out of those commits (\`git rebase -i ${commit}^\`, or \`git commit --amend\` for the last one),`,
      '         read it from the environment instead (`settings-guard fix`), push again, and rotate the key: it has left your machine.',
      '',
    ].join('\n'),
} as const;

/**
 * Best effort for errors, which may quote anything: hides long runs of
 * key-like characters (letters and digits mixed, Django's key symbols) and
 * what follows a django-insecure- prefix. Only secret values: a run made of
 * words (a rule id such as django-insecure-key, an option name, a path's
 * parts such as settings-2024-production) is printed whole.
 */
export function redact(text: string): string {
  // Every whole run, its length checked after: V8 runs `{20,}` with a backtrack
  // entry per character (a 10 MB run overflowed the stack) and retried it from
  // each position of a shorter run, where `+` takes each run once.
  return text
    .replace(/django-insecure-\S*/g, (run) => {
      // Quotes and punctuation after it are the message's, not the key's (none is in Django's alphabet).
      let end = run.length;
      while (end > 0 && `"'\`,;:.`.includes(run[end - 1]!)) end--;
      return isWords(run.slice(0, end)) ? run : `django-insecure-********${run.slice(end)}`;
    })
    .replace(/[A-Za-z0-9!@#$%^&*()\-_=+]+/g, (run) =>
      run.length >= 20 && /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !isWords(run) ? `${run.slice(0, 4)}********` : run,
    );
}

/**
 * Short words (letters, then maybe digits: `python3`) or numbers joined by - or _,
 * as names are written; a key's run has symbols, or long mixed stretches.
 */
function isWords(run: string): boolean {
  return run.length <= 200 && run.split(/[-_]/).every((part) => part.length <= 15 && /^[A-Za-z]*[0-9]*$/.test(part));
}

/** Node's file-system error codes in words. */
function fileErrorReason(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a parent of it is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? 'write failed';
  }
}
