// Runs the CPython oracles in test/oracle/ (one python3 process per batch) and
// puts the extractor's and tokenizer's output into the same comparable shape.
// python3 is required: without it these helpers throw, so the tests fail.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { KeySite, Token } from '../../src/types';

export const REPO_ROOT = join(__dirname, '..', '..');
const ORACLE_DIR = join(REPO_ROOT, 'test', 'oracle');

/** What the differential tests compare for one site (KEY-SITES.md, src/types.ts units). */
export interface ComparableSite {
  line: number;
  column: number;
  form: string;
  setting: string;
  value: string;
  isBytes: boolean;
  via: string | null;
  inComment: boolean;
  framework: string;
  enclosingClass: string | null;
}

export interface OracleSite extends ComparableSite {
  endLine: number;
  endColumn: number;
}

export type OracleResult = { sites: OracleSite[]; error?: undefined } | { error: string; sites?: undefined };

export interface ComparableToken {
  kind: string;
  text: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface TokenOracleResult {
  tokens: ComparableToken[];
  error: string | null;
}

function runPython<T>(script: string, args: string[], input?: string): T {
  const result = spawnSync('python3', [join(ORACLE_DIR, script), ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(`python3 is required by the differential tests and could not be run: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${script} exited with ${String(result.status)}:\n${result.stderr}`);
  }
  return (JSON.parse(result.stdout) as { results: T }).results;
}

export function oracleSitesOfFiles(paths: string[]): Record<string, OracleResult> {
  return runPython<Record<string, OracleResult>>('key_sites.py', paths);
}

export function oracleSitesOfSources(sources: string[]): OracleResult[] {
  return runPython<OracleResult[]>('key_sites.py', ['--stdin'], JSON.stringify({ sources }));
}

export function oracleTokensOfFiles(paths: string[]): Record<string, TokenOracleResult> {
  return runPython<Record<string, TokenOracleResult>>('tokens.py', paths);
}

export function oracleTokensOfSources(sources: string[]): TokenOracleResult[] {
  return runPython<TokenOracleResult[]>('tokens.py', ['--stdin'], JSON.stringify({ sources }));
}

export function comparableSite(site: KeySite): ComparableSite {
  return {
    line: site.literal.range.start.line,
    column: site.literal.range.start.column,
    form: site.form,
    setting: site.setting,
    value: site.literal.value,
    isBytes: site.literal.isBytes,
    via: site.via ?? null,
    inComment: site.inComment,
    framework: site.framework,
    enclosingClass: site.enclosingClass?.name ?? null,
  };
}

export function stripOracleSite(site: OracleSite): ComparableSite {
  const { endLine: _endLine, endColumn: _endColumn, ...rest } = site;
  return rest;
}

const COMPARED_TOKEN_KINDS = new Set(['string', 'comment', 'name', 'number', 'op']);

/** The tokens both sides agree to produce; line breaks inside a token read as \n, as CPython reads them. */
export function comparableTokens(tokens: Token[]): ComparableToken[] {
  return tokens
    .filter((token) => COMPARED_TOKEN_KINDS.has(token.kind))
    .map((token) => ({
      kind: token.kind,
      text: token.text.replace(/\r\n?/g, '\n'),
      line: token.start.line,
      column: token.start.column,
      endLine: token.end.line,
      endColumn: token.end.column,
    }));
}

export function bySourcePosition(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

/** A readable listing: one line per site, `-` only in `expected`, `+` only in `actual`. */
export function describeSiteDiff(expected: ComparableSite[], actual: ComparableSite[]): string {
  const render = (site: ComparableSite): string => JSON.stringify(site);
  const expectedLines = expected.map(render);
  const actualLines = actual.map(render);
  const lines: string[] = [];
  for (const line of expectedLines) if (!actualLines.includes(line)) lines.push(`- oracle    ${line}`);
  for (const line of actualLines) if (!expectedLines.includes(line)) lines.push(`+ extractor ${line}`);
  return lines.join('\n');
}

/** Every file under `dir` whose name ends with `suffix`, as absolute paths, sorted. */
export function filesUnder(dir: string, suffix: string): string[] {
  const found: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      const stats = statSync(path);
      if (stats.isDirectory()) visit(path);
      else if (entry.endsWith(suffix)) found.push(path);
    }
  };
  visit(dir);
  return found;
}

export function repoRelative(path: string): string {
  return relative(REPO_ROOT, path).split('\\').join('/');
}
