// os.environ.get("SECRET_KEY") or "lit".
import type { FormRules } from './form';
import { adviseDroppingDefault, lookupEnvVar } from './lookups';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript } from './python';

export const orFallback: FormRules = {
  describe: (site, through) => `the \`or\` fallback for ${site.setting} is a hardcoded key${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseDroppingDefault(site, context) ?? adviseReplacing(site, context)),
  envVar: lookupEnvVar,
  decide: decideOutsideJavaScript((site, context) => {
    if (!site.removal) return { kind: 'manual', steps: 'remove the `or "..."` fallback so that a missing variable fails loudly.' };
    return {
      kind: 'edit',
      edits: [{ start: site.removal.start.offset, end: site.removal.end.offset, text: '' }],
      action: 'removed the `or` fallback literal: a missing variable now fails instead of using a published key',
      ...(site.variable ? { envName: context.variable } : {}),
      needsOs: false,
    };
  }),
};
