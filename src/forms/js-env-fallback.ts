// process.env.SESSION_SECRET || "lit" (also ??, and destructuring defaults).
import { type FormRules, ROTATE } from './form';
import { isTyped, manualJavaScript } from './javascript';

export const jsEnvFallback: FormRules = {
  describe: (site, through) => `the fallback for process.env.${site.setting} is a hardcoded secret${through}`,
  advise: (site) => `Drop the fallback so that a missing process.env.${site.setting} fails loudly instead of using a published secret, ${ROTATE}`,
  // Dropping the fallback leaves the read as it is: the variable is the one it reads, whatever --env-var says.
  envVar: (site) => site.setting,
  decide(site, context) {
    // The extractor gives a removal only when deleting it leaves nothing dangling.
    const removal = site.removal;
    if (!removal) return { kind: 'manual', steps: manualJavaScript() };
    if (isTyped(context)) {
      const name = site.setting;
      return {
        kind: 'manual',
        steps: `TypeScript: without the fallback the value is string | undefined. Remove the literal and check the variable where it is read, e.g. const value = process.env.${name}; if (!value) throw new Error('${name} is not set'); (a \`!\` or \`?? ''\` would hide a missing variable).`,
      };
    }
    return {
      kind: 'edit',
      edits: [{ start: removal.start.offset, end: removal.end.offset, text: '' }],
      action: `removed the literal fallback of ${site.setting}: a missing variable now fails instead of using a published secret`,
      envName: context.variable,
      needsOs: false,
    };
  },
};
