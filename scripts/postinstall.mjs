// npm runs this after `npm install` / `npm ci`. In a source checkout (src/ is
// there: a development clone, the pre-commit framework's clone, a git
// dependency) it builds dist/ and, in a development clone, points git at
// .husky/ so this repository checks its own commits. In an installed package
// it does nothing: dist/ ships built.
//
// Not `prepare`: npm also runs that on `npm pack` and prints a banner on
// stdout, which the pre-commit framework reads as the tarball's name.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('src') && existsSync('scripts/build.mjs')) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (existsSync('.git') && existsSync('node_modules/husky')) {
    const { default: husky } = await import('husky');
    husky();
  }
}
