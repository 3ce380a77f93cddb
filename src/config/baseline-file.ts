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
  writeFileSync(temporary, JSON.stringify(baseline, null, 2) + '\n');
  renameSync(temporary, path);
}
