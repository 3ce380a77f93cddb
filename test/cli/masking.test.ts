// Plants freshly generated keys in a temp project and runs the CLI in every
// format, every mode and on error paths: no key may appear whole in any
// stdout, stderr or --output file, unless --show-secrets asks for it. In
// process: what run() writes to io is what bin.ts prints.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process';
import type { CliRun } from '../helpers/temp-repo';
import { tempDir } from './helpers';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

/** Django's alphabet, so the keys look like what startproject and generate-key write. */
function djangoLikeKey(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

const keys = {
  insecure: `django-insecure-${djangoLikeKey(50)}`,
  flask: randomBytes(32).toString('hex'),
  dotenv: djangoLikeKey(50),
};

let dir = '';

/** A key as each format may write it: raw, JSON-escaped, or escaped as GitHub workflow-command data. */
function spellings(key: string): string[] {
  return [key, JSON.stringify(key).slice(1, -1), key.replace(/%/g, '%25')];
}

function expectNoKey(label: string, texts: string[]): void {
  for (const [name, key] of Object.entries(keys)) {
    for (const text of texts) {
      if (spellings(key).some((spelling) => text.includes(spelling))) throw new Error(`${label}: the ${name} key is printed in full`);
    }
  }
}

function outputsOf(run: CliRun): string[] {
  return [run.stdout, run.stderr];
}

beforeAll(() => {
  dir = tempDir('sg-masking-');
  mkdirSync(join(dir, 'mysite'));
  writeFileSync(join(dir, 'mysite', 'settings.py'), `import os\n\nSECRET_KEY = '${keys.insecure}'\nDEBUG = True\n`);
  writeFileSync(join(dir, 'app.py'), `from flask import Flask\n\napp = Flask(__name__)\napp.secret_key = "${keys.flask}"\n`);
  writeFileSync(join(dir, '.env'), `DJANGO_SECRET_KEY=${keys.dotenv}\n`);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A', '-f');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['directory', ['.']],
  ['staged', ['--staged']],
])('a %s scan', (_mode, modeArgs) => {
  it.each(FORMATS)('masks every key in %s, on stdout, stderr and in --output', async (format) => {
    const plain = await runInProcess(dir, ['scan', ...modeArgs, '--format', format]);
    expect(plain.status).toBe(1);
    expectNoKey(`${format} stdout`, outputsOf(plain));
    const toFile = await runInProcess(dir, ['scan', ...modeArgs, '--format', format, '--output', `report.${format}`]);
    expect(toFile.status).toBe(1);
    expectNoKey(`${format} --output`, [...outputsOf(toFile), readFileSync(join(dir, `report.${format}`), 'utf8')]);
    rmSync(join(dir, `report.${format}`));
  });

  it.each(FORMATS)('prints every key with --show-secrets in %s', async (format) => {
    const run = await runInProcess(dir, ['scan', ...modeArgs, '--format', format, '--show-secrets']);
    const [raw, json, github] = [0, 1, 2];
    const spelling = format === 'text' ? raw : format === 'github' ? github : json;
    for (const key of Object.values(keys)) expect(run.stdout).toContain(spellings(key)[spelling]);
  });
});

describe('a history scan', () => {
  beforeAll(() => {
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--no-verify', '-m', 'keys'], { cwd: dir, stdio: 'ignore' });
  });

  it.each(FORMATS)('masks every key in %s', async (format) => {
    const run = await runInProcess(dir, ['scan', '--history', '--format', format]);
    expect(run.status).toBe(1);
    expectNoKey(`history ${format}`, outputsOf(run));
  });
});

describe('error paths', () => {
  it.each([
    ['a key given as a flag value', ['scan', '--format', keys.insecure]],
    ['a key given as an inline flag value', ['scan', `--fail-on=${keys.dotenv}`]],
    ['a key given as an unknown flag', ['scan', `--${keys.flask}`]],
    ['a key given as a rule id', ['explain', keys.insecure]],
    ['a key given as a command', [keys.dotenv]],
    ['an unwritable report file named after a key', ['scan', '--output', `/dev/null/${keys.flask}`]],
    ['a key given as a history range', ['scan', '--history', keys.dotenv]],
  ])('never prints the key for %s', async (_case, args) => {
    const run = await runInProcess(dir, args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^settings-guard: /);
    expectNoKey(String(_case), outputsOf(run));
  });
});
