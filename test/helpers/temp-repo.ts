// Real git repositories in the OS temp directory, and the built CLI run in them.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const CLI_PATH = join(PROJECT_ROOT, 'dist', 'cli.js');

// Keep every git this process starts (ours and the code under test) away from
// the machine's global and system config, and give commits a fixed author.
const HERMETIC_GIT_ENV: Record<string, string> = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.com',
};
Object.assign(process.env, HERMETIC_GIT_ENV);

const DJANGO_KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

/** A fresh random key from Django's alphabet: never a key that exists anywhere else. */
export function randomKey(length = 50): string {
  let key = '';
  for (let i = 0; i < length; i++) key += DJANGO_KEY_ALPHABET[randomInt(DJANGO_KEY_ALPHABET.length)];
  return key;
}

export function insecureKey(): string {
  return `django-insecure-${randomKey(50)}`;
}

/** A Django settings module whose SECRET_KEY literal sits on `SETTINGS_KEY_LINE`. */
export function djangoSettings(key: string, linesBefore = 0): string {
  return [
    ...Array.from({ length: linesBefore }, (_, i) => `# padding line ${i + 1}`),
    'from pathlib import Path',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent',
    '',
    `SECRET_KEY = '${key}'`,
    '',
    'DEBUG = True',
    '',
  ].join('\n');
}
export const SETTINGS_KEY_LINE = 5;

export const CLEAN_SETTINGS = [
  'import os',
  'from pathlib import Path',
  '',
  'BASE_DIR = Path(__file__).resolve().parent.parent',
  '',
  "SECRET_KEY = os.environ['DJANGO_SECRET_KEY']",
  '',
  'DEBUG = False',
  '',
].join('\n');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function makeTempDir(prefix = 'sg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the built CLI as an unprivileged user when the tests run as root (as CI
 * does), since root reads through any permission: `dir` is handed to that user
 * first (then `afterHandover` runs, to take permissions away). As anyone else,
 * it runs the CLI as that user.
 */
export function runCliUnprivileged(dir: string, args: string[], env: NodeJS.ProcessEnv = {}, afterHandover?: () => void): CliRun {
  const asNobody = process.getuid?.() === 0;
  if (asNobody) spawnSync('chown', ['-R', 'nobody:nogroup', dir]);
  afterHandover?.();
  const command = asNobody ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath] : [process.execPath];
  const result = spawnSync(command[0]!, [...command.slice(1), CLI_PATH, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export class TempRepo {
  readonly dir: string;

  constructor(options: { init?: boolean; dir?: string } = {}) {
    this.dir = options.dir ?? makeTempDir('sg-repo-');
    if (options.init !== false) this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Runs git and returns its status and output instead of throwing. */
  tryGit(...args: string[]): CliRun {
    return this.tryGitWith({}, ...args);
  }

  /** tryGit with more environment variables (a hook's PATH, say). */
  tryGitWith(env: NodeJS.ProcessEnv, ...args: string[]): CliRun {
    const result = spawnSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  path(relativePath: string): string {
    return join(this.dir, relativePath);
  }

  write(relativePath: string, content: string | Buffer, mode?: number): this {
    const target = this.path(relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    if (mode !== undefined) chmodSync(target, mode);
    return this;
  }

  read(relativePath: string): string {
    return readFileSync(this.path(relativePath), 'utf8');
  }

  remove(relativePath: string): this {
    rmSync(this.path(relativePath), { recursive: true, force: true });
    return this;
  }

  stage(...paths: string[]): this {
    this.git('add', '--', ...(paths.length > 0 ? paths : ['.']));
    return this;
  }

  /** Stages `content` at `path` without touching the working tree. */
  stageContent(relativePath: string, content: string): this {
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: this.dir, input: content, encoding: 'utf8' }).trim();
    this.git('update-index', '--add', '--cacheinfo', `100644,${blob},${relativePath}`);
    return this;
  }

  /** Commits what is staged (hooks skipped) and returns the new commit's sha. */
  commit(message: string, date?: string): string {
    const env = date ? { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : process.env;
    execFileSync('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', message], { cwd: this.dir, env, stdio: 'pipe' });
    return this.git('rev-parse', 'HEAD').trim();
  }

  commitAll(message: string, date?: string): string {
    this.stage();
    return this.commit(message, date);
  }

  cli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
    return runCli(this.dir, args, env);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TempRepo factory for a test file: every repository it makes is removed
 * after each test (it registers the afterEach itself).
 */
export function tempRepos(): (options?: { init?: boolean; dir?: string }) => TempRepo {
  const made: TempRepo[] = [];
  afterEach(() => {
    for (const repo of made.splice(0)) repo.cleanup();
  });
  return (options) => {
    const repo = new TempRepo(options);
    made.push(repo);
    return repo;
  };
}
