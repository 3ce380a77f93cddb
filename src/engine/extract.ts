// Stage 2 of analyzeFile: the key sites of a file, by its kind's extractor.
import { extractDeploySites } from '../deploy';
import { extractJavaScriptSites } from '../javascript/key-sites';
import { extractEnvFileSites, NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import { extractKeySitesFromLines, FALLBACKS_SETTING, SECRET_SETTINGS, type SettingRead } from '../python/key-sites';
import { extractNotebookSites } from '../python/notebook-sites';
import { LogicalLines } from '../python/tokenize';
import type { KeyLink, KeySite } from '../types';
import type { FileKind } from './classify';
import { withLinkedNames } from './links';

/**
 * Extra secret settings are opt-in (`extraSettings` in the configuration): a team
 * that installs settings-guard for SECRET_KEY must not find other settings
 * blocking its commits on day one. These are the ones the docs recommend.
 */
export const RECOMMENDED_EXTRA_SETTINGS = ['EMAIL_HOST_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'JWT_SECRET_KEY', 'SIGNING_KEY', 'STRIPE_SECRET_KEY'];
const BUILT_IN_SETTINGS = new Set([...SECRET_SETTINGS, FALLBACKS_SETTING].map((name) => name.toUpperCase()));

/** The names that are secrets in a file: the configured extra names, and those the project's settings read secret settings from. */
export interface SettingNames {
  extraSettings: readonly string[];
  linked?: ReadonlyMap<string, KeyLink> | undefined;
  /** Python: receives where the module's secret settings are read from. */
  reads?: SettingRead[] | undefined;
}

/** The key sites of a file, each a configured extra name marked `custom`, each linked name with its link. */
export function extractSites(kind: FileKind, path: string, text: string, lines: LogicalLines | null, { extraSettings, linked, reads }: SettingNames): KeySite[] {
  const names = withLinkedNames(extraSettings, linked);
  const sites = sitesOf(kind, path, text, lines, names, reads);
  for (const site of sites) {
    const link = linked?.get(site.setting);
    if (link && !isCustomSetting(site.setting, extraSettings) && !BUILT_IN_SETTINGS.has(site.setting.toUpperCase())) {
      site.link = link;
      site.framework = link.framework;
      if (link.custom) site.custom = true;
    } else if (site.framework !== 'node' && isCustomSetting(site.setting, extraSettings)) site.custom = true;
  }
  return sites;
}

function sitesOf(kind: FileKind, path: string, text: string, lines: LogicalLines | null, extraSettings: readonly string[], reads?: SettingRead[]): KeySite[] {
  switch (kind) {
    case 'python':
      return extractKeySitesFromLines(lines ?? new LogicalLines(text), { extraSettings, ...(reads && { reads }) });
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
