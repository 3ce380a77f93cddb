// SECRET_KEY=lit in a committed .env file.
import type { FormRules } from './form';
import { adviseInPython, decideOutsideJavaScript } from './python';

export const envFile: FormRules = {
  describe: (site) =>
    site.variable ? `${site.setting} defaults to a literal (\${${site.variable}:-…}) in a committed env file` : `${site.setting} is set in a committed env file`,
  advise: (site, context) =>
    adviseInPython(
      site,
      context,
      () => `Stop tracking this file (\`git rm --cached ${context.path}\`), add it to .gitignore, and rotate the key: everyone who can read the repository has it.`,
    ),
  decide: decideOutsideJavaScript(() => ({
    kind: 'manual',
    steps:
      'a committed env file holds a key: stop tracking it (git rm --cached -- FILE), add it to .gitignore, and put a new key in it (npx settings-guard generate-key --env).',
  })),
};
