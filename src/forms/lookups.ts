// What the two lookup forms (a default, an `or` fallback) share: the advice to
// drop the literal, and the name of the variable the lookup reads.
import type { KeySite } from '../types';
import { freshKeyIn } from './python';

/** The advice for a lookup's literal default or fallback. */
export function adviseDroppingDefault(site: KeySite, variable: string): string | undefined {
  if (!site.removal) return undefined;
  return `Drop the hardcoded default so a missing variable fails loudly (\`npx settings-guard fix\` does it); ${freshKeyIn(variable)}, and rotate the old key.`;
}

/** The variable name of the last `call("NAME"` in `before`: what the fixed lookup reads. */
export function lookedUpName(before: string): string | undefined {
  let name: string | undefined;
  for (const match of before.matchAll(/\(\s*[rRuU]?(['"])([A-Za-z_][A-Za-z0-9_]*)\1/g)) name = match[2];
  return name;
}
