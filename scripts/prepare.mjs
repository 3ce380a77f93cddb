// npm runs `prepare` after `npm install` / `npm ci` in this repository (a
// development clone, the pre-commit framework's clone) and when it installs
// settings-guard from a git URL: each is a source checkout, so it builds dist/
// and, in a development clone, points git at .husky/ so this repository checks
// its own commits. The packed package.json has no `prepare` (scripts/pack.mjs
// takes it out): installing a tarball runs nothing, as dist/ ships built.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (existsSync('src') && existsSync('scripts/build.mjs')) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (existsSync('.git') && existsSync('node_modules/husky')) {
    const { default: husky } = await import('husky');
    husky();
  }
}
