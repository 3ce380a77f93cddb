// npm runs this as the `version` script: `npm version patch|minor|major` has
// written the new version to package.json, and commits and tags it (vX.Y.Z)
// after this returns. It makes every place that names a release name this one
// (the pre-commit framework's `rev:`, the action's `@vX.Y.Z` and its default
// version) and stages them for the same commit, so the README's `rev:` always
// names a tag that exists.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// npm's default tag-version-prefix.
const tag = `v${version}`;
const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?`;
const NAMES = [
  { pattern: new RegExp(String.raw`^(\s*#?\s*rev: )v${SEMVER}$`, 'gm'), to: `$1${tag}` },
  { pattern: new RegExp(String.raw`(settings-guard@)v${SEMVER}`, 'g'), to: `$1${tag}` },
  { pattern: new RegExp(String.raw`^(  version:\n(?:    .*\n)*?    default: )${SEMVER}$`, 'gm'), to: `$1${version}` },
];
const FILES = ['README.md', '.pre-commit-hooks.yaml', 'action.yml'];

for (const file of FILES) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const updated = NAMES.reduce((result, { pattern, to }) => result.replace(pattern, to), text);
  if (!NAMES.some(({ pattern }) => text.match(pattern))) {
    console.error(`${file}: names no release to update`);
    process.exit(1);
  }
  writeFileSync(path, updated);
}
execFileSync('git', ['add', '--', ...FILES], { cwd: root, stdio: 'inherit' });
