// Deployment and configuration files: which reader a path gets, and its key sites.
import type { KeySite } from '../types';
import { SettingNames } from './common';
import { extractDockerfileSites } from './dockerfile-sites';
import { extractIniSites } from './ini-sites';
import { extractProcfileSites } from './procfile-sites';
import { extractShellSites } from './shell-sites';
import { extractSystemdSites } from './systemd-sites';
import { extractTomlSites } from './toml-sites';
import { extractYamlSites } from './yaml-sites';

export type DeployFormat = 'yaml' | 'toml' | 'ini' | 'procfile' | 'dockerfile' | 'shell' | 'systemd';

// Shell scripts, and the entrypoints images run, which are often written without `.sh`.
const SHELL_SCRIPT = /\.(?:sh|bash)$|^(?:docker-)?entrypoint$|-entrypoint$/;

// A systemd unit's drop-in: web.service.d/override.conf.
const SYSTEMD_DROP_IN = /\.service\.d\/[^/]+\.conf$/;
// Ansible inventory variables: group_vars/web, host_vars/db1, group_vars/all/vars are YAML without an extension.
const ANSIBLE_VARS_FILE = /(?:^|\/)(?:group|host)_vars\/(?:[^/]+\/)?[^/.]+$/;

/** docker-compose, Kubernetes, CI, Helm and Ansible files are YAML; JSON (app.json, a Two Scoops-style secrets.json) is read as YAML too: JSON is a subset. */
export function deployFormatOf(path: string): DeployFormat | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml') || lower.endsWith('.json') || ANSIBLE_VARS_FILE.test(path)) return 'yaml';
  // Terraform variable files (`secret_key = "..."`) assign as TOML does; HCL that TOML cannot parse still yields its scanned sites.
  if (lower.endsWith('.toml') || lower.endsWith('.tfvars')) return 'toml';
  if (lower.endsWith('.ini') || lower.endsWith('.cfg')) return 'ini';
  if (base === 'Procfile' || base.startsWith('Procfile.')) return 'procfile';
  if (base === 'Dockerfile' || base.startsWith('Dockerfile.') || lower.endsWith('.dockerfile') || base === 'Containerfile') return 'dockerfile';
  if (SHELL_SCRIPT.test(lower)) return 'shell';
  if (lower.endsWith('.service') || SYSTEMD_DROP_IN.test(path)) return 'systemd';
  return null;
}

export function extractDeploySites(path: string, text: string, settings: readonly string[]): KeySite[] {
  const format = deployFormatOf(path);
  // A YAML or JSON file that only mentions a name (a scanner's report, say) is not parsed:
  // the parser's tree of a large file costs a hundred megabytes and more.
  if (format === 'yaml' && !namesAnEntry(text, [...settings, ...settings.map((name) => name.toLowerCase())])) return [];
  const names = new SettingNames(settings);
  const sites = readerFor(format)?.(text, names) ?? [];
  // One site per literal, first found first (a container env entry is also a map).
  const seen = new Set<number>();
  return sites
    .sort((a, b) => a.literal.range.start.offset - b.literal.range.start.offset)
    .filter((site) => !seen.has(site.literal.range.start.offset) && seen.add(site.literal.range.start.offset));
}

function readerFor(format: DeployFormat | null): ((text: string, names: SettingNames) => KeySite[]) | null {
  switch (format) {
    case 'yaml':
      return extractYamlSites;
    case 'toml':
      return extractTomlSites;
    case 'ini':
      return extractIniSites;
    case 'procfile':
      return extractProcfileSites;
    case 'dockerfile':
      return extractDockerfileSites;
    case 'shell':
      return extractShellSites;
    case 'systemd':
      return extractSystemdSites;
    default:
      return null;
  }
}

const AS_KEY = /^["']?[ \t]*[:=]/;
// What a key or a list entry starts after; not `\n` inside a JSON string of code, nor another name's `_`.
const ENTRY_START = /[\s"'{[,-]/;
const AFTER_NAME_FIELD = /name["']?[ \t]*:[ \t]*["']?$/;

/**
 * Whether a setting's name is written where the YAML reader looks: as a key
 * (`SECRET_KEY:`, `"SECRET_KEY":`), before `=` in a list entry, or as the value
 * of a container env entry's `name:`.
 */
function namesAnEntry(text: string, settings: readonly string[]): boolean {
  for (const name of settings) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      const startsEntry = at === 0 || ENTRY_START.test(text[at - 1]!);
      if (startsEntry && AS_KEY.test(text.slice(at + name.length, at + name.length + 16))) return true;
      if (AFTER_NAME_FIELD.test(text.slice(Math.max(0, at - 24), at))) return true;
    }
  }
  return false;
}
