// Where a module's secret settings are read from (extractSettingReads), and
// the line test that decides, before a module is parsed, whether it can hold
// such a read (mayLinkLine): it may say "maybe" too often, never "no" wrongly.
import { extractSettingReads } from '../../src/python/key-sites';
import { mayLinkLine } from '../../src/python/link-lines';

describe('extractSettingReads', () => {
  it.each([
    ['SECRET_KEY = env("DD_SECRET_KEY")', [{ kind: 'env', setting: 'SECRET_KEY', variable: 'DD_SECRET_KEY' }]],
    ['SECRET_KEY = env.str("APP_KEY")', [{ kind: 'env', setting: 'SECRET_KEY', variable: 'APP_KEY' }]],
    ['SECRET_KEY = config("MYAPP_DJANGO_KEY", cast=str)', [{ kind: 'env', setting: 'SECRET_KEY', variable: 'MYAPP_DJANGO_KEY' }]],
    ['import os\nSECRET_KEY = os.environ["APP_SECRET_KEY"]', [{ kind: 'env', setting: 'SECRET_KEY', variable: 'APP_SECRET_KEY' }]],
    ['import os\nSECRET_KEY = os.environ.get("K1") or os.getenv("K2", "")', [{ kind: 'env', variable: 'K1' }, { kind: 'env', variable: 'K2' }]],
    ['import os\n_V = "APP_KEY"\nSECRET_KEY = os.environ[_V]', [{ kind: 'env', variable: 'APP_KEY' }]],
    ['import os\nkey = os.getenv("X")\nSECRET_KEY = key.strip()', [{ kind: 'env', variable: 'X' }]],
    ['app.config["SECRET_KEY"] = os.environ["FLASK_KEY"]', [{ kind: 'env', setting: 'SECRET_KEY', variable: 'FLASK_KEY' }]],
    ['from ._keys import K as SECRET_KEY', [{ kind: 'module', setting: 'SECRET_KEY', module: '._keys', name: 'K' }]],
    ['from . import keys\nSECRET_KEY = keys.K', [{ kind: 'module', module: '.keys', name: 'K' }]],
    ['import conf.keys\nSECRET_KEY = conf.keys.K', [{ kind: 'module', module: 'conf.keys', name: 'K' }]],
    ['import conf.keys as ck\nSECRET_KEY_FALLBACKS = [ck.OLD]', [{ kind: 'module', setting: 'SECRET_KEY_FALLBACKS', module: 'conf.keys', name: 'OLD' }]],
    ['SENTRY_DSN = os.environ["DD_SECRET_KEY"]', []],
    ['# SECRET_KEY = env("COMMENTED")', []],
    ['SECRET_KEY = settings.SECRET_KEY', []],
  ])('%s', (source, expected) => {
    expect(extractSettingReads(`${source}\n`)).toEqual(expected.map((read) => expect.objectContaining(read)));
  });
});

describe('mayLinkLine', () => {
  it.each([
    'SECRET_KEY = env("DD_SECRET_KEY")',
    'SECRET_KEY = os.environ[_KEY_VAR]',
    'SECRET_KEY = key',
    'SECRET_KEY = keys.K',
    'from ._keys import K as SECRET_KEY',
    'SECRET_KEY = (',
    '    SECRET_KEY=',
    'SECRET_KEY = os.environ["SECRET_KEY_PROD"]',
    'SECRET_KEY = f"{PREFIX}"',
    'app.secret_key = os.environ["FLASK_KEY"]',
    'app.config["SECRET_KEY"] = os.environ["FLASK_KEY"]',
    '    "SECRET_KEY": os.environ["APP_KEY"],',
    'SECRET_KEY_FALLBACKS = [env("OLD_KEY")]',
    'SECRET_KEY = \\',
  ])('maybe: %s', (line) => {
    expect(mayLinkLine(line, [])).toBe(true);
  });

  it.each([
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    'SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")',
    'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-key!")',
    'signer = Signer(key=settings.SECRET_KEY)',
    '# SECRET_KEY comes from the environment in production',
    'SECRET_KEY = "x$9#not-an-identifier"  # kept here for the tests',
  ])('no: %s', (line) => {
    expect(mayLinkLine(line, [])).toBe(false);
  });
});
