// npm's `prepare`: build dist/ (a git checkout has none: the pre-commit
// framework and git installs run from one) and, in a development clone, point
// git at .husky/ so this repository checks its own commits. Prints nothing on
// success: `npm pack` output is read by tools.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (existsSync('.git') && existsSync('node_modules/husky')) {
  const { default: husky } = await import('husky');
  husky();
}
