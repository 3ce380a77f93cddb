import { analyzeFile } from '../../src/engine/analyze';
import { randomKey } from '../helpers/temp-repo';

const KEY = '3db!wnw+celg&bycaaa+bme3+-gkrui4mxk(omzc0_=e$*j*m(';
const severityAt = (path: string, code: string) => analyzeFile({ path, content: Buffer.from(code) }).map((f) => f.severity);

describe('where a key is decides whether it blocks', () => {
  it.each([
    ['app/tests/settings.py'],
    ['tests.py'],
    ['conftest.py'],
    ['project/settings/test.py'],
    ['project/testsettings.py'],
    ['project/test_settings.py'],
    ['netbox/configuration_testing.py'],
    ['netbox/configuration.testing.py'],
    ['unittests/tools/test_parser.py'],
    ['scripts/smoketest_configuration.py'],
    ['devscripts/test-imports.py'],
    ['cms/test_utils/cli.py'],
    ['testproject/settings.py'],
    ['test_projects/test_api/settings.py'],
    ['djangorestframework/runtests/settings.py'],
    ['runtests.py'],
    ['testserver.py'],
  ])('a key in test code (%s) is a note', (path) => {
    expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual(['note']);
  });

  it.each([['docs/conf_example.py'], ['local_settings_example.py'], ['mysite/settings.sample.py'], ['example_settings.py'], ['tutorials/part2/settings.py']])(
    'a key in an example module (%s) is a note',
    (path) => {
      expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual(['note']);
    },
  );

  it.each([['.env.test'], ['.env.testing'], ['.env.example'], ['.env.sample'], ['config/.env.template'], ['env.example'], ['.envs/.production/.django.example']])('a key in %s is a note', (path) => {
    expect(severityAt(path, `SECRET_KEY=${KEY}\n`)).toEqual(['note']);
  });

  it.each([['mysite/settings.py'], ['config/settings/production.py'], ['testimonials/settings.py'], ['sampler/settings.py'], ['settings/config.py.prod'], ['local_settings.py.production']])(
    'a key in application code (%s) blocks',
    (path) => {
      expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual(['error']);
    },
  );

  it.each([['.env'], ['.env.production'], ['deploy/web.env'], ['.envrc'], ['.flaskenv']])('a key in a committed env file (%s) blocks', (path) => {
    expect(severityAt(path, `export SECRET_KEY='${KEY}'\n`)).toEqual(['error']);
  });

  it.each([['mysite/settings.py~'], ['mysite/settings.py.bak'], ['settings.py.orig'], ['config/settings/production.py.old'], ['mysite/settings.py.save'], ['.env.backup']])(
    'an editor or merge leftover (%s) is read as the file it copies, and blocks',
    (path) => {
      const code = path.includes('.env') ? `SECRET_KEY=${KEY}\n` : `SECRET_KEY = "${KEY}"\n`;
      expect(severityAt(path, code)).toEqual(['error']);
    },
  );

  it.each([['mysite/settings.py.example'], ['local_settings.py.sample'], ['settings.py.dist'], ['config/settings.py.template'], ['settings.py.tpl'], ['settings.py.example.bak'], ['tests/settings.py.bak'], ['roles/web/templates/settings.py.j2'], ['settings.py.jinja2'], ['project_template/project_name/settings.py-tpl'], ['config/settings.py.tmpl'], ['settings/config.py.prod.example']])(
    'a template, or a leftover of test code (%s), is a note',
    (path) => {
      expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual(['note']);
    },
  );

  it.each([['notes.bak'], ['README.md.orig'], ['settings.py.swp'], ['settings.pyc']])('%s is not read at all', (path) => {
    expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual([]);
  });

  it('a key passed to override_settings is a note wherever it is', () => {
    expect(severityAt('app/views_checks.py', `@override_settings(SECRET_KEY="${KEY}")\ndef check():\n    pass\n`)).toEqual(['note']);
  });
});

describe('CI configuration', () => {
  const workflow = (value: string) => `on: push\nenv:\n  SECRET_KEY: ${value}\njobs: {}\n`;

  it('reports a dummy key that only runs the test suite as a note', () => {
    expect(severityAt('.github/workflows/tests.yml', workflow('ci-test'))).toEqual(['note']);
    expect(severityAt('.gitlab-ci.yml', `variables:\n  DJANGO_SECRET_KEY: "not-secret"\n`)).toEqual(['note']);
  });

  it.each([['circle.yml'], ['.drone.yml'], ['appveyor.yml']])('%s is CI configuration too: a dummy is a note, a real-looking key blocks', (path) => {
    expect(severityAt(path, `environment:\n  SECRET_KEY: not-secret\n`)).toEqual(['note']);
    expect(severityAt(path, `environment:\n  SECRET_KEY: "${KEY}"\n`)).toEqual(['error']);
  });

  it('still blocks a real-looking key there', () => {
    expect(severityAt('.github/workflows/deploy.yml', workflow(`"${KEY}"`))).toEqual(['error']);
  });
});

describe('project templates (cookiecutter, copier)', () => {
  it.each([['{{cookiecutter.project_slug}}/config/settings/base.py'], ['{{ project_name }}/settings.py']])('in %s a placeholder is a note, a real-looking key blocks', (path) => {
    expect(severityAt(path, `SECRET_KEY = "CHANGEME!!!"\n`)).toEqual(['note']);
    expect(severityAt(path, `SECRET_KEY = "${KEY}"\n`)).toEqual(['error']);
  });
});

describe('CI dummies', () => {
  it('a long placeholder a CI job needs for check --deploy is a note, a real-looking key still blocks', () => {
    const workflow = (value: string) => `jobs:\n  check:\n    env:\n      SECRET_KEY: ${value}\n`;
    expect(severityAt('.github/workflows/ci.yml', workflow('ci-django-secret-key-not-for-production-use-with-check-deploy-xyz123'))).toEqual(['note']);
    expect(severityAt('.github/workflows/ci.yml', workflow(`'${KEY}'`))).toEqual(['error']);
  });
});

describe('configuration classes for tests (issue 18)', () => {
  const key = randomKey();
  /** `line severity` for each finding of a config module. */
  const findingsIn = (lines: string[]) => analyzeFile({ path: 'app/config.py', content: Buffer.from(`${lines.join('\n')}\n`) }).map((f) => `${f.line} ${f.severity}`);
  const keyLine = `    SECRET_KEY = "${key}"`;

  it('a key in a Flask-style TestingConfig is a note; the base class it inherits from, the production class and a module-level key still block', () => {
    expect(
      findingsIn([
        `SECRET_KEY = "${key}"`,
        'class Config:',
        keyLine,
        'class TestingConfig(Config):',
        '    TESTING = True',
        keyLine,
        'class ProductionConfig(Config):',
        keyLine,
        "config = {'development': Config, 'testing': TestingConfig, 'production': ProductionConfig, 'default': Config}",
      ]),
    ).toEqual(['1 error', '3 error', '6 note', '8 error']);
  });

  it.each([['TestConfig'], ['ConfigTesting'], ['UnitTestConfig'], ['UnittestConfig'], ['TestSettings'], ['APITestConfig'], ['Test_Config']])(
    'a class whose name says test (%s) is a note',
    (name) => {
      expect(findingsIn([`class ${name}(object):`, keyLine])).toEqual(['2 note']);
    },
  );

  it.each([['LatestConfig'], ['ContestSettings'], ['AttestationConfig'], ['Testimonials'], ['Protester']])(
    'a class whose name only contains the letters (%s) still blocks',
    (name) => {
      expect(findingsIn([`class ${name}:`, keyLine])).toEqual(['2 error']);
    },
  );

  it('a class whose body sets TESTING = True is a note whatever its name, also through an if in the body', () => {
    expect(findingsIn(['class SqliteConfig(Config):', '    TESTING = True', '    if DEBUG:', `        SECRET_KEY = "${key}"`])).toEqual(['4 note']);
  });

  it('a key in a module-level variable that a test class reads is the module\'s: it still blocks, production may read it too', () => {
    expect(findingsIn([`_SHARED_KEY = "${key}"`, 'class TestingConfig(Config):', '    SECRET_KEY = _SHARED_KEY', 'class ProductionConfig(Config):', '    SECRET_KEY = _SHARED_KEY'])).toEqual(['1 error']);
  });

  it('a class named for tests that sets TESTING = False still blocks', () => {
    expect(findingsIn(['class TestingConfig(Config):', '    TESTING = False', keyLine])).toEqual(['3 error']);
  });

  it('a key in a method of a test class is not a class attribute: it still blocks', () => {
    expect(findingsIn(['class TestingConfig(Config):', '    def init_app(self, app):', `        app.config["SECRET_KEY"] = "${key}"`])).toEqual(['3 error']);
  });

  it('a test class that a production class inherits from still blocks; one only test classes inherit from stays a note', () => {
    const testing = ['class TestingConfig(Config):', '    TESTING = True', keyLine];
    expect(findingsIn([...testing, 'class ProductionConfig(TestingConfig):', '    DEBUG = False'])).toEqual(['3 error']);
    expect(findingsIn([...testing, 'class TestingPostgresConfig(TestingConfig):', '    DATABASE = "postgres"', 'class SlowConfig(TestingConfig):', '    TESTING = True'])).toEqual(['3 note']);
  });

  it.each([
    ["config = {'default': TestingConfig}"],
    ["config = {'testing': TestingConfig, 'production': TestingConfig}"],
    ['config = dict(development=TestingConfig)'],
    ['app.config.from_object(TestingConfig)'],
    ["app.config.from_object('config.TestingConfig')"],
    ['def create_app(config_class=TestingConfig):\n    pass'],
  ])('a test class the module also selects for production (%s) still blocks', (use) => {
    expect(findingsIn(['class TestingConfig(Config):', '    TESTING = True', keyLine, use])).toEqual(['3 error']);
  });

  it('a test class mapped only under test keys stays a note, an instance of it too', () => {
    expect(findingsIn(['class TestingConfig(Config):', keyLine, "configs = {'testing': TestingConfig, 'unit-test': TestingConfig()}", 'more = dict(test=TestingConfig)'])).toEqual(['2 note']);
  });

  it('a class whose name says nothing is a note when the module maps it only under keys that say test', () => {
    expect(findingsIn(['class SqliteConfig(Config):', keyLine, "config_by_name = {\n    'test': SqliteConfig,\n}"])).toEqual(['2 note']);
    expect(findingsIn(['class SqliteConfig(Config):', keyLine, "config_by_name = {'test': SqliteConfig, 'dev': SqliteConfig}"])).toEqual(['2 error']);
    expect(findingsIn(['class SqliteConfig(Config):', keyLine])).toEqual(['2 error']);
  });

  it('a class the module selects only when a condition says test is a note; one selected otherwise still blocks', () => {
    const classes = ['class SqliteConfig(Config):', keyLine, 'class PostgresConfig(Config):', keyLine];
    expect(findingsIn([...classes, 'app.config.from_object(SqliteConfig if app.testing else PostgresConfig)'])).toEqual(['2 note', '4 error']);
    expect(findingsIn([...classes, 'app.config.from_object(PostgresConfig if not TESTING else SqliteConfig)'])).toEqual(['2 note', '4 error']);
    expect(findingsIn([...classes, 'def create_app(app):', '    if os.environ.get("FLASK_ENV") == "testing":', '        app.config.from_object(SqliteConfig)', '    else:', '        app.config.from_object(PostgresConfig)'])).toEqual(['2 note', '4 error']);
    expect(findingsIn([...classes, 'if TESTING: app.config.from_object(SqliteConfig)'])).toEqual(['2 note', '4 error']);
  });

  it('a test class selected when a condition says it is not testing, or in the else of one that is, still blocks', () => {
    const testing = ['class TestingConfig(Config):', keyLine];
    expect(findingsIn([...testing, 'if not app.testing:', '    app.config.from_object(TestingConfig)'])).toEqual(['2 error']);
    expect(findingsIn([...testing, 'if os.environ.get("FLASK_ENV") != "testing":', '    app.config.from_object(TestingConfig)'])).toEqual(['2 error']);
    expect(findingsIn([...testing, 'if app.testing:', '    pass', 'else:', '    app.config.from_object(TestingConfig)'])).toEqual(['2 error']);
    expect(findingsIn([...testing, 'app.config.from_object(Config if app.testing else TestingConfig)'])).toEqual(['2 error']);
    expect(findingsIn([...testing, 'if DEBUG:', '    app.config.from_object(TestingConfig)'])).toEqual(['2 error']);
    expect(findingsIn(['class SqliteConfig(Config):', keyLine, 'if DEBUG or TESTING:', '    app.config.from_object(SqliteConfig)'])).toEqual(['2 error']);
  });

  it('says which class made the key a note, and gives no fix advice', () => {
    const [finding] = analyzeFile({ path: 'app/config.py', content: Buffer.from(`class TestingConfig(Config):\n    TESTING = True\n${keyLine}\n`) });
    expect(finding?.message).toMatch(/ Reported as a note: it is in TestingConfig, a class for tests\.$/);
    expect(finding?.suggestion).toBeUndefined();
  });
});

describe('test scaffolding named for tests, outside tests/ (issue 18)', () => {
  const key = randomKey();

  it.each([['lib/testlib.py'], ['app/payments_testlib.py'], ['testutils.py'], ['app/api_testutils.py'], ['lib/test_utils.py'], ['myapp/testing.py']])(
    'a key in a helper module for tests (%s) is a note',
    (path) => {
      expect(severityAt(path, `SECRET_KEY = "${key}"\n`)).toEqual(['note']);
    },
  );

  it.each([['lib/testlibrary.py'], ['lib/contestlib.py'], ['app/latest_utils.py'], ['app/fixtures.py'], ['app/attesting.py']])(
    'a key in a module whose name only looks like one (%s) still blocks',
    (path) => {
      expect(severityAt(path, `SECRET_KEY = "${key}"\n`)).toEqual(['error']);
    },
  );

  const compose = (value: string) => `services:\n  web:\n    environment:\n      SECRET_KEY: "${value}"\n`;

  it.each([['docker-compose.test.yml'], ['docker-compose.testing.yaml'], ['docker-compose.tests.yml'], ['docker-compose-test.yml'], ['compose.test.yml'], ['deploy/compose-testing.yaml'], ['docker-compose.override.integration_tests.yml'], ['docker-compose.override.unit_tests.yml']])(
    'a key in the compose file of a test stack (%s) is a note',
    (path) => {
      expect(severityAt(path, compose(key))).toEqual(['note']);
    },
  );

  it.each([['docker-compose.yml'], ['docker-compose.prod.yml'], ['docker-compose.latest.yml'], ['compose.contest.yaml'], ['docker-compose.test-prod.yml']])(
    'a key in another compose file (%s) still blocks',
    (path) => {
      expect(severityAt(path, compose(key))).toEqual(['error']);
    },
  );

  it.each([['docker-compose.ci.yml'], ['compose.ci.yaml'], ['docker-compose-ci.yml'], ['.ci/compose.cypress.yaml']])(
    'a compose file for CI (%s) is CI configuration: a dummy key is a note, a real-looking one still blocks',
    (path) => {
      expect(severityAt(path, compose('ci-only-secret'))).toEqual(['note']);
      expect(severityAt(path, compose(key))).toEqual(['error']);
    },
  );

  it('so is .env.ci', () => {
    expect(severityAt('.env.ci', 'SECRET_KEY=ci-only-secret\n')).toEqual(['note']);
    expect(severityAt('.env.ci', `SECRET_KEY=${key}\n`)).toEqual(['error']);
  });
});
