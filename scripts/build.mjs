// Builds dist/ with esbuild: one bundled file for the CLI (fast start-up in a
// git hook, loaded with a code cache by dist/cli.js) and one for the library API. Rule files (rules/*.md, YAML front
// matter + docs) are compiled into generated/rules.json first, so nothing
// parses Markdown or YAML at run time.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { createHash } from 'node:crypto';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function readRuleFile(text, fileName) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${fileName}: missing YAML front matter`);
  return { ...parseYaml(match[1]), docs: match[2].trim() + '\n', file: fileName };
}

export function compileRules() {
  const dir = join(root, 'rules');
  const rules = readdirSync(dir)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .sort()
    .map((name) => readRuleFile(readFileSync(join(dir, name), 'utf8'), name));
  mkdirSync(join(root, 'generated'), { recursive: true });
  writeFileSync(join(root, 'generated', 'rules.json'), JSON.stringify(rules, null, 2) + '\n');
  return rules;
}

// Packages the code requires lazily (parsers for other file kinds, globbing
// outside git) each get their own file in dist/vendor/: a hook run never
// loads them, so Node never even parses them.
const VENDORED = ['yaml', 'smol-toml', 'picomatch', 'fast-glob'];

const vendorPlugin = {
  name: 'vendor',
  setup(builder) {
    const filter = new RegExp(`^(?:${VENDORED.map((name) => name.replace(/[-/]/g, '\\$&')).join('|')})$`);
    builder.onResolve({ filter }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

// AssemblyScript sources (src/**/*.as.ts) become generated/*.wasm, which the
// TypeScript imports as bytes: esbuild's binary loader inlines them in the bundle.
const WASM_MODULES = [['src/python/skim.as.ts', 'generated/skim.wasm']];

export async function compileWasm() {
  mkdirSync(join(root, 'generated'), { recursive: true });
  for (const [source, output] of WASM_MODULES) {
    const { error, stderr } = await asc.main([join(root, source), '-O3', '--runtime', 'stub', '--enable', 'simd', '--outFile', join(root, output)]);
    if (error) throw new Error(`${source}: ${error.message}\n${stderr.toString()}`);
  }
}

async function main() {
  compileRules();
  await compileWasm();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Loaded lazily, only by the commands that need them.
    external: ['@babel/parser'],
    plugins: [vendorPlugin],
    loader: { '.wasm': 'binary' },
  };
  for (const name of VENDORED) {
    await build({
      ...common,
      plugins: [],
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
      outfile: join(root, 'dist', 'vendor', `${name}.js`),
    });
  }
  await build({ ...common, entryPoints: [join(root, 'src/cli/bin.ts')], outfile: join(root, 'dist/main.js') });
  // The executable loads main.js with a V8 code cache named after this build (see src/cli/loader.ts).
  const buildId = createHash('sha256').update(readFileSync(join(root, 'dist/main.js'))).digest('hex').slice(0, 16);
  await build({
    ...common,
    entryPoints: [join(root, 'src/cli/loader.ts')],
    outfile: join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    define: { BUILD_ID: JSON.stringify(buildId) },
  });
  // A cache written by a run in this checkout is for this machine's Node only: never packed.
  writeFileSync(join(root, 'dist/.npmignore'), '*.cache\n*.tmp\n');
  await build({ ...common, entryPoints: [join(root, 'src/index.ts')], outfile: join(root, 'dist/index.js') });
  chmodSync(join(root, 'dist/cli.js'), 0o755);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
