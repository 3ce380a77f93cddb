// What every deployment-file extractor shares: which names are secret settings,
// which values only point at a secret held elsewhere, and how a site is built.
import { frameworkOfVariable, isEnvReference, shellDefault } from '../envfile/key-sites';
import { positionAt } from '../text/positions';
import type { KeySite, SiteForm } from '../types';

/** Secret setting names, looked up exactly or (for .ini/.toml keys) ignoring case. */
export class SettingNames {
  private readonly exact: Set<string>;
  private readonly folded: Map<string, string>;

  constructor(names: readonly string[]) {
    this.exact = new Set(names);
    this.folded = new Map(names.map((name) => [name.toUpperCase(), name]));
  }

  has(name: string): boolean {
    return this.exact.has(name);
  }

  /** configparser lowercases option names and dynaconf reads keys in any case. */
  hasIgnoringCase(name: string): boolean {
    return this.folded.has(name.toUpperCase());
  }
}

// The right way to pass a key: the value is filled in from somewhere else when
// the file is used. Beyond what an env file may reference (${X}, $X, $(cmd),
// `cmd`: isEnvReference), deployment files also template values in:
// ${{ secrets.X }} (GitHub Actions), {{ .Values.x }} / {{ x }} (Helm, Jinja,
// Ansible), ${dotted.names} (Spring-style), dynaconf's @format/@jinja.
const DEPLOY_TEMPLATE = /^\s*(?:@(?:format|jinja)\s[\s\S]*|@\([^)]*\)|\$\{\{[\s\S]*\}\}|\{\{[\s\S]*\}\}|\{%[\s\S]*%\}|\$\{[A-Za-z_][A-Za-z0-9_.]*(?:[:?+-=][^}]*)?\}|%\([^)]*\)s|@@\w+@@)\s*$/;

// A value built around a Jinja or Helm expression (`{{ vault_secret_key }}-v2`) is filled in
// when the file is rendered; Django's key alphabet has no braces.
const TEMPLATE_EXPRESSION = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;
// An Ansible Vault payload (`!vault |` followed by `$ANSIBLE_VAULT;1.1;AES256`): the key, encrypted.
const VAULT_PAYLOAD = /^\s*\$ANSIBLE_VAULT;/;

export function isReference(value: string): boolean {
  return isEnvReference(value) || (DEPLOY_TEMPLATE.test(value) && shellDefault(value) === null) || TEMPLATE_EXPRESSION.test(value) || VAULT_PAYLOAD.test(value);
}

export interface SiteSpan {
  /** Offsets of the value as written (quotes included), half-open. */
  start: number;
  end: number;
  /** Where the entry (key and value) starts. */
  statementStart: number;
  value: string;
  quote: string;
}

export function deploySite(lineStarts: readonly number[], form: SiteForm, setting: string, span: SiteSpan): KeySite {
  // `${SECRET_KEY:-literal}`: the literal is the key the file holds.
  const defaulted = shellDefault(span.value);
  return {
    form,
    framework: frameworkOfVariable(setting),
    setting,
    literal: {
      range: { start: positionAt(lineStarts, span.start), end: positionAt(lineStarts, span.end) },
      value: defaulted?.value ?? span.value,
      isBytes: false,
      notUtf8: false,
      quote: span.quote,
    },
    replaceable: false,
    ...(defaulted ? { variable: defaulted.variable } : {}),
    inComment: false,
    statement: { start: positionAt(lineStarts, span.statementStart), end: positionAt(lineStarts, span.end) },
  };
}

/** A shell word at `start`: 'single', "double" (backslash escapes) or bare up to white space. */
export function readShellWord(text: string, start: number): { value: string; end: number; quote: string } | null {
  const quote = text[start];
  if (quote === "'" || quote === '"') {
    let index = start + 1;
    let value = '';
    while (index < text.length && text[index] !== quote && text[index] !== '\n' && text[index] !== '\r') {
      if (quote === '"' && text[index] === '\\' && index + 1 < text.length) {
        value += text[index + 1];
        index += 2;
        continue;
      }
      value += text[index];
      index++;
    }
    if (text[index] !== quote) return null;
    return { value, end: index + 1, quote };
  }
  let end = start;
  while (end < text.length && !/\s/.test(text[end]!)) end++;
  return end > start ? { value: text.slice(start, end), end, quote: '' } : null;
}
