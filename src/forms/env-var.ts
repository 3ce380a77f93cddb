// The environment variable a key belongs in. The registry's envVarFor asks
// the site's form (FormRules.envVar), else defaultEnvVar: the advice names it
// and `fix` writes the code that reads it, so the two cannot disagree.
import type { KeySite, SiteForm } from '../types';

const OUTSIDE_PYTHON: ReadonlySet<SiteForm> = new Set(['env-file', 'deploy-env', 'config-file', 'k8s-secret']);

/**
 * A key named after its setting: DJANGO_SECRET_KEY, FLASK_SECRET_KEY, or the
 * framework's for a plain SECRET_KEY; a configured extra secret is its own
 * name, and so is a Node app's setting in an env or deployment file.
 * `chosen` is the user's `--env-var`, for the variable a replaced literal reads.
 */
export function defaultEnvVar(site: KeySite, chosen: string | undefined): string {
  // A name the project's settings read a key from: in an env or deployment file it is the variable itself.
  if (site.link && OUTSIDE_PYTHON.has(site.form)) return site.setting;
  if (site.custom) return site.setting.toUpperCase();
  if (site.link?.setting === 'SECRET_KEY_FALLBACKS' && !chosen) return `${site.framework === 'flask' ? 'FLASK' : 'DJANGO'}_SECRET_KEY_FALLBACKS`;
  if (chosen) return chosen;
  if (site.framework === 'node') return site.setting;
  if (site.setting.endsWith('SECRET_KEY') && site.setting !== 'SECRET_KEY') return site.setting;
  return `${site.framework === 'flask' ? 'FLASK' : 'DJANGO'}_SECRET_KEY`;
}

/**
 * A site whose code already reads a variable (its lookup's, or another
 * assignment's of the setting): the key goes there, unless the user chose another.
 */
export function readVariableEnvVar(site: KeySite, chosen: string | undefined): string {
  return chosen === undefined && !site.custom && site.variable ? site.variable : defaultEnvVar(site, chosen);
}
