// Stage 1 of analyzeFile: what kind of file this is, whether its bytes can
// hold a key at all, and where it sits (test code, docs, an example, CI).
import { deployFormatOf } from '../deploy';
import { isJavaScriptPath } from '../javascript/key-sites';
import { NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import type { SettingRead } from '../python/key-sites';
import type { KeyLink, KeySite, Severity, SiteContext, ValueClass } from '../types';
import { looksLikePlaceholder } from './assess';
import { compileGlobs } from './globs';
import { mentions } from './needles';

export interface AnalysisOptions {
  /** picomatch globs: files whose findings are test-only (severity note). */
  testGlobs: string[];
  /** picomatch globs: documentation and examples (severity note). */
  docsGlobs: string[];
  /** Per-rule severity override, or 'off'. */
  ruleSeverity: Record<string, Severity | 'off'>;
  /** Extra setting names treated like SECRET_KEY. */
  extraSettings: string[];
  /**
   * A file's path from the project's directory, when file paths are relative
   * to another one (default: the path as given). testGlobs and docsGlobs are
   * written from there, and where a file sits (a CI workflow, a build output
   * folder) is judged from there.
   */
  projectPathOf: (path: string) => string;
  /**
   * The names the project's settings read secret settings from that are keys
   * in the file at this path (ProjectLinks.namesFor): judged as the setting
   * they feed, never as `custom` names.
   */
  linkedNames: (path: string, kind: FileKind) => ReadonlyMap<string, KeyLink>;
  /** Told where a Python module's secret settings are read from, when it reads any (what the project's links are learned from). */
  onSettingReads: (path: string, reads: readonly SettingRead[]) => void;
}

export const DEFAULT_TEST_GLOBS = [
  '**/tests/**', '**/test/**', '**/testing/**', '**/test_*.py', '**/test-*.py', '**/*_test.py', '**/tests.py', '**/conftest.py',
  '**/test_settings.py', '**/settings_test.py', '**/settings/test.py', '**/settings/tests.py', '**/settings/testing.py',
  '**/settings/test_*.py', '**/testsettings.py', '**/settings_tests.py', '**/*_testing.py', '**/testing_*.py', '**/.env.test', '**/.env.testing', '**/test.env',
  '**/__tests__/**', '**/*.test.{js,jsx,ts,tsx,mjs,cjs}', '**/*.spec.{js,jsx,ts,tsx,mjs,cjs}',
  // Test harnesses: a project's test runner, test server and test projects.
  '**/test_utils/**', '**/testproject/**', '**/test_project/**', '**/test_projects/**', '**/runtests/**', '**/runtests.py', '**/testserver.py',
];
export const DEFAULT_DOCS_GLOBS = [
  '**/docs/**', '**/doc/**', '**/examples/**', '**/example/**', '**/tutorials/**', '**/tutorial/**',
  // Example modules meant to be copied: local_settings_example.py, settings.sample.py.
  '**/*[._]example.py', '**/example[._]*.py', '**/*[._]sample.py', '**/sample[._]*.py', '**/*[._]dist.py',
];

// .env.example, .env.sample, example.env, .env.template, .env.dist: templates meant to be committed.
const EXAMPLE_ENV_FILE = /(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|defaults?)(?:[._-]|$)/i;
const TEST_CALLS = /(?:^|\.)(?:override_settings|modify_settings)$/;
// CI configuration: a dummy key there runs the test suite. A real-looking one is still a leak.
const CI_CONFIG = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.gitlab-ci\.ya?ml|\.circleci\/[^/]+|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|tox\.ini)$/;
// Byte needles for JS/TS: a file mentioning none of them holds no session secret we look for.
const JAVASCRIPT_NEEDLES = ['secret', 'Secret', 'SECRET', 'cookie', 'Cookie', 'jwt', 'JWT', 'jsonwebtoken', 'iron-session', 'IronSession', '.keys'];

export type FileKind = 'python' | 'env' | 'deploy' | 'javascript';

// Copies committed beside the file they copy are read as that file. Editor and
// merge leftovers (settings.py~, settings.py.bak, settings.py.orig) hold the key
// the file held when they were made; templates (settings.py.example) are examples.
const LEFTOVER_SUFFIX = /(?:~|\.(?:bak|orig|old|save|backup))$/i;
const TEMPLATE_SUFFIX = /\.(?:example|sample|dist|template|tmpl|tpl)$/i;

/** The path a file is read as: a copy's (`settings.py.bak`) is the file it copies (`settings.py`). */
export function readAsPath(path: string): string {
  // Nearly every path is a module's own: no pattern needs to run for it.
  if (path.endsWith('.py')) return path;
  return path.replace(LEFTOVER_SUFFIX, '').replace(TEMPLATE_SUFFIX, '');
}

/** A template's copy (`settings.py.example`, also when itself left over as `.bak`): an example. */
function isTemplateCopy(path: string): boolean {
  return TEMPLATE_SUFFIX.test(path.replace(LEFTOVER_SUFFIX, ''));
}

// .env, .env.production, .env-prod, .env_prod; web.env, env/prod.env; production.env.local, dev.env.txt.
const ENV_FILE_NAME = /^\.env(?:[._-]|$)|\.env(?:\.(?:local|txt))?$/;

/** Which analyser reads a path, or null when the file is never analysed. */
export function fileKindOf(path: string): FileKind | null {
  const readAs = readAsPath(path);
  const base = readAs.slice(readAs.lastIndexOf('/') + 1);
  if (base.endsWith('.py') || base.endsWith('.pyw')) return 'python';
  if (ENV_FILE_NAME.test(base) || base === '.envrc' || base === '.flaskenv') return 'env';
  if (deployFormatOf(base)) return 'deploy';
  if (isJavaScriptPath(base)) return 'javascript';
  return null;
}

const matcherCache = new Map<string, (path: string) => boolean>();
function matcherFor(globs: readonly string[]): (path: string) => boolean {
  const key = globs.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = globs.length === 0 ? () => false : compileGlobs(globs);
    matcherCache.set(key, matcher);
  }
  return matcher;
}

export function projectPathOf(path: string, options: Partial<AnalysisOptions>): string {
  return options.projectPathOf ? options.projectPathOf(path) : path;
}

const needlesByKind = new Map<string, readonly string[]>();

/**
 * The strings a file of this kind mentions when it can hold a key site at all:
 * the byte prefilter of every file, and what a file too large to analyse
 * whole is searched for.
 */
export function keyNeedles(kind: FileKind, extraSettings: readonly string[]): readonly string[] {
  const cacheKey = `${kind}\0${extraSettings.join('\0')}`;
  let needles = needlesByKind.get(cacheKey);
  if (!needles) {
    needles = [
      'SECRET_KEY',
      'settings-guard:',
      ...(kind === 'python' || kind === 'deploy' ? ['secret_key'] : []),
      ...(kind === 'env' || kind === 'deploy' ? NODE_SECRET_VARIABLES : []),
      ...(kind === 'javascript' ? JAVASCRIPT_NEEDLES : []),
      ...extraSettings,
      // .ini and .toml keys are read in any case (configparser lowercases them).
      ...(kind === 'deploy' ? extraSettings.map((name) => name.toLowerCase()) : []),
    ];
    needlesByKind.set(cacheKey, needles);
  }
  return needles;
}

/** A cheap byte test: can this file hold a key site at all? */
export function mightHoldKey(content: Buffer, kind: FileKind, extraSettings: readonly string[]): boolean {
  return keyNeedles(kind, extraSettings).some((needle) => mentions(content, needle));
}

/** Where a site sits: test code, docs, an example or template, a comment, or code that runs. */
export function contextOf(site: KeySite, kind: FileKind, path: string, options: Partial<AnalysisOptions>, valueClass: ValueClass): SiteContext {
  if (site.call && TEST_CALLS.test(site.call)) return 'test';
  if (isTemplateCopy(path)) return 'example';
  const projectPath = readAsPath(projectPathOf(path, options));
  if (CI_CONFIG.test(projectPath) && (valueClass === 'weak' || looksLikePlaceholder(site.literal.value))) return 'test';
  if (matcherFor(options.testGlobs ?? DEFAULT_TEST_GLOBS)(projectPath)) return 'test';
  if (matcherFor(options.docsGlobs ?? DEFAULT_DOCS_GLOBS)(projectPath)) return 'docs';
  if (kind === 'env' && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/^\.env/, ''))) return 'example';
  // docker-compose.example.yml, settings.sample.toml, config.template.js: templates meant to be committed.
  if ((kind === 'deploy' || kind === 'javascript') && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, ''))) return 'example';
  return site.inComment ? 'comment' : 'code';
}
