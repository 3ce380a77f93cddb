// Jest's global setup: rebuilds dist/ and generated/ when anything they are
// built from is newer, so a bare `npx jest` after editing src/ never tests the
// previous build (CLI tests run dist/cli.js in a subprocess).
const { execFileSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const INPUTS = ['src', 'rules', 'scripts/build.mjs', 'package.json', 'tsconfig.json'];
const OUTPUTS = ['dist/cli.js', 'dist/main.js', 'dist/index.js', 'generated/rules.json'];

function newestIn(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestIn(join(path, name))), stats.mtimeMs);
}

function oldestOf(paths) {
  let oldest = Infinity;
  for (const path of paths) {
    try {
      oldest = Math.min(oldest, statSync(path).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

module.exports = function buildIfStale() {
  const built = oldestOf(OUTPUTS.map((path) => join(root, path)));
  const sources = Math.max(...INPUTS.map((path) => newestIn(join(root, path))));
  if (built >= sources) return;
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
};
