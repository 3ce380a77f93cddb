// The sentences `fix` and `generate-key` show a person, but for what a key
// shape's fix says (src/forms/). None contains a key: callers pass masked
// values and locations only.
import type { SiteContext } from '../types';

const GENERATE = 'npx settings-guard generate-key';

/** What never to do with a leaked key: Django's fallbacks setting, or a Node app's list of accepted secrets. */
function notAcceptedAnyMore(fallbacks: string | null): string {
  return fallbacks ? `add the old key to ${fallbacks}` : 'keep the old secret among those the app still accepts (an express-session secret array, cookie-session keys)';
}

export const messages = {
  keyTooShort: (length: number) => `a key must have at least 50 characters (Django's security.W009 check), not ${length}`,

  manualComment: () => 'commented-out code holds a key: delete the comment (the key is still published wherever the file is).',
  noteUnusedIgnore: () => 'this ignore comment suppresses nothing: delete it, so it cannot hide a future key.',
  noteNotCode: (context: SiteContext) =>
    `left alone (${context} code): nothing runs with it in production, but if it is a real key, replace it with a throwaway one (${GENERATE}).`,
  /** A rewrite fix planned but did not write (the file was refused or changed): the user makes it. */
  byHandInstead: (action: string) => `not rewritten, so make the change yourself: ${action.replace(/ now reads /, ' should read ')}`,
  manualOverlap: () => 'another fix edits the same text: fix this one by hand.',

  notLossless: (encoding: string) =>
    `not rewritten: its bytes do not decode losslessly as ${encoding}, so writing it back could change other bytes; make the changes below by hand.`,
  changedSinceRead: () => 'not rewritten: the file changed while settings-guard was fixing it; run fix again.',
  changedSinceScan: () => 'not rewritten: the file changed since it was scanned; run fix again.',
  writeFailed: (reason: string) => `not rewritten: ${reason}`,

  envTracked: (file: string) =>
    `${file} is tracked by git: a key written there would be committed. Run \`git rm --cached -- ${file}\` and add it to .gitignore first, or choose another file with --write-env FILE.`,
  refuseHardLinks: (links: number) =>
    `not rewritten: it has ${links} hard links, and a rewrite replaces this name only: the other ${links - 1 === 1 ? 'link would keep' : 'links would keep'} the old key. Edit it in place by hand, or pass --force to rewrite this name anyway.`,
  refuseReadOnly: (mode: string) => `not rewritten: it is read-only (mode ${mode}): its owner made it so. Make it writable first, or pass --force.`,
  refuseOwner: () => 'not rewritten: it belongs to another user, and the rewritten file could not be given back to them: run fix as that user, or pass --force to take the file over.',
  loaderLineAdded: (file: string, dryRun: boolean) =>
    `${file}: ${dryRun ? 'would add' : 'added'} the line that loads the .env this run writes, after the import of the loader it never called (python-dotenv's load_dotenv(), or django-environ's Env.read_env)`,
  envNotAFile: (file: string) => `${file} exists and is not a regular file`,
  envEncoding: (file: string, encoding: string) =>
    `${file} is ${encoding} text, which fix cannot write back byte for byte: nothing was changed. Convert it to UTF-8 (python-dotenv reads UTF-8 by default), or choose another file with --write-env=FILE.`,
  envWritten: (file: string, names: string[], created: boolean) =>
    `${created ? 'created' : 'updated'} ${file} (mode 600) with a NEW key in ${names.join(', ')}; the old key is not in it.`,
  envWouldWrite: (file: string, names: string[]) => `would write a NEW key for ${names.join(', ')} to ${file}`,
  envKept: (file: string, name: string) => `${file} already sets ${name}: left as it is.`,
  envKeptUsersValue: (file: string, name: string) =>
    `${file} already sets ${name} to a value of its own, not the key taken out of the code: kept it. Pass --force to put a NEW key there instead.`,
  envHeldRemovedKey: (file: string, name: string) => `${file} set ${name} to the very key taken out of the code: replaced it with a NEW one.`,
  envLoose: (file: string, mode: string) => `note: ${file} has mode ${mode}; other users can read it: chmod 600 ${file}`,
  envLoadHint: (file: string) =>
    `Django and Flask do not read ${file} by themselves, and without the variable Django refuses to start: load it where the app runs, in a shell with \`set -a; . ./${file}; set +a\`, with direnv (\`dotenv\` in .envrc), docker compose (\`env_file: ${file}\`) or systemd (\`EnvironmentFile=\`).`,
  envLoadedBy: (loader: string, file: string) =>
    loader === 'python-decouple'
      ? `The settings use python-decouple, which reads ${file} by itself when it sits beside or above them: nothing more to do.`
      : `The settings load an env file through ${loader} (${loader === 'python-dotenv' ? 'load_dotenv()' : loader === 'django-environ' ? 'Env.read_env()' : 'env_file='}): check that it is ${file}, and nothing more is needed.`,
  gitignoreAdded: (entry: string) => `added ${entry} to .gitignore`,
  gitignoreNoGit: (file: string) => `not a git repository: make sure ${file} is never committed.`,
  noEnvName: () => 'could not tell which variable the fixed code reads; wrote DJANGO_SECRET_KEY.',

  nothingToFix: () => 'nothing to fix.',
  fixedHeader: (count: number, files: number, dryRun: boolean) =>
    `${dryRun ? 'would fix' : 'fixed'} ${count} finding${count === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${dryRun ? ' (dry run: nothing written)' : ''}:`,
  manualHeader: (count: number) => `${count} finding${count === 1 ? '' : 's'} to fix by hand:`,
  notesHeader: (count: number) => `${count} note${count === 1 ? '' : 's'}, left alone:`,
  problemsHeader: (count: number) => `${count} file${count === 1 ? '' : 's'} not rewritten:`,

  oldKeyCommitted: (which: string, count: number, fallbacks: string | null) =>
    `${count === 1 ? 'The old key' : 'The old keys'} ${which} ${count === 1 ? 'is' : 'are'} in the git history: treat ${count === 1 ? 'it' : 'them'} as compromised. Removing a key from the code does not remove it from the history or from any clone. Put a new key in every environment (development, CI, staging, production), and do NOT ${notAcceptedAnyMore(fallbacks)}: that would keep accepting sessions, password-reset links and signed cookies made with it, which anyone holding it can forge. Existing sessions end when the key changes.`,
  oldKeyNotCommitted: (which: string, count: number) =>
    `${count === 1 ? 'The old key' : 'The old keys'} ${which} ${count === 1 ? 'was' : 'were'} never committed (only in the working tree or the index), so git never published ${count === 1 ? 'it' : 'them'}. Use the new key anyway; if an old key was ever deployed or shared another way, rotate it as a leaked key.`,
  oldKeyNoGit: (which: string, count: number, fallbacks: string | null) =>
    `${count === 1 ? 'The old key' : 'The old keys'} ${which}: no complete git history here tells whether ${count === 1 ? 'it was' : 'they were'} published. If a key was ever committed, shared or deployed, rotate it in every environment and do not ${notAcceptedAnyMore(fallbacks)}.`,
  routineRotation: () =>
    `Routine rotation, for a key that did NOT leak: generate a new key (${GENERATE}), make it DJANGO_SECRET_KEY and put the previous key in DJANGO_SECRET_KEY_FALLBACKS (Django 4.1+; the settings then need this line, which fix does not add: SECRET_KEY_FALLBACKS = [key for key in os.getenv("DJANGO_SECRET_KEY_FALLBACKS", "").split(",") if key]), deploy, and remove the old key from the fallbacks once sessions and tokens signed with it have expired (SESSION_COOKIE_AGE, PASSWORD_RESET_TIMEOUT).`,
};
