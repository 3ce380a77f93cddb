// Stage 1 of analyzeFile: what kind of file this is, whether its bytes can
// hold a key at all, and where it sits (test code, docs, an example, CI).
import { isAscii } from 'node:buffer';
import { deployFormatOf } from '../deploy';
import { isJavaScriptPath } from '../javascript/key-sites';
import { NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import type { SettingRead } from '../python/key-sites';
import type { ClassUse, EnclosingClass, KeyLink, KeySite, Severity, SiteContext, ValueClass } from '../types';
import { looksLikePlaceholder } from './assess';
import { compileGlobs } from './globs';
import { mentions } from './needles';
import { FOLDS_TO_ASCII_UTF8 } from '../python/identifiers';

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
  '**/tests/**', '**/test/**', '**/testing/**', '**/unittests/**', '**/unit_tests/**', '**/smoketest*.py', '**/test_*.py', '**/test-*.py', '**/*_test.py', '**/tests.py', '**/conftest.py',
  '**/test_settings.py', '**/settings_test.py', '**/settings/test.py', '**/settings/tests.py', '**/settings/testing.py',
  '**/settings/test_*.py', '**/testsettings.py', '**/settings_tests.py', '**/*[._]testing.py', '**/testing_*.py', '**/.env.test', '**/.env.testing', '**/test.env',
  '**/__tests__/**', '**/*.test.{js,jsx,ts,tsx,mjs,cjs}', '**/*.spec.{js,jsx,ts,tsx,mjs,cjs}',
  // Test harnesses: a project's test runner, test server and test projects.
  '**/test_utils/**', '**/testproject/**', '**/test_project/**', '**/test_projects/**', '**/runtests/**', '**/runtests.py', '**/testserver.py',
  // Helper modules for tests outside tests/ (lib/testlib.py, myapp/testing.py, as flask.testing and
  // pyramid.testing are), and compose files for a test stack (docker-compose.test.yml, compose-testing.yaml).
  '**/testlib.py', '**/*_testlib.py', '**/testutils.py', '**/*_testutils.py', '**/testing.py',
  '**/docker-compose*[._-]{test,tests,testing,integration_tests,integration-tests,unit_tests,unit-tests}.{yml,yaml}',
  '**/compose*[._-]{test,tests,testing,integration_tests,integration-tests,unit_tests,unit-tests}.{yml,yaml}',
];
export const DEFAULT_DOCS_GLOBS = [
  '**/docs/**', '**/doc/**', '**/examples/**', '**/example/**', '**/tutorials/**', '**/tutorial/**',
  // Example modules meant to be copied: local_settings_example.py, settings.sample.py.
  '**/*[._]example.py', '**/example[._]*.py', '**/*[._]sample.py', '**/sample[._]*.py', '**/*[._]dist.py',
];

// .env.example, .env.sample, example.env, .env.template, .env.dist: templates meant to be committed.
const EXAMPLE_ENV_FILE = /(?:^|[._-])(?:example|sample|template|tmpl|tpl|dist|defaults?)(?:[._-]|$)/i;
const TEST_CALLS = /(?:^|\.)(?:override_settings|modify_settings)$/;
// CI configuration (a .ci/ folder's files too), and the compose and env files of the stack CI runs (docker-compose.ci.yml, .env.ci):
// a dummy key there runs the test suite. A real-looking one is still a leak.
const CI_CONFIG = /(?:^|\/)(?:\.github\/workflows\/[^/]+|\.ci\/[^/]+|\.gitlab-ci\.ya?ml|\.circleci\/[^/]+|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|circle\.ya?ml|\.drone\.ya?ml|appveyor\.ya?ml|tox\.ini|pytest\.ini|(?:docker-)?compose[.-]ci\.ya?ml|\.env\.ci)$/;
// A project template's files ({{cookiecutter.project_slug}}/config/settings.py, copier's {{ project_name }}/):
// a placeholder there is an example, but a real-looking key is copied into every project made from it.
const PROJECT_TEMPLATE_FOLDER = /(?:^|\/)[^/]*\{\{[^/]*\}\}[^/]*\//;
// Byte needles for JS/TS: a file mentioning none of them holds no session secret we look for.
const JAVASCRIPT_NEEDLES = ['secret', 'Secret', 'SECRET', 'cookie', 'Cookie', 'jwt', 'JWT', 'jsonwebtoken', 'iron-session', 'IronSession', '.keys'];

// A notebook's code cells are Python: its sites are judged by the Python rules.
export type FileKind = 'python' | 'notebook' | 'env' | 'deploy' | 'javascript';

// Copies committed beside the file they copy are read as that file. Editor and
// merge leftovers (settings.py~, settings.py.bak, settings.py.orig) hold the key
// the file held when they were made; templates (settings.py.example) are examples.
const LEFTOVER_SUFFIX = /(?:~|\.(?:bak|orig|old|save|backup))$/i;
// A module's copy for one deployment (config.py.prod, local_settings.py.production) is that module.
const DEPLOYMENT_VARIANT = /\.py\.(?:prod|production|dev|development|local|staging|live)$/i;
// Jinja (Ansible's settings.py.j2) and Django's own startproject template (settings.py-tpl) too.
const TEMPLATE_SUFFIX = /\.(?:example|sample|dist|template|tmpl|tpl|j2|jinja2?)$|-tpl$/i;

/** The path a file is read as: a copy's (`settings.py.bak`) is the file it copies (`settings.py`). */
export function readAsPath(path: string): string {
  // Nearly every path is a module's own: no pattern needs to run for it.
  if (path.endsWith('.py')) return path;
  return path.replace(LEFTOVER_SUFFIX, '').replace(TEMPLATE_SUFFIX, '').replace(DEPLOYMENT_VARIANT, '.py');
}

/** A template's copy (`settings.py.example`, also when itself left over as `.bak`): an example. */
export function isTemplateCopy(path: string): boolean {
  return TEMPLATE_SUFFIX.test(path.replace(LEFTOVER_SUFFIX, ''));
}

// .env, .env.production, .env-prod, .env_prod; web.env, env/prod.env; production.env.local, dev.env.txt;
// a file named just `env`; every file under a `.envs/` folder (cookiecutter-django's .envs/.production/.django).
const ENV_FILE_NAME = /^\.env(?:[._-]|$)|\.env(?:\.(?:local|txt))?$|^env$/;
const ENV_FOLDER = /(?:^|\/)\.envs\//;

/** Which analyser reads a path, or null when the file is never analysed. */
export function fileKindOf(path: string): FileKind | null {
  const readAs = readAsPath(path);
  const base = readAs.slice(readAs.lastIndexOf('/') + 1);
  if (base.endsWith('.py') || base.endsWith('.pyw')) return 'python';
  if (base.endsWith('.ipynb')) return 'notebook';
  if (ENV_FILE_NAME.test(base) || base === '.envrc' || base === '.flaskenv' || ENV_FOLDER.test(readAs)) return 'env';
  if (deployFormatOf(readAs)) return 'deploy';
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
      ...(kind === 'python' || kind === 'notebook' || kind === 'deploy' ? ['secret_key'] : []),
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

/**
 * A cheap byte test: can this file hold a key site at all? A Python file
 * can also name a setting in characters that NFKC folds to ASCII
 * (`ＳＥＣＲＥＴ_ＫＥＹ`): an ASCII file (the common case, one vectorised
 * pass) cannot, and any other is looked at as Python would read its names.
 */
export function mightHoldKey(content: Buffer, kind: FileKind, extraSettings: readonly string[]): boolean {
  const needles = keyNeedles(kind, extraSettings);
  if (needles.some((needle) => mentions(content, needle))) return true;
  return kind === 'python' && !isAscii(content) && namesFolded(content, needles);
}

function namesFolded(content: Buffer, needles: readonly string[]): boolean {
  if (!FOLDS_TO_ASCII_UTF8.some((bytes) => content.includes(bytes))) return false;
  const folded = content.toString('utf8').normalize('NFKC');
  return needles.some((needle) => folded.includes(needle));
}


/** Where a site sits; `testClass`: the class for tests that makes it test code, when nothing else about it does. */
export interface Placement {
  context: SiteContext;
  testClass?: string;
}

/** Where a site sits: test code, docs, an example or template, a comment, or code that runs. */
export function placeOf(site: KeySite, kind: FileKind, path: string, options: Partial<AnalysisOptions>, valueClass: ValueClass): Placement {
  const context = contextOf(site, kind, path, options, valueClass);
  if (context === 'code' && site.enclosingClass && isTestClass(site.enclosingClass)) return { context: 'test', testClass: site.enclosingClass.name };
  return { context };
}

function contextOf(site: KeySite, kind: FileKind, path: string, options: Partial<AnalysisOptions>, valueClass: ValueClass): SiteContext {
  if (site.call && TEST_CALLS.test(site.call)) return 'test';
  if (isTemplateCopy(path)) return 'example';
  const projectPath = readAsPath(projectPathOf(path, options));
  // Places where a dummy is what belongs (CI, a test runner's settings, a project template): a weak
  // or placeholder value there is a note, a real-looking key still blocks.
  const dummyPlace: SiteContext | null = CI_CONFIG.test(projectPath) || site.testConfig ? 'test' : PROJECT_TEMPLATE_FOLDER.test(projectPath) ? 'example' : null;
  if (dummyPlace && (valueClass === 'weak' || looksLikePlaceholder(site.literal.value))) return dummyPlace;
  if (matcherFor(options.testGlobs ?? DEFAULT_TEST_GLOBS)(projectPath)) return 'test';
  if (matcherFor(options.docsGlobs ?? DEFAULT_DOCS_GLOBS)(projectPath)) return 'docs';
  if (kind === 'env' && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/^\.env/, ''))) return 'example';
  // docker-compose.example.yml, settings.sample.toml, config.template.js: templates meant to be committed.
  if ((kind === 'deploy' || kind === 'javascript') && EXAMPLE_ENV_FILE.test(path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, ''))) return 'example';
  return site.inComment ? 'comment' : 'code';
}

// The words of a name that say it is for tests: TestingConfig, UnitTestConfig, {"testing": ...}.
const TEST_WORDS = new Set(['test', 'tests', 'testing', 'unittest', 'unittests']);
const NAME_WORDS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** Whether a name says tests, word by word: `TestingConfig`, `UnitTestConfig`, `unit_test`; never `LatestConfig` or `Contest`. */
function saysTest(name: string): boolean {
  return (name.match(NAME_WORDS) ?? []).some((word) => TEST_WORDS.has(word.toLowerCase()));
}

/**
 * A mention of a class that keeps it test-only: a subclass for tests, an entry
 * under a key that says test, or a mention only reached when a condition that
 * says test holds (`if app.testing:`, `TestingConfig if TESTING else Config`).
 */
function isTestUse(use: ClassUse): boolean {
  switch (use.as) {
    case 'base':
      return use.ofTesting === true || (use.ofTesting !== false && saysTest(use.of));
    case 'entry':
      return saysTest(use.key);
    case 'guarded':
      return use.when.some((condition) => !condition.negated && !condition.either && condition.reads.some(saysTest));
    default:
      return false;
  }
}

/**
 * A class for tests (Flask's `TestingConfig`): its name says so, its body sets
 * `TESTING = True`, or its module selects it only under keys or conditions that
 * say test. It must not set `TESTING = False`, and its module must use it for
 * tests only: a production subclass (`class ProductionConfig(TestingConfig)`),
 * an entry under another key (`{"default": TestingConfig}`) or any other
 * mention (`app.config.from_object(TestingConfig)`) can put its key in production.
 */
function isTestClass(enclosing: EnclosingClass): boolean {
  if (enclosing.testing === false || !enclosing.uses.every(isTestUse)) return false;
  return enclosing.testing === true || saysTest(enclosing.name) || enclosing.uses.some((use) => use.as === 'entry' || use.as === 'guarded');
}
