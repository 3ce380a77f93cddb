import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { UserError } from '../../src/errors';

const RULES = ['django-hardcoded-key', 'django-commented-key'];

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-config-'));
  mkdirSync(join(root, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

function failure(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('configuration', () => {
  it('uses the defaults when there is no configuration', () => {
    expect(loadConfig(project({}), RULES)).toMatchObject({ file: null, config: { include: [], rules: {} } });
  });

  it("reads paths from the configuration file's directory, or else from the repository's root", () => {
    const root = project({ 'backend/.settings-guard.json': '{}', 'backend/app/x.py': '', 'web/x.js': '' });
    expect(loadConfig(join(root, 'backend', 'app'), RULES).directory).toBe(join(root, 'backend'));
    expect(loadConfig(join(root, 'web'), RULES)).toMatchObject({ file: null, directory: root });
  });

  it('reads .settings-guard.json', () => {
    const root = project({ '.settings-guard.json': '{"exclude": ["vendor/**"], "rules": {"django-commented-key": "off"}}' });
    expect(loadConfig(root, RULES).config).toMatchObject({ exclude: ['vendor/**'], rules: { 'django-commented-key': 'off' } });
  });

  it('reads [tool.settings-guard] from pyproject.toml, with kebab-case keys', () => {
    const root = project({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n\n[tool.settings-guard]\nfail-on = "warning"\nextra-settings = ["JWT_SECRET_KEY"]\n' });
    expect(loadConfig(root, RULES).config).toMatchObject({ failOn: 'warning', extraSettings: ['JWT_SECRET_KEY'] });
  });

  it('reads the "settings-guard" key of package.json and skips a package.json without one', () => {
    const root = project({ 'package.json': '{"name": "x", "settings-guard": {"envVar": "APP_SECRET"}}', 'sub/package.json': '{"name": "y"}' });
    expect(loadConfig(join(root, 'sub'), RULES)).toMatchObject({ file: join(root, 'package.json'), config: { envVar: 'APP_SECRET' } });
  });

  it('is found by walking up from the scanned directory, but not past the repository root', () => {
    const root = project({ '.settings-guard.json': '{"include": ["src/**"]}', 'a/b/c.py': '' });
    expect(loadConfig(join(root, 'a', 'b'), RULES).config.include).toEqual(['src/**']);
    const inner = project({ 'nested/.git/HEAD': '' });
    writeFileSync(join(inner, '.settings-guard.json'), '{"include": ["x"]}');
    expect(loadConfig(join(inner, 'nested'), RULES).file).toBeNull();
  });

  it('names the file and the key of an unknown setting', () => {
    const root = project({ '.settings-guard.json': '{"exclud": []}' });
    expect(failure(() => loadConfig(root, RULES))).toMatch(/^\.settings-guard\.json: unknown setting "exclud"/);
  });

  it('names the key and the expected type of a wrong value', () => {
    const root = project({ '.settings-guard.json': '{"maxFileSize": "big"}' });
    expect(failure(() => loadConfig(root, RULES))).toBe('.settings-guard.json: "maxFileSize" must be a positive whole number of bytes');
  });

  it('rejects a misspelt rule id and a bad level', () => {
    expect(failure(() => loadConfig(project({ '.settings-guard.json': '{"rules": {"django-hardcoded": "off"}}' }), RULES))).toContain('unknown rule "django-hardcoded"');
    expect(failure(() => loadConfig(project({ '.settings-guard.json': '{"rules": {"django-hardcoded-key": "loud"}}' }), RULES))).toContain('"off" for rule django-hardcoded-key');
  });

  it('explains invalid JSON and TOML', () => {
    expect(failure(() => loadConfig(project({ '.settings-guard.json': '{"include": [' }), RULES))).toMatch(/not valid JSON/);
    expect(failure(() => loadConfig(project({ 'pyproject.toml': '[tool.settings-guard\nx = 1' }), RULES))).toMatch(/not valid TOML/);
  });

  it('reads an explicit --config file and refuses a missing one', () => {
    const root = project({ 'ci/guard.json': '{"failOn": "note"}' });
    expect(loadConfig(root, RULES, 'ci/guard.json').config.failOn).toBe('note');
    expect(failure(() => loadConfig(root, RULES, 'nope.json'))).toBe('config file not found: nope.json');
  });
});
