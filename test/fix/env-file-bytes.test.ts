// fix --write-env edits an existing env file as python-dotenv reads it and
// keeps every byte it does not mean to change. The files here hold values of
// the user's own, which only --force replaces (write-env.test.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors';
import { fixFiles } from '../../src/fix/fix-files';
import { copyInput, initRepo, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const NEW_LINE = /DJANGO_SECRET_KEY='[a-z0-9!@#$%^&*(\-_=+)]{50}'/;

function project(envBytes: Buffer): string {
  const dir = copyInput('startproject');
  initRepo(dir);
  writeFileSync(join(dir, '.gitignore'), '.env\n');
  writeFileSync(join(dir, '.env'), envBytes, { mode: 0o600 });
  return dir;
}

/** The env file with the new key's line put back to `DJANGO_SECRET_KEY=NEW`, as bytes. */
function withNewKeyNamed(dir: string): Buffer {
  const bytes = readFileSync(join(dir, '.env'));
  const text = bytes.toString('latin1');
  const match = NEW_LINE.exec(text);
  if (!match) throw new Error('no new key line');
  return Buffer.from(text.replace(NEW_LINE, 'DJANGO_SECRET_KEY=NEW'), 'latin1');
}

describe('fix --write-env keeps the bytes it does not change', () => {
  it('keeps a latin-1 byte that is not UTF-8 (caf\\xe9)', async () => {
    const original = Buffer.concat([Buffer.from('GREETING=caf'), Buffer.from([0xe9]), Buffer.from('\nDJANGO_SECRET_KEY=old\n')]);
    const dir = project(original);
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    expect(withNewKeyNamed(dir).equals(Buffer.concat([Buffer.from('GREETING=caf'), Buffer.from([0xe9]), Buffer.from('\nDJANGO_SECRET_KEY=NEW\n')]))).toBe(true);
  });

  it('keeps UTF-8 text, a UTF-8 BOM and a missing final line break', async () => {
    const original = Buffer.from('\ufeffNAME=Zoë 🙂\nDJANGO_SECRET_KEY=old\nLAST=1', 'utf8');
    const dir = project(original);
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    expect(withNewKeyNamed(dir).toString('utf8')).toBe('\ufeffNAME=Zoë 🙂\nDJANGO_SECRET_KEY=NEW\nLAST=1');
  });

  it('refuses a UTF-16 env file with one line, before settings.py is touched', async () => {
    for (const [bom, encoding] of [
      [[0xff, 0xfe], 'UTF-16LE'],
      [[0xfe, 0xff], 'UTF-16BE'],
      [[0xff, 0xfe, 0, 0], 'UTF-32LE'],
    ] as const) {
      const body = Buffer.from('DEBUG=1\r\n', 'utf16le');
      const original = Buffer.concat([Buffer.from(bom), body]);
      const dir = project(original);
      const settings = readFileSync(join(dir, 'mysite', 'settings.py'));
      const failure = await fixFiles({ cwd: dir, writeEnv: true }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UserError);
      expect((failure as UserError).message).toMatch(new RegExp(`^\\.env is ${encoding} text, which fix cannot write back byte for byte: nothing was changed\\.`));
      expect(readFileSync(join(dir, '.env')).equals(original)).toBe(true);
      expect(readFileSync(join(dir, 'mysite', 'settings.py')).equals(settings)).toBe(true);
    }
  });
});

describe('fix --write-env reads values as python-dotenv does', () => {
  it('replaces a quoted value that runs over several lines whole', async () => {
    const dir = project(Buffer.from('A=1\nDJANGO_SECRET_KEY="line1\nline2\nline3"  # old\nB=2\n'));
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    expect(withNewKeyNamed(dir).toString()).toBe('A=1\nDJANGO_SECRET_KEY=NEW\nB=2\n');
  });

  it('reads escaped quotes inside double quotes, and single-quoted values, over lines', async () => {
    const dir = project(Buffer.from(`export DJANGO_SECRET_KEY = "a\\"b\nc"\nKEEP='x\ny'\nDJANGO_SECRET_KEY='later\nvalue'\nZ=1\n`));
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    expect(withNewKeyNamed(dir).toString()).toBe(`DJANGO_SECRET_KEY=NEW\nKEEP='x\ny'\nZ=1\n`);
  });

  it('takes an unclosed quote to the end of its line, as python-dotenv does', async () => {
    const dir = project(Buffer.from('DJANGO_SECRET_KEY="open\nNEXT=1\n'));
    await fixFiles({ cwd: dir, writeEnv: true, force: true });
    expect(withNewKeyNamed(dir).toString()).toBe('DJANGO_SECRET_KEY=NEW\nNEXT=1\n');
  });
});
