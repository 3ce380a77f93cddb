// process.env.SESSION_SECRET || "lit" (also ??, and destructuring defaults).
import { type FormRules, ROTATE } from './form';
import { isTyped, manualJavaScript } from './javascript';

// Exactly what `removal` spans when the fallback is plain: the operator (or a
// destructuring `=`) and the literal, nothing that parentheses or a cast would leave dangling.
const PLAIN_FALLBACK = /^\s*(?:\|\||\?\?|=)\s*$/;

export const jsEnvFallback: FormRules = {
  describe: (site, through) => `the fallback for process.env.${site.setting} is a hardcoded secret${through}`,
  advise: (site) => `Drop the fallback so that a missing process.env.${site.setting} fails loudly instead of using a published secret, ${ROTATE}`,
  // Dropping the fallback leaves the read as it is: the variable is the one it reads, whatever --env-var says.
  envVar: (site) => site.setting,
  decide(site, context) {
    const removal = site.removal;
    const literal = site.literal.range;
    const plain = removal !== undefined && removal.end.offset === literal.end.offset && PLAIN_FALLBACK.test(context.text.slice(removal.start.offset, literal.start.offset));
    if (!removal || !plain) return { kind: 'manual', steps: manualJavaScript() };
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
