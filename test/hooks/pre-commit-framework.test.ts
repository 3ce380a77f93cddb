// The pre-commit framework (pre-commit.com) installs settings-guard from a clone
// of this repository through .pre-commit-hooks.yaml, as a Python team would.
// Needs Debian's `pre-commit`, which CI installs; the test fails in CI without it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { djangoSettings, insecureKey, PROJECT_ROOT } from '../helpers/temp-repo';

const available = spawnSync('pre-commit', ['--version']).status === 0;
const run = available || process.env.CI ? it : it.skip;

run('blocks a commit with a key through .pre-commit-hooks.yaml, and lets a clean one through', () => {
  expect(available).toBe(true);
  const work = mkdtempSync(join(tmpdir(), 'sg-pre-commit-'));
  try {
    // The hook repository is a clone at the commit under test, as pre-commit fetches it.
    const hookRepo = join(work, 'settings-guard');
    execFileSync('git', ['clone', '-q', PROJECT_ROOT, hookRepo]);
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: hookRepo }).toString().trim();
    const project = join(work, 'project');
    execFileSync('git', ['init', '-q', project]);
    writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: settings-guard\n`);
    const key = insecureKey();
    writeFileSync(join(project, 'settings.py'), djangoSettings(key));
    execFileSync('git', ['add', '-A'], { cwd: project });
    const env = { ...process.env, PRE_COMMIT_HOME: join(work, 'cache') };

    const blocked = spawnSync('pre-commit', ['run'], { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
    const output = `${blocked.stdout}${blocked.stderr}`;
    expect(blocked.status).toBe(1);
    expect(output).toContain('settings.py');
    expect(output).toMatch(/insecure/);
    expect(output).not.toContain(key);

    writeFileSync(join(project, 'settings.py'), 'import os\n\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n');
    execFileSync('git', ['add', '-A'], { cwd: project });
    const clean = spawnSync('pre-commit', ['run'], { cwd: project, env, encoding: 'utf8', timeout: 600_000 });
    expect({ status: clean.status, output: clean.stdout }).toMatchObject({ status: 0 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}, 600_000);
