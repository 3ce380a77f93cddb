// The class a key site sits in, as the extractor records it (KEY-SITES.md,
// "Enclosing class"): the facts the engine judges a class for tests by.
import { extractKeySites } from '../../src/python/key-sites';

const classOf = (code: string) => extractKeySites(code).map((site) => site.enclosingClass);

describe('the enclosing class of a key site', () => {
  it('is the class whose body holds the statement, with its TESTING flag and the uses of its name', () => {
    const code = [
      'class TestingConfig(Config):',
      '    """For tests."""',
      '    TESTING = True',
      '    # A comment at column 1 is not a statement:',
      '# SOMETHING = 1',
      '    SECRET_KEY = "k"',
      '',
      'class Fast(TestingConfig):',
      '    TESTING = False',
      '',
      'config = {',
      '    "testing": TestingConfig,',
      '    "default": TestingConfig(),',
      '}',
      'app.config.from_object("config.TestingConfig")',
    ].join('\n');
    expect(classOf(code)).toEqual([
      {
        name: 'TestingConfig',
        testing: true,
        uses: [{ as: 'base', of: 'Fast', ofTesting: false }, { as: 'entry', key: 'testing' }, { as: 'entry', key: 'default' }, { as: 'other' }],
      },
    ]);
  });

  it('records the conditions under which the module selects the class, innermost first', () => {
    const code = [
      'class TestingConfig:',
      '    SECRET_KEY = "k"',
      'def create_app(app):',
      '    if app.testing:',
      '        if DEBUG: configure(TestingConfig)',
      '    configure(Config if not TESTING else TestingConfig)',
      '    configure(TestingConfig if DEBUG or TESTING else Config)',
      '    else_config = TestingConfig',
    ].join('\n');
    expect(classOf(code)[0]?.uses).toEqual([
      { as: 'guarded', when: [{ reads: ['DEBUG'], negated: false, either: false }, { reads: ['app', 'testing'], negated: false, either: false }] },
      { as: 'guarded', when: [{ reads: ['TESTING'], negated: false, either: false }] },
      { as: 'guarded', when: [{ reads: ['DEBUG', 'TESTING'], negated: false, either: true }] },
      { as: 'other' },
    ]);
  });

  it('is found through if and try blocks, with tabs, and on the class line itself', () => {
    expect(classOf('class A:\n\tif X:\n\t\ttry:\n\t\t\tSECRET_KEY = "k"\n\t\texcept E:\n\t\t\tpass\n')).toEqual([{ name: 'A', uses: [] }]);
    expect(classOf('class B(Base): SECRET_KEY = "k"\n')).toEqual([{ name: 'B', uses: [] }]);
  });

  it('is the innermost class, and none for a key in a def or at module level', () => {
    expect(classOf('class Outer:\n    class Inner:\n        SECRET_KEY = "k"\n')).toEqual([{ name: 'Inner', uses: [] }]);
    expect(classOf('class Outer:\n    class Inner: SECRET_KEY = "k"\n    SECRET_KEY = "j"\n').map((found) => found?.name)).toEqual(['Inner', 'Outer']);
    expect(classOf('class A:\n    def setup(self):\n        SECRET_KEY = "k"\n')).toEqual([undefined]);
    expect(classOf('class A:\n    pass\nSECRET_KEY = "k"\n')).toEqual([undefined]);
  });

  it('reads TESTING only at the level of the class body, the last one written', () => {
    expect(classOf('class A:\n    TESTING = False\n    if X:\n        TESTING = True\n    SECRET_KEY = "k"\n')).toEqual([{ name: 'A', testing: false, uses: [] }]);
    expect(classOf('class A:\n    TESTING = False\n    TESTING = True\n    SECRET_KEY = "k"\n')).toEqual([{ name: 'A', testing: true, uses: [] }]);
  });

  it('is the class that holds both the statement and the literal it reads through a variable', () => {
    expect(classOf('class TestingConfig:\n    _KEY = "k"\n    SECRET_KEY = _KEY\n')).toEqual([{ name: 'TestingConfig', uses: [] }]);
    expect(classOf('_KEY = "k"\nclass TestingConfig:\n    SECRET_KEY = _KEY\n')).toEqual([undefined]);
    expect(classOf('class TestingConfig:\n    KEY = "k"\nSECRET_KEY = KEY\n')).toEqual([undefined]);
  });

  it('is not recorded for a commented-out key', () => {
    expect(classOf('class TestingConfig:\n    # SECRET_KEY = "k"\n    pass\n')).toEqual([undefined]);
  });

  it('reads 32 classes of a module at most: a key in a later one records none', () => {
    const classes = Array.from({ length: 33 }, (_, index) => `class Config${index}:\n    SECRET_KEY = "k${index}"\n`).join('');
    const found = classOf(classes);
    expect(found.slice(0, 32).map((enclosing) => enclosing?.name)).toEqual(Array.from({ length: 32 }, (_, index) => `Config${index}`));
    expect(found[32]).toBeUndefined();
  });

  it('reads 64 mentions of a class at most, and then records one more use it could not read', () => {
    const subclasses = (count: number) => Array.from({ length: count }, (_, index) => `class Fast${index}(TestingConfig):\n    TESTING = True\n`).join('');
    expect(classOf(`class TestingConfig:\n    SECRET_KEY = "k"\n${subclasses(64)}`)[0]?.uses.some((use) => use.as === 'other')).toBe(false);
    expect(classOf(`class TestingConfig:\n    SECRET_KEY = "k"\n${subclasses(65)}`)[0]?.uses.at(-1)).toEqual({ as: 'other' });
  });
});
