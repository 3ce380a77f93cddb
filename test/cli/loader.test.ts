// The executable (dist/cli.js) loads the bundle with a V8 code cache: the
// first run writes it, later runs use it, and the answers never change.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TempRepo, djangoSettings, insecureKey, makeTempDir } from '../helpers/temp-repo';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function copyOfDist(): string {
  const dir = makeTempDir('sg-dist-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(PROJECT_ROOT, 'dist'), dir, { recursive: true, filter: (path) => !path.endsWith('.cache') });
  return dir;
}

function runIn(dist: string, cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the settings-guard executable', () => {
  test('writes a code cache on its first run and gives the same answers with it', () => {
    const dist = copyOfDist();
    const repo = new TempRepo();
    cleanups.push(() => repo.cleanup());
    repo.write('mysite/settings.py', djangoSettings(insecureKey()));
    const caches = (): string[] => readdirSync(dist).filter((name) => name.endsWith('.cache'));
    expect(caches()).toEqual([]);

    const first = runIn(dist, repo.dir, ['scan', '--format', 'json']);
    expect(caches()).toHaveLength(1);
    const second = runIn(dist, repo.dir, ['scan', '--format', 'json']);

    expect(first.status).toBe(1);
    expect(second.status).toBe(first.status);
    const withoutTime = (stdout: string) => ({ ...JSON.parse(stdout), stats: { ...JSON.parse(stdout).stats, elapsedMs: 0 } });
    expect(withoutTime(second.stdout)).toEqual(withoutTime(first.stdout));
    expect(second.stderr.replace(/\d+ms/, '')).toBe(first.stderr.replace(/\d+ms/, ''));
    expect(readdirSync(dist).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a damaged cache is ignored and replaced', () => {
    const dist = copyOfDist();
    const cwd = makeTempDir();
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    expect(runIn(dist, cwd, ['--version']).status).toBe(0);
    const [cache] = readdirSync(dist).filter((name) => name.endsWith('.cache'));
    cpSync(join(dist, 'main.js'), join(dist, cache!));

    const run = runIn(dist, cwd, ['--version']);

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.stderr).toBe('');
    expect(readFileSync(join(dist, cache!)).equals(readFileSync(join(dist, 'main.js')))).toBe(false);
  });
});
