import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'fix');

const made: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-fix-'));
  made.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temp copy of fixtures/fix/<name>/input. */
export function copyInput(name: string): string {
  const dir = tempDir();
  cpSync(join(FIXTURES, name, 'input'), dir, { recursive: true });
  return dir;
}

/** Every file under `dir`, relative, with '/'; .git excluded. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Quoted runs that look like keys: masked so a failing test never prints one. */
export function maskKeys(text: string): string {
  return text.replace(/(['"=])([^'"\s]{4})[^'"\s]{12,}/g, '$1$2****');
}

/** Byte equality; on mismatch the error shows the first differing line, keys masked. */
export function expectSameBytes(actual: Buffer, expected: Buffer, label: string): void {
  if (actual.equals(expected)) return;
  const a = actual.toString('latin1').split('\n');
  const e = expected.toString('latin1').split('\n');
  let line = 0;
  while (line < Math.max(a.length, e.length) && a[line] === e[line]) line++;
  throw new Error(`${label}: line ${line + 1} differs\n  got:      ${JSON.stringify(maskKeys(a[line] ?? '<none>'))}\n  expected: ${JSON.stringify(maskKeys(e[line] ?? '<none>'))}`);
}

/** Every string literal of 16+ characters in the fixture's input files: the old keys. */
export function inputKeys(name: string): string[] {
  const dir = join(FIXTURES, name, 'input');
  const keys: string[] = [];
  for (const file of listFiles(dir)) {
    const text = readFileSync(join(dir, file), 'latin1');
    for (const match of text.matchAll(/(['"]|=)([^'"\s]{16,})/g)) if (!/^[A-Z_]+$/.test(match[2]!)) keys.push(match[2]!);
  }
  return keys;
}

/** CPython's own parser must accept the file (bytes in, so BOM and coding lines count). */
export function expectPythonParses(path: string): void {
  const script = 'import ast,sys\nast.parse(open(sys.argv[1],"rb").read(), sys.argv[1])';
  execFileSync('python3', ['-c', script, path], { stdio: 'pipe' });
}

/** @babel/parser must accept the fixed JavaScript or TypeScript, without error recovery. */
export function expectJavaScriptParses(path: string): void {
  const babel = require('@babel/parser') as typeof import('@babel/parser');
  const typescript = /\.[cm]?tsx?$/i.test(path);
  const jsx = /\.(?:jsx?|tsx|[cm]js)$/i.test(path);
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  babel.parse(text, { sourceType: 'unambiguous', plugins: [...(typescript ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : [])] });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function initRepo(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'dev');
  git(dir, 'config', 'commit.gpgsign', 'false');
}
