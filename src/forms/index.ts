// The registry: one module per key shape, keyed by SiteForm. The engine words
// findings and the fixer plans edits through the functions below only; none
// of their callers tests a form by name.
import type { FileTracking, KeyLink, KeySite, SiteForm } from '../types';
import { assignment } from './assignment';
import { attribute } from './attribute';
import { augmentedAssignment } from './augmented-assignment';
import { conditional } from './conditional';
import { configFile } from './config-file';
import { deployEnv } from './deploy-env';
import { dictEntry } from './dict-entry';
import { envDefault } from './env-default';
import { envFile } from './env-file';
import { defaultEnvVar } from './env-var';
import { fallbacksList } from './fallbacks-list';
import type { FixDecision, FixRequest, FormRules } from './form';
import { jsEnvFallback } from './js-env-fallback';
import { jsSecret } from './js-secret';
import { k8sSecret } from './k8s-secret';
import { keyword } from './keyword';
import { orFallback } from './or-fallback';
import { subscript } from './subscript';

export type { Edit } from '../types';
export type { FixDecision, FixRequest } from './form';

const FORMS: Record<SiteForm, FormRules> = {
  assignment,
  'augmented-assignment': augmentedAssignment,
  attribute,
  subscript,
  keyword,
  'dict-entry': dictEntry,
  'env-default': envDefault,
  'or-fallback': orFallback,
  conditional,
  'fallbacks-list': fallbacksList,
  'env-file': envFile,
  'deploy-env': deployEnv,
  'config-file': configFile,
  'k8s-secret': k8sSecret,
  'js-secret': jsSecret,
  'js-env-fallback': jsEnvFallback,
};

/**
 * The site as its words name it: the setting spelt as the file spells it
 * (`ＳＥＣＲＥＴ_ＫＥＹ`), while the environment variable comes from the name
 * Python reads (envVarFor is given the site itself).
 */
function asWritten(site: KeySite): KeySite {
  return site.writtenAs ? { ...site, setting: site.writtenAs } : site;
}

/** The site in words: "the default of os.environ.get() for SECRET_KEY". */
export function describeSite(site: KeySite, tracking?: FileTracking): string {
  const through = site.via ? ` (through ${site.via})` : '';
  const shown = asWritten(site);
  const words = site.inComment ? `commented-out code sets ${shown.setting} to a key${through}` : FORMS[site.form].describe(shown, through, tracking);
  return site.link ? withLink(words, shown.setting, site.link) : words;
}

/** Why a name that is not a setting's own counts as a key: "DD_SECRET_KEY, which config/settings.py reads into SECRET_KEY, is set in...". */
function withLink(words: string, name: string, link: KeyLink): string {
  // A path is quoted when it holds a line break or a tab, which would break the message's line.
  const file = /[\r\n\t]/.test(link.file) ? JSON.stringify(link.file) : link.file;
  const why = `which ${file} reads into ${link.setting}`;
  return words.startsWith(`${name} `) ? `${name}, ${why},${words.slice(name.length)}` : `${words} (${file} reads ${name} into ${link.setting})`;
}

/** The environment variable the site's key belongs in: the one the advice names and the fixed code reads. */
export function envVarFor(site: KeySite, chosen?: string): string {
  const rules = FORMS[site.form];
  return rules.envVar ? rules.envVar(site, chosen) : defaultEnvVar(site, chosen);
}

/** The site is an entry of a map keyed by the setting's name, which may hold text about the setting instead of its value. */
export function mayHoldProse(site: KeySite): boolean {
  return FORMS[site.form].mayHoldProse === true;
}

/** How to fix the site, in words; never contains a key. */
export function adviceFor(site: KeySite, path: string, dockerfile: boolean, tracking?: FileTracking): string | undefined {
  return FORMS[site.form].advise(asWritten(site), { path, dockerfile, variable: envVarFor(site), ...(tracking !== undefined && { tracking }) });
}

/** The advice for a key a commit published that is no longer in the code: nothing to rewrite, only to rotate. */
export function adviceOnceDeleted(site: KeySite): string {
  const fallbacks = site.framework === 'node' ? '' : `, and do not keep the old one in ${site.framework === 'flask' ? 'a list of old keys' : 'SECRET_KEY_FALLBACKS'}`;
  return `It is no longer in the code, but a commit published it: rotate it (put a new key in ${envVarFor(site)} in every environment${fallbacks}). Removing it from the history (git filter-repo) does not take it back from clones.`;
}

/** What `fix` does with a site in code: its edits, or the steps left to a person. */
export function decideFix(site: KeySite, request: FixRequest): FixDecision {
  return FORMS[site.form].decide(asWritten(site), { ...request, variable: envVarFor(site, request.envVar) });
}
