// Project configuration: `.settings-guard.json`, `[tool.settings-guard]` in
// pyproject.toml, or a "settings-guard" key in package.json, found by walking
// up from the scanned directory to the repository root. Validated strictly:
// a typo in a key must not silently turn a check off.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { globProblem } from '../engine/globs';
import { UserError } from '../errors';
import type { Severity } from '../types';

export interface Config {
  include: string[];
  exclude: string[];
  /** Replaces the default test-path globs. */
  testPaths?: string[];
  /** Replaces the default docs/examples globs. */
  docsPaths?: string[];
  rules: Record<string, Severity | 'off'>;
  failOn?: Severity;
  /** Environment variable that `fix` reads the key from. */
  envVar?: string;
  /** Baseline file, relative to the config file. */
  baseline?: string;
  maxFileSize?: number;
  /** Setting names treated like SECRET_KEY, e.g. JWT_SECRET_KEY. */
  extraSettings: string[];
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null for the defaults. */
  file: string | null;
  /**
   * The directory the configuration's paths and globs are relative to: its
   * file's; without a file, the repository's root (else the start directory).
   */
  directory: string;
}

type Checker = (value: unknown) => string | null;

const stringList: Checker = (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'a list of strings');
const globList: Checker = (value) => {
  if (stringList(value)) return 'a list of strings';
  for (const glob of value as string[]) {
    const problem = globProblem(glob);
    if (problem) return `a list of valid globs (${JSON.stringify(glob.length > 60 ? `${glob.slice(0, 40)}…` : glob)}: ${problem})`;
  }
  return null;
};
const severityLevel: Checker = (value) => (value === 'error' || value === 'warning' || value === 'note' ? null : '"error", "warning" or "note"');
const text: Checker = (value) => (typeof value === 'string' && value.length > 0 ? null : 'a non-empty string');
const envVarName: Checker = (value) => (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? null : 'an environment variable name');
const positiveInteger: Checker = (value) => (Number.isInteger(value) && (value as number) > 0 ? null : 'a positive whole number of bytes');
const settingNames: Checker = (value) =>
  Array.isArray(value) && value.every((item) => typeof item === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(item)) ? null : 'a list of setting names';
const ruleLevels: Checker = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a table of rule id to "error", "warning", "note" or "off"';
  for (const [id, level] of Object.entries(value)) {
    if (!['error', 'warning', 'note', 'off'].includes(level as string)) return `"error", "warning", "note" or "off" for rule ${id}`;
  }
  return null;
};

const CHECKERS: Record<keyof Config, Checker> = {
  include: globList,
  exclude: globList,
  testPaths: globList,
  docsPaths: globList,
  rules: ruleLevels,
  failOn: severityLevel,
  envVar: envVarName,
  baseline: text,
  maxFileSize: positiveInteger,
  extraSettings: settingNames,
};

const DEFAULTS: Config = { include: [], exclude: [], rules: {}, extraSettings: [] };

/** kebab-case keys (as pyproject.toml users write them) to camelCase. */
function camelCase(key: string): string {
  return key.replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function kebabCase(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** How a file spells its keys: pyproject.toml in kebab-case (as [tool.*] tables do), JSON in camelCase. */
export type KeySpelling = 'camelCase' | 'kebab-case';

/** Validates raw configuration; `knownRules` guards against misspelt rule ids. */
export function validateConfig(raw: unknown, source: string, knownRules: readonly string[], spelling: KeySpelling = 'camelCase'): Config {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(`${source}: the configuration must be a table of settings`);
  }
  const config: Config = { ...DEFAULTS, rules: {}, include: [], exclude: [], extraSettings: [] };
  const seen = new Map<string, string>();
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = camelCase(rawKey) as keyof Config;
    // Own keys only: "__proto__" or "constructor" name no setting.
    const checker = Object.hasOwn(CHECKERS, key) ? CHECKERS[key] : undefined;
    if (!checker) {
      const known = Object.keys(CHECKERS).map((name) => (spelling === 'kebab-case' ? kebabCase(name) : name));
      throw new UserError(`${source}: unknown setting "${rawKey}" (known: ${known.join(', ')})`);
    }
    // "fail-on" and "failOn" are one setting: which of the two would win is nothing a reader can tell.
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new UserError(`${source}: "${earlier}" and "${rawKey}" are the same setting; keep one`);
    seen.set(key, rawKey);
    const problem = checker(value);
    if (problem) throw new UserError(`${source}: "${rawKey}" must be ${problem}`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  for (const id of Object.keys(config.rules)) {
    if (!knownRules.includes(id)) throw new UserError(`${source}: "rules" names an unknown rule "${id}" (see settings-guard rules)`);
  }
  return config;
}

function readJson(file: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${shown}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}

/** The raw settings a file holds for settings-guard, or undefined when it has none; `shown` names it in errors. */
function settingsIn(file: string, shown: string): unknown {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'package.json') {
    const manifest = readJson(file, shown) as Record<string, unknown> | null;
    return manifest && typeof manifest === 'object' ? manifest['settings-guard'] : undefined;
  }
  if (name === 'pyproject.toml') {
    const source = readFileSync(file, 'utf8');
    if (!source.includes('settings-guard')) return undefined;
    // Loaded only when a pyproject.toml may hold our table: the hook stays fast otherwise.
    const { parse } = require('smol-toml') as typeof import('smol-toml');
    let document: Record<string, unknown>;
    try {
      document = parse(source) as Record<string, unknown>;
    } catch (error) {
      // smol-toml's TomlError carries the 1-based line and column of the mistake.
      const { line, column, message } = error as { line?: unknown; column?: unknown; message: string };
      const where = typeof line === 'number' && typeof column === 'number' ? `:${line}:${column}` : '';
      const reason = (message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      throw new UserError(`${shown}${where}: not valid TOML (${reason})`);
    }
    const tool = document['tool'] as Record<string, unknown> | undefined;
    return tool?.['settings-guard'];
  }
  return readJson(file, shown);
}

function spellingOf(file: string): KeySpelling {
  return file.endsWith('/pyproject.toml') ? 'kebab-case' : 'camelCase';
}

const CONFIG_FILES = ['.settings-guard.json', 'pyproject.toml', 'package.json'];

/** Finds and validates the configuration for a scan started in `startDirectory`. */
export function loadConfig(startDirectory: string, knownRules: readonly string[], explicitFile?: string): LoadedConfig {
  if (explicitFile) {
    const file = resolve(startDirectory, explicitFile);
    if (!existsSync(file)) throw new UserError(`config file not found: ${explicitFile}`);
    const shown = relative(startDirectory, file) || file;
    const raw = settingsIn(file, shown);
    if (raw === undefined) throw new UserError(`${explicitFile} holds no settings-guard configuration`);
    return { config: validateConfig(raw, shown, knownRules, spellingOf(file)), file, directory: dirname(file) };
  }
  let directory = resolve(startDirectory);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const file = join(directory, name);
      if (!existsSync(file) || !statSync(file).isFile()) continue;
      const shown = relative(startDirectory, file) || name;
      const raw = settingsIn(file, shown);
      if (raw === undefined) continue;
      return { config: validateConfig(raw, shown, knownRules, spellingOf(file)), file, directory };
    }
    const parent = dirname(directory);
    if (existsSync(join(directory, '.git'))) return { config: { ...DEFAULTS }, file: null, directory };
    if (parent === directory) break;
    directory = parent;
  }
  return { config: { ...DEFAULTS }, file: null, directory: resolve(startDirectory) };
}
