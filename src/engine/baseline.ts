// Baselines let a repository adopt settings-guard without fixing every old
// finding first. An entry is keyed by rule, path and a salted hash of the
// secret: never the secret itself, and never a line number, so edits
// elsewhere in the file, renamed variables and merges do not churn it. It
// also says where the key was seen (the working tree, the history or both),
// so that each kind of scan calls stale only what it could have found.
import type { Finding } from '../types';
import { crypto } from '../crypto';

/** Where a baseline saw a key, in the order the file lists them. */
export const BASELINE_SOURCES = ['tree', 'history'] as const;
export type BaselineSource = (typeof BASELINE_SOURCES)[number];

export interface BaselineEntry {
  ruleId: string;
  file: string;
  hash: string;
  /**
   * The scans that found the key when the baseline was written. Absent in
   * baselines written before it was recorded: such an entry counts as seen
   * everywhere, so any full scan that misses it calls it stale, as it did then.
   */
  seenIn?: BaselineSource[];
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

/** Records the findings of each source scanned; an entry lists every source that found its key. */
export function createBaseline(
  found: Partial<Record<BaselineSource, readonly Finding[]>>,
  secretOf: (finding: Finding) => string,
  salt = crypto().randomBytes(16).toString('hex'),
  fileOf: (finding: Finding, source: BaselineSource) => string = (finding) => finding.file,
): Baseline {
  const entries = new Map<string, BaselineEntry & { seenIn: BaselineSource[] }>();
  for (const source of BASELINE_SOURCES) {
    for (const finding of found[source] ?? []) {
      const file = fileOf(finding, source);
      const hash = hashOf(salt, finding.ruleId, file, secretOf(finding));
      const key = keyOf({ ruleId: finding.ruleId, file, hash });
      const entry = entries.get(key) ?? { ruleId: finding.ruleId, file, hash, seenIn: [] };
      if (!entry.seenIn.includes(source)) entry.seenIn.push(source);
      entries.set(key, entry);
    }
  }
  const sorted = [...entries.values()].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.hash.localeCompare(b.hash));
  return { version: 1, salt, entries: sorted };
}

/**
 * Leaves out the findings the baseline knows. `fileOf` gives a finding's path
 * as the baseline writes it (relative to the baseline's directory), when the
 * scan's paths are relative to somewhere else.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  secretOf: (finding: Finding) => string,
  fileOf: (finding: Finding) => string = (finding) => finding.file,
): BaselineOutcome {
  const known = new Map(baseline.entries.map((entry) => [keyOf(entry), entry]));
  const matched = new Set<string>();
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const file = fileOf(finding);
    const key = keyOf({ ruleId: finding.ruleId, file, hash: hashOf(baseline.salt, finding.ruleId, file, secretOf(finding)) });
    if (known.has(key)) {
      matched.add(key);
      suppressed++;
    } else kept.push(finding);
  }
  return { findings: kept, suppressed, stale: baseline.entries.filter((entry) => !matched.has(keyOf(entry))) };
}

/** Whether a scan of `source` could have found this entry's key, and so may call the entry stale. */
export function wasSeenIn(entry: BaselineEntry, source: BaselineSource): boolean {
  return entry.seenIn === undefined || entry.seenIn.includes(source);
}

/** Checks a parsed baseline file; returns a problem in words, or null. */
export function baselineProblem(value: unknown): string | null {
  const baseline = value as Partial<Baseline> | null;
  if (!baseline || typeof baseline !== 'object' || baseline.version !== 1) return 'not a settings-guard baseline (version 1)';
  if (typeof baseline.salt !== 'string' || !Array.isArray(baseline.entries)) return 'a baseline needs "salt" and "entries"';
  const bad = baseline.entries.find((entry) => typeof entry?.ruleId !== 'string' || typeof entry?.file !== 'string' || typeof entry?.hash !== 'string');
  if (bad) return 'every entry needs "ruleId", "file" and "hash"';
  const badSources = baseline.entries.find((entry) => entry.seenIn !== undefined && !isSourceList(entry.seenIn));
  return badSources ? '"seenIn" lists "tree", "history" or both, each once' : null;
}

function isSourceList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    new Set(value).size === value.length &&
    value.every((source) => (BASELINE_SOURCES as readonly unknown[]).includes(source))
  );
}
