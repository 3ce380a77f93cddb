// The extractor against CPython's `ast` (test/oracle/key_sites.py): over every
// fixture CPython can parse, and over generated settings modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeSource } from '../../src/text/decode';
import { extractKeySites } from '../../src/python/key-sites';
import { type Program, programArbitrary, renderProgram } from './generate-settings';
import {
  type ComparableSite,
  REPO_ROOT,
  bySourcePosition,
  comparableSite,
  describeSiteDiff,
  filesUnder,
  oracleSitesOfFiles,
  oracleSitesOfSources,
  repoRelative,
  stripOracleSite,
} from './python-oracle';

const SEED = 20_240_611;
const RUNS = 200;

function extractorSites(text: string): ComparableSite[] {
  return extractKeySites(text).map(comparableSite).sort(bySourcePosition);
}

describe('key sites agree with CPython ast on every fixture', () => {
  const paths = filesUnder(join(REPO_ROOT, 'fixtures'), '.py');
  const oracle = oracleSitesOfFiles(paths);
  const parsed = paths.filter((path) => oracle[path]?.sites !== undefined);

  it('finds the fixtures, and CPython parses most of them', () => {
    expect(paths.length).toBeGreaterThan(50);
    expect(parsed.length).toBeGreaterThan(paths.length * 0.8);
  });

  it.each(parsed.map((path) => [repoRelative(path), path]))('%s', (_name, path) => {
    const expected = (oracle[path]?.sites ?? []).map(stripOracleSite);
    const text = decodeSource(readFileSync(path)).text;
    const actual = extractorSites(text);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(`extractKeySites disagrees with the oracle:\n${describeSiteDiff(expected, actual)}`);
    }
  });
});

interface Disagreement {
  program: Program;
  expected: ComparableSite[];
  actual: ComparableSite[];
}

function disagreementOf(program: Program, expected: ComparableSite[]): Disagreement | null {
  const actual = extractorSites(renderProgram(program));
  return JSON.stringify(actual) === JSON.stringify(expected) ? null : { program, expected, actual };
}

/** Drops statements while the disagreement stays (one python batch per pass), so the report is small. */
function shrink(found: Disagreement): Disagreement {
  let current = found;
  for (let pass = 0; pass < 20; pass++) {
    const candidates = current.program.statements.map((_statement, index) => ({
      ...current.program,
      statements: current.program.statements.filter((_other, other) => other !== index),
    }));
    if (candidates.length === 0) break;
    const results = oracleSitesOfSources(candidates.map(renderProgram));
    let smaller: Disagreement | null = null;
    candidates.forEach((candidate, index) => {
      const sites = results[index]?.sites;
      if (smaller || !sites) return;
      smaller = disagreementOf(candidate, sites.map(stripOracleSite));
    });
    if (!smaller) break;
    current = smaller;
  }
  return current;
}

describe('key sites agree with CPython ast on generated settings modules', () => {
  const programs = fc.sample(programArbitrary, { seed: SEED, numRuns: RUNS });
  const results = oracleSitesOfSources(programs.map(renderProgram));

  it('generates valid Python only', () => {
    const invalid = results
      .map((result, index) => ({ result, text: renderProgram(programs[index]!) }))
      .filter(({ result }) => result.error !== undefined);
    expect(invalid.map(({ result, text }) => `${result.error ?? ''}\n${text}`)).toEqual([]);
  });

  it('generates every site form, in and out of comments', () => {
    const sites = results.flatMap((result) => result.sites ?? []);
    const forms = new Set(sites.map((site) => site.form));
    expect([...forms].sort()).toEqual(
      ['assignment', 'attribute', 'augmented-assignment', 'conditional', 'dict-entry', 'env-default', 'fallbacks-list', 'keyword', 'or-fallback', 'subscript'].sort(),
    );
    expect(sites.some((site) => site.inComment)).toBe(true);
    expect(sites.some((site) => site.via !== null)).toBe(true);
    expect(sites.some((site) => site.isBytes)).toBe(true);
    expect(sites.some((site) => site.framework === 'flask')).toBe(true);
    expect(sites.length).toBeGreaterThan(RUNS * 2);
  });

  it(`finds the same sites as the oracle in ${RUNS} programs (seed ${SEED})`, () => {
    const failures: Disagreement[] = [];
    programs.forEach((program, index) => {
      const sites = results[index]?.sites;
      if (!sites) return;
      const found = disagreementOf(program, sites.map(stripOracleSite));
      if (found) failures.push(found);
    });
    if (failures.length > 0) {
      const first = shrink(failures[0]!);
      const text = renderProgram(first.program);
      throw new Error(
        `${failures.length} of ${RUNS} programs disagree. The first, shrunk:\n` +
          `--- program (${JSON.stringify(first.program.newline)} line endings) ---\n${JSON.stringify(text)}\n${text}\n` +
          `--- sites ---\n${describeSiteDiff(first.expected, first.actual)}`,
      );
    }
  });
});
