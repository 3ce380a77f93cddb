// Stage 2 of analyzeFile: the key sites of a file, by its kind's extractor.
import { extractDeploySites } from '../deploy';
import { extractJavaScriptSites } from '../javascript/key-sites';
import { extractEnvFileSites, NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import { extractKeySitesFromLines, FALLBACKS_SETTING, SECRET_SETTINGS } from '../python/key-sites';
import { extractNotebookSites } from '../python/notebook-sites';
import { LogicalLines } from '../python/tokenize';
import type { KeySite } from '../types';
import type { FileKind } from './classify';

/**
 * Extra secret settings are opt-in (`extraSettings` in the configuration): a team
 * that installs settings-guard for SECRET_KEY must not find other settings
 * blocking its commits on day one. These are the ones the docs recommend.
 */
export const RECOMMENDED_EXTRA_SETTINGS = ['EMAIL_HOST_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET_KEY', 'SIGNING_KEY', 'STRIPE_SECRET_KEY'];
const BUILT_IN_SETTINGS = new Set([...SECRET_SETTINGS, FALLBACKS_SETTING].map((name) => name.toUpperCase()));

/** The key sites of a file, each a configured extra name marked `custom`. */
export function extractSites(kind: FileKind, path: string, text: string, lines: LogicalLines | null, extraSettings: readonly string[]): KeySite[] {
  const sites = sitesOf(kind, path, text, lines, extraSettings);
  for (const site of sites) if (site.framework !== 'node' && isCustomSetting(site.setting, extraSettings)) site.custom = true;
  return sites;
}

function sitesOf(kind: FileKind, path: string, text: string, lines: LogicalLines | null, extraSettings: readonly string[]): KeySite[] {
  switch (kind) {
    case 'python':
      return extractKeySitesFromLines(lines ?? new LogicalLines(text), { extraSettings });
    case 'notebook':
      return extractNotebookSites(text, extraSettings);
    case 'env':
      return extractEnvFileSites(text, extraSettings);
    case 'deploy':
      return extractDeploySites(path, text, [...SECRET_SETTINGS, ...NODE_SECRET_VARIABLES, ...extraSettings]);
    case 'javascript':
      return extractJavaScriptSites(path, text, [...SECRET_SETTINGS, ...extraSettings]);
  }
}

/** A configured extra name, not one of the secret keys: judged as a secret, not as a Django key. */
function isCustomSetting(setting: string, extraSettings: readonly string[]): boolean {
  const upper = setting.toUpperCase();
  return !BUILT_IN_SETTINGS.has(upper) && extraSettings.some((name) => name.toUpperCase() === upper);
}
