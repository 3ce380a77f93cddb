// Key sites in YAML (and JSON, a subset of it): docker-compose `environment:` as a
// map or a `NAME=value` list, Kubernetes container `env` entries and ConfigMap
// `data`, `Secret` manifests, GitHub Actions / GitLab CI `env:` and `variables:`,
// Heroku's app.json `env`. Parsed with the `yaml` package (loaded only when a YAML
// file passes the byte prefilter); node offsets give exact positions, and a
// document with a syntax error still yields the nodes around it.
import type { Document, Node, Pair, Scalar } from 'yaml';
import { lineStartsOf } from '../text/positions';
import type { KeySite, SiteForm } from '../types';
import { deploySite, isReference, type SettingNames, type SiteSpan } from './common';

type YamlModule = typeof import('yaml');

// Parent keys whose entries are environment variables rather than settings.
const ENVIRONMENT_KEYS = new Set(['env', 'environment', 'variables', 'env_variables', 'envs', 'environment_variables', 'vars', 'data', 'stringData', 'config', 'build_env']);
const LIST_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;

export function extractYamlSites(text: string, names: SettingNames): KeySite[] {
  const yaml = require('yaml') as YamlModule;
  let documents: Document[];
  try {
    const parsed = yaml.parseAllDocuments(text, { strict: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
    documents = Array.isArray(parsed) ? (parsed as Document[]) : [];
  } catch {
    return [];
  }
  const walker = new YamlWalker(yaml, text, names);
  for (const document of documents) walker.visitDocument(document);
  return walker.sites;
}

class YamlWalker {
  readonly sites: KeySite[] = [];
  private readonly lineStarts: number[];

  constructor(
    private readonly yaml: YamlModule,
    private readonly text: string,
    private readonly names: SettingNames,
  ) {
    this.lineStarts = lineStartsOf(text);
  }

  visitDocument(document: Document): void {
    const root = document.contents as Node | null;
    if (!root) return;
    if (this.yaml.isMap(root) && this.scalarText(root.get('kind', true) as Node | undefined) === 'Secret') {
      this.visitSecretManifest(root.items as Pair[]);
      return;
    }
    this.visit(root, null);
  }

  /** A committed Secret: its `data` (base64) and `stringData` entries are the key itself. */
  private visitSecretManifest(items: readonly Pair[]): void {
    for (const pair of items) {
      const section = this.scalarText(pair.key as Node);
      if ((section !== 'data' && section !== 'stringData') || !this.yaml.isMap(pair.value)) continue;
      for (const entry of pair.value.items as Pair[]) {
        const name = this.scalarText(entry.key as Node);
        if (!name || !this.names.has(name) || !this.yaml.isScalar(entry.value)) continue;
        const span = this.spanOf(entry.value, entry.key as Node);
        if (!span) continue;
        if (section === 'data') span.value = decodeBase64(span.value);
        this.sites.push(deploySite(this.lineStarts, 'k8s-secret', name, span));
      }
    }
  }

  private visit(node: unknown, parentKey: string | null): void {
    if (this.yaml.isMap(node)) {
      this.visitContainerEntry(node.items as Pair[]);
      for (const pair of node.items as Pair[]) {
        const key = this.scalarText(pair.key as Node);
        const value = pair.value as Node | null;
        if (key !== null && this.isSettingKey(key)) {
          this.visitSetting(key, value, pair.key as Node, parentKey);
          continue;
        }
        this.visit(value, key);
      }
    } else if (this.yaml.isSeq(node)) {
      for (const item of node.items) {
        if (this.yaml.isScalar(item) && typeof item.value === 'string') this.visitListEntry(item);
        else this.visit(item, parentKey);
      }
    }
  }

  /**
   * A map key that names a secret setting: as written (`SECRET_KEY`), or in lower
   * case, as Helm values and Ansible variables name settings (`secret_key`,
   * `django_secret_key`). Other names ending in `_secret_key` (`aws_secret_key`,
   * `stripe_secret_key`) are not Django keys; list them in extraSettings.
   */
  private isSettingKey(key: string): boolean {
    return this.names.has(key) || (key === key.toLowerCase() && this.names.hasIgnoringCase(key));
  }

  /** `NAME: value`, or `NAME: { value: ... }` (GitLab CI variables, app.json env). */
  private visitSetting(name: string, value: Node | null, keyNode: Node, parentKey: string | null): void {
    const form: SiteForm = parentKey !== null && ENVIRONMENT_KEYS.has(parentKey) ? 'deploy-env' : 'config-file';
    if (this.yaml.isScalar(value)) {
      const span = this.spanOf(value, keyNode);
      if (span) this.sites.push(deploySite(this.lineStarts, form, name, span));
      return;
    }
    if (this.yaml.isMap(value)) {
      const inner = value.get('value', true) as Node | undefined;
      if (inner && this.yaml.isScalar(inner)) {
        const span = this.spanOf(inner, keyNode);
        if (span) this.sites.push(deploySite(this.lineStarts, 'deploy-env', name, span));
      }
    }
  }

  /** A Kubernetes container env entry: `- name: SECRET_KEY` with `value:` (not `valueFrom:`). */
  private visitContainerEntry(items: readonly Pair[]): void {
    const field = (wanted: string) => items.find((pair) => this.scalarText(pair.key as Node) === wanted);
    const nameField = field('name');
    const valueField = field('value');
    const name = nameField ? this.scalarText(nameField.value as Node) : null;
    if (!nameField || !valueField || !name || !this.names.has(name) || !this.yaml.isScalar(valueField.value)) return;
    const span = this.spanOf(valueField.value, nameField.key as Node);
    if (span) this.sites.push(deploySite(this.lineStarts, 'deploy-env', name, span));
  }

  /** `- SECRET_KEY=value` in a compose `environment:` list (or any list). */
  private visitListEntry(item: Scalar): void {
    const match = LIST_ENTRY.exec(item.value as string);
    const range = item.range;
    if (!match || !range || !this.names.has(match[1]!)) return;
    const value = match[2]!;
    if (value.trim() === '' || isReference(value)) return;
    const written = this.text.slice(range[0], range[1]);
    const quoted = written.startsWith('"') || written.startsWith("'") ? 1 : 0;
    // Point at the value when it is written as is; otherwise (escapes, folding) at the whole entry.
    const valueStart = written.slice(quoted, written.length - quoted) === item.value ? range[0] + quoted + match[1]!.length + 1 : range[0];
    const valueEnd = valueStart === range[0] ? range[1] : range[1] - quoted;
    const span: SiteSpan = { start: valueStart, end: valueEnd, statementStart: range[0], value, quote: '' };
    this.sites.push(deploySite(this.lineStarts, 'deploy-env', match[1]!, span));
  }

  private spanOf(node: Scalar, keyNode: Node): SiteSpan | null {
    const range = node.range;
    if (!range || node.value === null || node.value === undefined) return null;
    const written = this.text.slice(range[0], range[1]);
    const value = typeof node.value === 'string' ? node.value.replace(/\n$/, '') : written;
    if (value.trim() === '' || isReference(value)) return null;
    const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '';
    return { start: range[0], end: range[1], statementStart: keyNode.range?.[0] ?? range[0], value, quote };
  }

  private scalarText(node: Node | null | undefined): string | null {
    return node && this.yaml.isScalar(node) && typeof node.value === 'string' ? node.value : null;
  }
}

/** Secret `data` values are base64; judge and mask the key they hold. */
function decodeBase64(value: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return value;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('\ufffd') || decoded.length === 0 ? value : decoded;
}
