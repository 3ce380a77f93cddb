// `npm pack` runs `node scripts/pack.mjs prepack` before it packs and
// `node scripts/pack.mjs postpack` after. prepack builds dist/ (a tarball never
// holds a stale or missing build) and writes package.json without its
// scripts: they are the development clone's (`prepare` builds a source
// checkout and sets up husky, the others name files the tarball leaves out).
// An installed settings-guard runs nothing at install time, and npm has no
// install script to warn about. postpack puts package.json back, byte for
// byte. A pack that died between the two leaves the original in
// .package.json.unpacked; the next pack puts it back first.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const kept = join(root, '.package.json.unpacked');

function restore() {
  if (existsSync(kept)) renameSync(kept, manifest);
}

const step = process.argv[2];
if (step === 'prepack') {
  restore();
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const text = readFileSync(manifest, 'utf8');
  const { scripts, ...packed } = JSON.parse(text);
  writeFileSync(kept, text);
  writeFileSync(manifest, `${JSON.stringify(packed, null, 2)}\n`);
} else if (step === 'postpack') {
  restore();
} else {
  console.error('usage: node scripts/pack.mjs prepack|postpack');
  process.exit(2);
}
