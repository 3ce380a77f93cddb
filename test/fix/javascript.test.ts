// `fix` on JavaScript and TypeScript beyond the fixture folders: when a rewrite
// would not be safe it is a manual step, --env-var names the variable, the
// dry run masks every literal (template literals too), and --write-env
// writes the variables the fixed code reads.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../src/engine/analyze';
import { fixFiles } from '../../src/fix/fix-files';
import { planFixes } from '../../src/fix/plan';
import { suggestFixes } from '../../src/fix/suggest';
import { randomKey } from '../helpers/temp-repo';
import { FIXTURES, copyInput, listFiles, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

/** Every quoted run of 16+ characters (', " or `) in a fixture's input: the old keys. */
function jsKeys(name: string): string[] {
  const dir = join(FIXTURES, name, 'input');
  return listFiles(dir).flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/(['"`])([^'"`\s]{16,})\1/g)].map((match) => match[2]!));
}

/** The plan for one file's text: what each finding becomes. */
function plan(path: string, text: string, envVar?: string): { edited: string; manual: string[] } {
  const findings = analyzeFile({ path, content: Buffer.from(text) });
  expect(findings.length).toBeGreaterThan(0);
  const result = planFixes(text, findings, envVar ? { envVar } : {});
  let edited = text;
  for (const edit of [...result.edits].sort((a, b) => b.start - a.start)) edited = edited.slice(0, edit.start) + edit.text + edited.slice(edit.end);
  return { edited, manual: result.manual.map((step) => `${step.line} ${step.form}`) };
}

describe('fix on JavaScript', () => {
  const key = randomKey(44);

  it.each([
    ['an exported const', `export const SECRET = '${key}';\napp.use(session({ secret: SECRET }));\n`],
    ['a const shadowed by a parameter', `const SECRET = '${key}';\nfunction mount(SECRET) {\n  app.use(session({ secret: SECRET }));\n}\n`],
    ['a const also read elsewhere', `const SECRET = '${key}';\napp.use(session({ secret: SECRET }));\nmodule.exports = { SECRET };\n`],
    ['a const two hops away', `const BASE = '${key}';\nconst SECRET = BASE;\napp.use(session({ secret: SECRET }));\n`],
    ['a parenthesized fallback', `const secret = process.env.SESSION_SECRET || ('${key}');\n`],
    ['a fallback after a comment', `const secret = process.env.SESSION_SECRET /* dev */ || '${key}';\n`],
    ['a const in a file with a syntax error', `const SECRET = '${key}';\napp.use(session({ secret: SECRET }));\nconsole.log(SECRET +);\n`],
    ['a file under // @ts-check', `// @ts-check\napp.use(session({ secret: '${key}' }));\n`],
    ['a mixed list of keys', `app.use(cookieSession({ keys: ['${key}', process.env.OLD_KEY] }));\n`],
  ])('leaves %s for a hand', (_label, text) => {
    const result = plan('app.js', text);
    expect(result.edited).toBe(text);
    expect(result.manual).toHaveLength(1);
  });

  it.each([
    ['a cast literal', `app.use(cookieParser('${key}' as string));\n`],
    ['a const', `const SECRET = '${key}';\napp.use(cookieParser(SECRET));\n`],
    ['a list of keys', `app.keys = ['${key}'];\n`],
    ['jsonwebtoken', `export const token = jwt.sign({ sub: 1 }, '${key}');\n`],
    ['an auth library whose types are unknown', `export const auth = createAuth({ providers: [], secret: '${key}' });\n`],
  ])('leaves %s in TypeScript for a hand', (_label, text) => {
    const result = plan('server.ts', text);
    expect(result.edited).toBe(text);
    expect(result.manual).toHaveLength(1);
  });

  it('rewrites the secrets TypeScript lets be undefined: cookieParser and NextAuth', () => {
    const text = `app.use(cookieParser('${key}'));\nexport default NextAuth({ providers: [], secret: '${key}2' });\n`;
    expect(plan('auth.ts', text)).toEqual({
      edited: 'app.use(cookieParser(process.env.COOKIE_SECRET));\nexport default NextAuth({ providers: [], secret: process.env.NEXTAUTH_SECRET });\n',
      manual: [],
    });
  });

  it('reads the --env-var name instead of the one picked by what the secret feeds', () => {
    const text = `app.use(session({ secret: '${key}' }));\napp.use(cookieSession({ keys: ["${key}x", "${key}y"] }));\n`;
    expect(plan('app.js', text, 'APP_SECRET').edited).toBe(
      'app.use(session({ secret: process.env.APP_SECRET }));\napp.use(cookieSession({ keys: process.env.APP_SECRET.split(",").filter(Boolean) }));\n',
    );
  });

  it('reads an array of express-session secrets from SESSION_SECRETS', () => {
    expect(plan('app.js', `app.use(session({ secret: ['${key}', '${key}2'] }));\n`).edited).toBe("app.use(session({ secret: process.env.SESSION_SECRETS.split(',').filter(Boolean) }));\n");
  });

  it('gives SARIF the same rewrite, one finding at a time', () => {
    const text = `const COOKIE_SECRET = '${key}';\napp.use(cookieParser(COOKIE_SECRET));\nconst jwtSecret = process.env.JWT_SECRET ?? '${key}2';\n`;
    const findings = analyzeFile({ path: 'app.js', content: Buffer.from(text) });
    const suggested = [...suggestFixes(text, findings).values()];
    expect(suggested.map((fix) => fix.edits.map((edit) => [edit.range.start.line, edit.range.start.column, edit.text]))).toEqual([
      [[1, 23, 'process.env.COOKIE_SECRET']],
      [[3, 41, '']],
    ]);
    expect(JSON.stringify(suggested)).not.toContain(key);
  });

  it('masks every old key in the dry-run diff, template literals included', async () => {
    const dir = copyInput('js-express');
    const report = await fixFiles({ cwd: dir, dryRun: true });
    expect(report.diff).toBe(readFileSync(join(FIXTURES, 'js-express', 'dry-run.diff'), 'utf8'));
    const printed = report.lines.join('\n') + report.diff;
    const keys = jsKeys('js-express');
    expect(keys).toHaveLength(5);
    for (const old of keys) expect(printed.includes(old)).toBe(false);
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(readFileSync(join(FIXTURES, 'js-express', 'input', 'server.js'), 'utf8'));
  });

  it('writes a new secret for every variable the fixed code reads with --write-env', async () => {
    const dir = copyInput('js-express');
    const report = await fixFiles({ cwd: dir, writeEnv: true });
    expect(report.envFile?.names.sort()).toEqual(['COOKIE_SECRET', 'JWT_SECRET', 'SESSION_KEYS', 'SESSION_SECRET']);
    const env = readFileSync(join(dir, '.env'), 'utf8');
    // One key with no comma is a valid one-element SESSION_KEYS.
    expect(env).toMatch(/^SESSION_KEYS='[^',]{50}'$/m);
    for (const old of jsKeys('js-express')) expect(env.includes(old)).toBe(false);
  });

  it('keeps a CRLF file with a BOM byte for byte outside the edits', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'auth.js'), Buffer.from(`\uFEFFconst secret = process.env.NEXTAUTH_SECRET ?? '${key}';\r\nmodule.exports = { providers: [], secret };\r\n`));
    await fixFiles({ cwd: dir });
    expect(readFileSync(join(dir, 'auth.js')).equals(Buffer.from('\uFEFFconst secret = process.env.NEXTAUTH_SECRET;\r\nmodule.exports = { providers: [], secret };\r\n'))).toBe(true);
  });
});
