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

  it('is found through if and try blocks, with tabs, and on the class line itself', () => {
    expect(classOf('class A:\n\tif X:\n\t\ttry:\n\t\t\tSECRET_KEY = "k"\n\t\texcept E:\n\t\t\tpass\n')).toEqual([{ name: 'A', uses: [] }]);
    expect(classOf('class B(Base): SECRET_KEY = "k"\n')).toEqual([{ name: 'B', uses: [] }]);
  });

  it('is the innermost class, and none for a key in a def or at module level', () => {
    expect(classOf('class Outer:\n    class Inner:\n        SECRET_KEY = "k"\n')).toEqual([{ name: 'Inner', uses: [] }]);
    expect(classOf('class A:\n    def setup(self):\n        SECRET_KEY = "k"\n')).toEqual([undefined]);
    expect(classOf('class A:\n    pass\nSECRET_KEY = "k"\n')).toEqual([undefined]);
  });

  it('reads TESTING only at the level of the class body, the last one written', () => {
    expect(classOf('class A:\n    TESTING = False\n    if X:\n        TESTING = True\n    SECRET_KEY = "k"\n')).toEqual([{ name: 'A', testing: false, uses: [] }]);
    expect(classOf('class A:\n    TESTING = False\n    TESTING = True\n    SECRET_KEY = "k"\n')).toEqual([{ name: 'A', testing: true, uses: [] }]);
  });

  it('is not recorded for a commented-out key', () => {
    expect(classOf('class TestingConfig:\n    # SECRET_KEY = "k"\n    pass\n')).toEqual([undefined]);
  });
});
