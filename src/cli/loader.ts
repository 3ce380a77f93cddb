// The `settings-guard` executable: loads the bundled CLI (dist/main.js) with a
// V8 code cache beside it, so a git hook does not compile the same 300 KB of
// JavaScript on every commit (about 10 ms of a 90 ms run). The cache is named
// after the build: V8 checks a cache against the source's length only, so a
// rebuilt bundle must never meet an older build's cache. Writing the cache is
// best effort; a read-only install simply compiles every time.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

declare const BUILD_ID: string;

const bundle = join(__dirname, 'main.js');
const cacheFile = join(__dirname, `main.${BUILD_ID}.cache`);
const source = readFileSync(bundle, 'utf8');
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(source), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
if (!cachedData || script.cachedDataRejected) {
  // At exit, so the cache holds the functions this run compiled, not just the top level.
  process.once('exit', () => {
    try {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // Not writable: no cache.
    }
  });
}
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
run.call(module.exports, module.exports, require, module, bundle, __dirname);
