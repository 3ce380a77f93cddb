import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { UserError } from '../errors';
import { baselineProblem, type Baseline } from '../engine/baseline';

export function readBaselineFile(path: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'not valid JSON';
    throw new UserError(`baseline ${path}: ${reason}`);
  }
  const problem = baselineProblem(value);
  if (problem) throw new UserError(`baseline ${path}: ${problem}`);
  return value as Baseline;
}

export function writeBaselineFile(path: string, baseline: Baseline): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, formatBaseline(baseline));
  renameSync(temporary, path);
}

/**
 * Two-space JSON with each entry's `seenIn` on one line, `"seenIn": ["tree", "history"]`:
 * one line a field, so a key that leaves the tree or the history changes one line.
 * The match cannot start inside a path: JSON escapes the quotes in strings.
 */
function formatBaseline(baseline: Baseline): string {
  const text = JSON.stringify(baseline, null, 2).replace(/"seenIn": \[\s*([^\]]*?)\s*\]/g, (_match, items: string) => `"seenIn": [${items.split(/,\s*/).join(', ')}]`);
  return `${text}\n`;
}
