import { analyzeFile } from '../../src/engine/analyze';

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

  it.each([['.env.test'], ['.env.testing'], ['.env.example'], ['.env.sample'], ['config/.env.template']])('a key in %s is a note', (path) => {
    expect(severityAt(path, `SECRET_KEY=${KEY}\n`)).toEqual(['note']);
  });

  it.each([['mysite/settings.py'], ['config/settings/production.py'], ['testimonials/settings.py'], ['sampler/settings.py']])(
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

  it.each([['mysite/settings.py.example'], ['local_settings.py.sample'], ['settings.py.dist'], ['config/settings.py.template'], ['settings.py.tpl'], ['settings.py.example.bak'], ['tests/settings.py.bak'], ['roles/web/templates/settings.py.j2'], ['settings.py.jinja2'], ['project_template/project_name/settings.py-tpl'], ['config/settings.py.tmpl']])(
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

  it('still blocks a real-looking key there', () => {
    expect(severityAt('.github/workflows/deploy.yml', workflow(`"${KEY}"`))).toEqual(['error']);
  });
});

describe('CI dummies', () => {
  it('a long placeholder a CI job needs for check --deploy is a note, a real-looking key still blocks', () => {
    const workflow = (value: string) => `jobs:\n  check:\n    env:\n      SECRET_KEY: ${value}\n`;
    expect(severityAt('.github/workflows/ci.yml', workflow('ci-django-secret-key-not-for-production-use-with-check-deploy-xyz123'))).toEqual(['note']);
    expect(severityAt('.github/workflows/ci.yml', workflow(`'${KEY}'`))).toEqual(['error']);
  });
});
