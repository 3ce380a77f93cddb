// Every sentence `install` and `uninstall` print, and the one the installed
// hook prints when it cannot find settings-guard.

export const hookMessages = {
  installed: (path: string) => `installed ${path}`,
  updated: (path: string) => `updated settings-guard's part of ${path}`,
  alreadyInstalled: (path: string) => `settings-guard already runs from ${path}; nothing changed`,
  chained: (path: string) => `added settings-guard to the existing hook ${path}; its own commands still run after it`,
  moved: (path: string, moved: string) => `moved the existing hook to ${moved}; ${path} now runs settings-guard, then it`,
  disabledKept: (path: string, moved: string) =>
    `${path} was disabled (not executable), so git never ran it: it is now ${moved}, still disabled and not called; ` +
    `${path} runs settings-guard alone (uninstall puts yours back as it was; to run both, uninstall, make yours executable, install again)`,
  foreignHook: (path: string, command: string) =>
    `${path} is an existing hook that is not a shell script, so settings-guard left every hook alone. ` +
    `Add \`${command}\` to it yourself, or run \`settings-guard install --force\` to move it aside and chain it.`,
  huskyInactive: 'husky is not active in this clone yet: run `npx husky` (or `npm install`, whose prepare script usually does) so git uses .husky/',
  removed: (path: string) => `removed settings-guard from ${path}`,
  restored: (path: string) => `removed settings-guard's hook and restored the previous ${path}`,
  notInstalled: 'settings-guard was not installed as a hook here; nothing changed',
  /** Printed by the hook itself, so shell-quoted by the caller; one line. */
  notFound: (recorded: string) =>
    `settings-guard: cannot run settings-guard (installed from ${recorded || 'an unknown place'}; not there now, nor in node_modules/.bin or on PATH, or no node): ` +
    'reinstall it (npm install), run `settings-guard install` again, or skip this check once with --no-verify',
  huskyNotFound:
    'settings-guard: not found in node_modules/.bin or on PATH: run npm install (or skip this check once with --no-verify)',
};
