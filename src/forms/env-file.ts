// SECRET_KEY=lit in an env file: committed, staged, untracked, or in no repository.
import type { FileTracking, KeySite } from '../types';
import type { FormRules } from './form';
import { adviseInPython, decideOutsideJavaScript } from './python';

/** The env file, in words, as far as git says where it stands. */
function envFileWords(tracking: FileTracking | undefined): string {
  switch (tracking) {
    case 'staged':
      return 'an env file staged for commit';
    case 'untracked':
      return 'an env file git does not ignore (the next `git add .` commits it)';
    case 'outside-git':
      return 'an env file';
    default:
      return 'a committed env file';
  }
}

function describeEnvFile(site: KeySite, tracking: FileTracking | undefined): string {
  const file = envFileWords(tracking);
  return site.variable ? `${site.setting} defaults to a literal (\${${site.variable}:-…}) in ${file}` : `${site.setting} is set in ${file}`;
}

/** What to do with the file: only a committed one is published, and only for it does `git rm --cached` mean anything. */
function adviseOnEnvFile(path: string, tracking: FileTracking | undefined): string {
  switch (tracking) {
    case 'staged':
      return `Unstage it (\`git rm --cached ${path}\`) and add it to .gitignore, so the key is never committed.`;
    case 'untracked':
      return `Add it to .gitignore, so that no \`git add\` ever commits the key.`;
    case 'outside-git':
      return 'Keep this file out of version control and out of any image or archive you share; if this directory becomes a repository, add it to .gitignore first.';
    default:
      return `Stop tracking this file (\`git rm --cached ${path}\`), add it to .gitignore, and rotate the key: everyone who can read the repository has it.`;
  }
}

export const envFile: FormRules = {
  describe: (site, _through, tracking) => describeEnvFile(site, tracking),
  advise: (site, context) => adviseInPython(site, context, () => adviseOnEnvFile(context.path, context.tracking)),
  decide: decideOutsideJavaScript(() => ({
    kind: 'manual',
    steps:
      'a committed env file holds a key: stop tracking it (git rm --cached -- FILE), add it to .gitignore, and put a new key in it (npx settings-guard generate-key --env).',
  })),
};
