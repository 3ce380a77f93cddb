// Hand-built scan results for the reporter tests: fixed, so that golden files
// are stable. Raw keys are generated per run and only reachable through
// secretOf, as in a real scan.
import { randomBytes } from 'node:crypto';
import type { Finding, KeySite, ScanResult } from '../../src/types';

/** A fresh key-like value (never a real or corpus key). */
export function plantedKey(prefix = ''): string {
  return `${prefix}${randomBytes(36).toString('base64url')}`;
}

function site(line: number, column: number, length: number, form: KeySite['form'] = 'assignment'): KeySite {
  const start = { line, column, offset: 0 };
  const end = { line, column: column + length, offset: length };
  return {
    form,
    framework: 'django',
    setting: 'SECRET_KEY',
    literal: { range: { start, end }, value: '', isBytes: false, notUtf8: false, quote: "'" },
    replaceable: true,
    inComment: false,
    statement: { start: { line, column: 1, offset: 0 }, end },
  };
}

const insecure: Finding = {
  ruleId: 'django-insecure-key',
  severity: 'error',
  file: 'mysite/settings.py',
  line: 23,
  column: 14,
  endLine: 23,
  endColumn: 82,
  message: 'SECRET_KEY is a hardcoded django-insecure- key (66 characters): anyone who reads the code can forge session cookies and password-reset tokens.',
  secret: { masked: 'djan********', length: 66 },
  fingerprint: '4f1c2a9e0b7d3c5a8e6f1b2d3c4a5e6f',
  snippet: [
    { line: 22, text: '# SECURITY WARNING: keep the secret key used in production secret!' },
    { line: 23, text: "SECRET_KEY = 'djan********'" },
    { line: 24, text: '' },
  ],
  suggestion: 'Read the key from the environment:\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
  context: 'code',
  site: site(23, 14, 68),
  // As scan({ suggestFixes }) attaches it: the literal replaced, `import os` added at the top.
  fix: {
    description: 'SECRET_KEY now reads os.getenv("DJANGO_SECRET_KEY")',
    edits: [
      { range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } }, text: 'import os\n' },
      { range: { start: { line: 23, column: 14, offset: 700 }, end: { line: 23, column: 82, offset: 768 } }, text: 'os.getenv("DJANGO_SECRET_KEY")' },
    ],
  },
};

const commented: Finding = {
  ruleId: 'django-commented-key',
  severity: 'warning',
  file: 'mysite/settings.py',
  line: 30,
  column: 3,
  endLine: 31,
  endColumn: 20,
  message: 'A commented-out SECRET_KEY still publishes its key (52 characters): rotate it and delete the comment.',
  secret: { masked: 'x7Qa********', length: 52 },
  fingerprint: '9a8b7c6d5e4f30211234567890abcdef',
  snippet: [
    { line: 29, text: 'if DEBUG:' },
    { line: 30, text: "# SECRET_KEY = ('x7Qa********'" },
    { line: 31, text: "#     'w2********')" },
  ],
  context: 'comment',
  site: { ...site(30, 3, 50), inComment: true },
};

const testOnly: Finding = {
  ruleId: 'django-hardcoded-key',
  severity: 'note',
  file: 'tests/test settings, "odd".py',
  line: 4,
  column: 5,
  endLine: 4,
  endColumn: 26,
  message: 'SECRET_KEY is hardcoded in test-only code (20 characters, weak: shorter than 50).',
  secret: { masked: 'te********', length: 20 },
  fingerprint: '0123456789abcdef0123456789abcdef',
  snippet: [{ line: 4, text: "\tSECRET_KEY = 'te********'  # 100% test: key, value" }],
  context: 'test',
  site: site(4, 5, 22),
};

function withSecrets(findings: Finding[]): { findings: Finding[]; secretOf: (finding: Finding) => string } {
  const secrets = new Map(findings.map((finding) => [finding, plantedKey(finding.ruleId === 'django-insecure-key' ? 'django-insecure-' : '')]));
  return { findings, secretOf: (finding) => secrets.get(finding) ?? '' };
}

/** A directory scan with one finding of each severity in two files, and skipped files. */
export function directoryResult(): ScanResult {
  return {
    mode: 'directory',
    root: '/project',
    ...withSecrets([insecure, commented, testOnly]),
    skipped: [
      { file: 'static/logo.png.py', reason: 'binary' },
      { file: 'data/huge_settings.py', reason: 'too-large', detail: '52428800 bytes; 120000 of 400000 mentions of a secret name not analysed', couldHoldKey: true },
      { file: 'mysite/local.py', reason: 'unreadable', detail: 'EACCES', couldHoldKey: true },
    ],
    stats: { filesScanned: 14, filesSkipped: 3, elapsedMs: 412 },
    incomplete: true,
    incompleteReasons: ['2 files that could hold a secret key were not read in full'],
  };
}

/** The hook, when a staged file could not be read: nothing found, and the commit blocked all the same. */
export function stagedUnreadResult(): ScanResult {
  return {
    ...emptyResult('staged'),
    skipped: [{ file: 'mysite/settings.py', reason: 'missing-object', detail: '0badc0de', couldHoldKey: true }],
    stats: { filesScanned: 2, filesSkipped: 1, elapsedMs: 35 },
    incomplete: true,
    incompleteReasons: ['mysite/settings.py could hold a secret key and was not read in full (missing-object)'],
  };
}

/** What the pre-commit hook sees: one blocking finding in the index. */
export function stagedResult(): ScanResult {
  return {
    mode: 'staged',
    root: '/project',
    ...withSecrets([insecure]),
    skipped: [],
    stats: { filesScanned: 3, filesSkipped: 0, elapsedMs: 35 },
    incomplete: false,
    incompleteReasons: [],
  };
}

/** A history scan: a key still at HEAD, one deleted but published, and a shallow clone. */
export function historyResult(): ScanResult {
  return {
    mode: 'history',
    root: '/project',
    ...withSecrets([
      // History scans plan no fixes: a commit has nothing left to rewrite.
      { ...insecure, fix: undefined, commit: { sha: '3f9d2c41be0a77c5d0e8a1b2c3d4e5f6a7b8c9d0', date: '2024-03-05T10:21:00+01:00' }, presentAtHead: true },
      {
        ...insecure,
        file: '.env',
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 62,
        ruleId: 'dotenv-secret-key',
        message: 'A committed .env file sets SECRET_KEY (50 characters).',
        fingerprint: 'fedcba9876543210fedcba9876543210',
        snippet: [{ line: 2, text: 'SECRET_KEY=k9Pz********' }],
        suggestion: undefined,
        fix: undefined,
        commit: { sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', date: '2023-11-30T08:00:00Z' },
        presentAtHead: false,
      },
    ]),
    skipped: [{ file: 'vendor/blob.py', reason: 'missing-object', detail: 'blob 0badc0de not in this partial clone' }],
    stats: { filesScanned: 40, filesSkipped: 1, commitsScanned: 12, blobsScanned: 41, elapsedMs: 1875 },
    incomplete: true,
    incompleteReasons: ['shallow clone: commits before 3f9d2c4 were not read (git fetch --unshallow)'],
  };
}

export function emptyResult(mode: ScanResult['mode'] = 'directory'): ScanResult {
  return {
    mode,
    root: '/project',
    findings: [],
    skipped: [],
    stats: { filesScanned: 0, filesSkipped: 0, elapsedMs: 3 },
    incomplete: false,
    incompleteReasons: [],
    secretOf: () => '',
  };
}

/** A small fixed rule catalog, so that SARIF goldens do not change when rules are added. */
export const testRules = [
  {
    id: 'django-insecure-key',
    severity: 'error' as const,
    summary: 'A django-insecure- key hardcoded in settings.',
    fixable: true,
    docs: '## What it finds\n\nA `SECRET_KEY` that starts with `django-insecure-`, as `startproject` writes it.\n\n## Why is this bad\n\nAnyone with the key can forge sessions.\n',
  },
  {
    id: 'django-commented-key',
    severity: 'warning' as const,
    summary: 'A secret key in commented-out code.',
    fixable: false,
    docs: '## What it finds\n\nA commented-out assignment of a key-like literal.\n',
  },
];

/**
 * A directory scan with a baseline: two known findings left out, six entries that match nothing any more.
 * `fromOldBaseline`: the entries come from a baseline that does not say where each key was seen.
 */
export function baselineResult(fromOldBaseline = false): ScanResult {
  const staleEntries = ['mysite/settings.py', 'mysite/settings/prod.py', 'legacy/app.py', 'deploy/.env', 'api/config.py', 'old/settings.py'].map((file) => ({
    ruleId: file.endsWith('.env') ? 'dotenv-secret-key' : 'django-hardcoded-key',
    file,
  }));
  return { ...directoryResult(), baseline: { suppressed: 2, stale: staleEntries.length, staleEntries, staleFromOldBaseline: fromOldBaseline } };
}
