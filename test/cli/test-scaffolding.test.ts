// Test scaffolding outside tests/ (issue 18): a configuration class for tests
// beside the production ones does not block a commit; the same class made
// production's does.
import { runInProcess } from '../helpers/in-process';
import { randomKey, tempRepos } from '../helpers/temp-repo';

const newRepo = tempRepos();

function configModule(productionBase: string): string {
  return [
    'import os',
    '',
    'class Config:',
    '    SECRET_KEY = os.environ["SECRET_KEY"]',
    '',
    'class TestingConfig(Config):',
    '    TESTING = True',
    `    SECRET_KEY = "${randomKey()}"`,
    '',
    `class ProductionConfig(${productionBase}):`,
    '    DEBUG = False',
    '',
    'config = {"testing": TestingConfig, "production": ProductionConfig, "default": ProductionConfig}',
    '',
  ].join('\n');
}

it('commits a key in TestingConfig, reporting it as a note that names the class', async () => {
  const repo = newRepo().write('app/config.py', configModule('Config')).stage();
  const run = await runInProcess(repo.dir, ['scan', '--staged']);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('app/config.py:8:18  note  django-hardcoded-key');
  expect(run.stdout).toContain('Reported as a note: it is in TestingConfig, a class for tests.');
  expect(run.stdout).not.toContain('fix:');
});

it('blocks the same key when the production configuration inherits from TestingConfig', async () => {
  const repo = newRepo().write('app/config.py', configModule('TestingConfig')).stage();
  const run = await runInProcess(repo.dir, ['scan', '--staged']);
  expect(run.status).toBe(1);
  expect(run.stdout).toContain('app/config.py:8:18  error  django-hardcoded-key');
});
