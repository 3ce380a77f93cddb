// Baselines let a repository adopt settings-guard without fixing every old
// finding first. An entry is keyed by rule, path and a salted hash of the
// secret: never the secret itself, and never a line number, so edits
// elsewhere in the file, renamed variables and merges do not churn it.
import type { Finding } from '../types';

// node:crypto is required where it is used: loading it costs a hook run
// milliseconds, and a clean run never hashes or draws anything.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');

export interface BaselineEntry {
  ruleId: string;
  file: string;
  hash: string;
}

export interface Baseline {
  version: 1;
  salt: string;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  /** Findings the baseline does not know: these are reported. */
  findings: Finding[];
  suppressed: number;
  /** Entries that matched nothing: fixed findings, ready to be dropped from the baseline. */
  stale: BaselineEntry[];
}

function hashOf(salt: string, ruleId: string, file: string, secret: string): string {
  return crypto().createHash('sha256').update(`${salt}\0${ruleId}\0${file}\0${secret}`).digest('hex');
}

const keyOf = (entry: BaselineEntry) => `${entry.ruleId}\0${entry.file}\0${entry.hash}`;

export function createBaseline(findings: readonly Finding[], secretOf: (finding: Finding) => string, salt = crypto().randomBytes(16).toString('hex')): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const entry = { ruleId: finding.ruleId, file: finding.file, hash: hashOf(salt, finding.ruleId, finding.file, secretOf(finding)) };
    entries.set(keyOf(entry), entry);
  }
  const sorted = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.hash.localeCompare(b.hash));
  return { version: 1, salt, entries: sorted };
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline, secretOf: (finding: Finding) => string): BaselineOutcome {
  const known = new Map(baseline.entries.map((entry) => [keyOf(entry), entry]));
  const matched = new Set<string>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const key = keyOf({ ruleId: finding.ruleId, file: finding.file, hash: hashOf(baseline.salt, finding.ruleId, finding.file, secretOf(finding)) });
    if (known.has(key)) {
      matched.add(key);
      suppressed++;
    } else kept.push(finding);
  }
  return { findings: kept, suppressed, stale: baseline.entries.filter((entry) => !matched.has(keyOf(entry))) };
}

/** Checks a parsed baseline file; returns a problem in words, or null. */
export function baselineProblem(value: unknown): string | null {
  const baseline = value as Partial<Baseline> | null;
  if (!baseline || typeof baseline !== 'object' || baseline.version !== 1) return 'not a settings-guard baseline (version 1)';
  if (typeof baseline.salt !== 'string' || !Array.isArray(baseline.entries)) return 'a baseline needs "salt" and "entries"';
  const bad = baseline.entries.find((entry) => typeof entry?.ruleId !== 'string' || typeof entry?.file !== 'string' || typeof entry?.hash !== 'string');
  return bad ? 'every entry needs "ruleId", "file" and "hash"' : null;
}
