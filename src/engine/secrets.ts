import type { Finding } from '../types';
export { maskSecret } from '../text/mask';
import { crypto } from '../crypto';

// Raw secret values live only here, beside the findings, never on them: a
// reporter that serialises a finding cannot print a key by accident.
const rawSecrets = new WeakMap<Finding, string>();

export function rememberSecret(finding: Finding, value: string): void {
  rawSecrets.set(finding, value);
}

/** The raw value; only for `--show-secrets`, fixes, baselines and dedupe. */
export function secretOf(finding: Finding): string {
  return rawSecrets.get(finding) ?? '';
}

/** Copies a finding (say, to attach a commit) and keeps its secret reachable. */
export function copyFinding(finding: Finding, changes: Partial<Finding>): Finding {
  const copy = { ...finding, ...changes };
  rawSecrets.set(copy, secretOf(finding));
  return copy;
}

/** Hash of a secret salted with the rule and path, so equal keys in other files differ. */
export function fingerprintOf(ruleId: string, file: string, value: string): string {
  return crypto().createHash('sha256').update(`settings-guard\0${ruleId}\0${file}\0${value}`).digest('hex').slice(0, 32);
}
