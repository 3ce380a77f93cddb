// What the two lookup forms (a default, an `or` fallback) share: the advice to drop the literal.
import type { KeySite } from '../types';
import { readVariableEnvVar } from './env-var';
import { rotateOld, type AdviceContext } from './form';
import { freshKeyIn } from './python';

/** The advice for a lookup's literal default or fallback. */
export function adviseDroppingDefault(site: KeySite, context: AdviceContext): string | undefined {
  if (!site.removal) return undefined;
  return `Drop the hardcoded default so a missing variable fails loudly (\`npx settings-guard fix\` does it); ${freshKeyIn(context.variable)}${rotateOld(context)}.`;
}

/**
 * The variable a lookup reads: dropping its default does not change it, so
 * `--env-var` does not either. Unknown (the name is not a literal): the
 * advice names the default, and the fix reports none.
 */
export const lookupEnvVar = (site: KeySite): string => readVariableEnvVar(site, undefined);
