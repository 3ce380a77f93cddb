// Names a project's settings read a key from (`SECRET_KEY = env("DD_SECRET_KEY")`,
// `from ._keys import K as SECRET_KEY`) are keys in its env, deployment and
// Python files, in every mode: the working tree, the staged changes (learned
// from the whole index, not only what is staged) and the history.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../helpers/in-process';
import { makeTempDir, randomKey, tempRepos, type TempRepo } from '../helpers/temp-repo';

const newRepo = tempRepos();

interface JsonFinding {
  file: string;
  line: number;
  ruleId: string;
  severity: string;
  message: string;
}

async function scanJson(repo: TempRepo, ...args: string[]): Promise<{ status: number; findings: JsonFinding[]; output: string }> {
  const run = await runInProcess(repo.dir, ['scan', ...args, '--format', 'json']);
  return { status: run.status, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings, output: run.stdout + run.stderr };
}

const READS_DD = 'import environ\n\nenv = environ.Env()\nSECRET_KEY = env("DD_SECRET_KEY")\n';

/** A project whose committed settings read DD_SECRET_KEY, and four deployment files that set it. */
function projectSettingDdKey(key: string): TempRepo {
  const repo = newRepo();
  repo.write('config/settings.py', READS_DD);
  repo.commitAll('settings');
  repo.write('.env', `DEBUG=1\nDD_SECRET_KEY=${key}\n`);
  repo.write('docker-compose.yml', `services:\n  web:\n    environment:\n      DD_SECRET_KEY: "${key}"\n`);
  repo.write('k8s/web.yaml', `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: web\n      env:\n        - name: DD_SECRET_KEY\n          value: "${key}"\n`);
  repo.write('Dockerfile', `FROM python:3.12\nENV DD_SECRET_KEY=${key}\n`);
  return repo;
}

const EVERY_FILE = [
  { file: '.env', line: 2, ruleId: 'dotenv-secret-key', severity: 'error' },
  { file: 'Dockerfile', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
  { file: 'docker-compose.yml', line: 4, ruleId: 'deploy-hardcoded-key', severity: 'error' },
  { file: 'k8s/web.yaml', line: 8, ruleId: 'deploy-hardcoded-key', severity: 'error' },
];

describe('names the settings read a key from', () => {
  test('a directory scan reports the key under that name in env and deployment files, and says why the name counts', async () => {
    const key = randomKey();
    const repo = projectSettingDdKey(key);

    const { status, findings, output } = await scanJson(repo);

    expect(status).toBe(1);
    expect(findings.map(({ file, line, ruleId, severity }) => ({ file, line, ruleId, severity }))).toEqual(EVERY_FILE);
    expect(findings[0]!.message).toContain('DD_SECRET_KEY, which config/settings.py reads into SECRET_KEY, is set in');
    expect(output).not.toContain(key);
  });

  test("a Flask app's key read into app.config[\"SECRET_KEY\"] links its name in every mode", async () => {
    const repo = newRepo();
    repo.write('app.py', 'import os\nfrom flask import Flask\n\napp = Flask(__name__)\napp.config["SECRET_KEY"] = os.environ["MYAPP_FLASK_KEY"]\n');
    repo.commitAll('app');
    repo.write('.env', `MYAPP_FLASK_KEY=${randomKey()}\n`);
    repo.git('add', '-f', '.env');
    for (const mode of [[], ['--staged']]) {
      const { findings } = await scanJson(repo, ...mode);
      expect({ mode, found: findings.map(({ file, line }) => ({ file, line })) }).toEqual({ mode, found: [{ file: '.env', line: 1 }] });
    }
    repo.commit('env');
    const { findings } = await scanJson(repo, '--history');
    expect(findings.map(({ file, line }) => ({ file, line }))).toEqual([{ file: '.env', line: 1 }]);
  });

  test('an env file too large to read whole is searched for the learned names too, in the directory and staged scans', async () => {
    const repo = newRepo();
    // APP_KEY holds none of the built-in names: only the learned one finds it.
    repo.write('config/settings.py', 'import os\nSECRET_KEY = os.environ["APP_KEY"]\n');
    repo.commitAll('settings');
    const filler = Array.from({ length: 200 }, (_, index) => `OPTION_${index}=value-${index}`).join('\n');
    repo.write('.env', `${filler}\nAPP_KEY=${randomKey()}\n${filler}\n`);
    repo.git('add', '-f', '.env');

    for (const mode of [[], ['--staged']]) {
      const { findings } = await scanJson(repo, ...mode, '--max-file-size', '1000');
      expect({ mode, found: findings.map(({ file, line }) => ({ file, line })) }).toEqual({ mode, found: [{ file: '.env', line: 201 }] });
    }
  });

  test('the order files are read in does not matter: settings read after the env file still make its name a key', async () => {
    const repo = newRepo();
    // "a/" is read before "z/" in path order.
    repo.write('a/.env', `APP_KEY=${randomKey()}\n`);
    repo.write('z/settings.py', 'import os\nSECRET_KEY = os.environ["APP_KEY"]\n');

    const { findings } = await scanJson(repo);

    expect(findings.map(({ file, ruleId }) => ({ file, ruleId }))).toEqual([{ file: 'a/.env', ruleId: 'dotenv-secret-key' }]);
  });

  test('a scan of named files (as the pre-commit framework runs it) learns the names from the rest of the project', async () => {
    const repo = projectSettingDdKey(randomKey());

    const named = await scanJson(repo, '.env', 'k8s');
    const framework = await runInProcess(repo.dir, ['hook', 'pre-commit-framework', '--', 'Dockerfile']);

    expect(named.findings.map(({ file, line }) => ({ file, line }))).toEqual([{ file: '.env', line: 2 }, { file: 'k8s/web.yaml', line: 8 }]);
    expect(framework.status).toBe(1);
    expect(framework.stdout).toContain('DD_SECRET_KEY, which config/settings.py reads into SECRET_KEY');
  });

  test('outside git, a scan of a named env file reads the project folder\'s modules for the names', async () => {
    const dir = makeTempDir();
    try {
      mkdirSync(join(dir, 'config'));
      writeFileSync(join(dir, 'config', 'settings.py'), READS_DD);
      writeFileSync(join(dir, '.env'), `DD_SECRET_KEY=${randomKey()}\n`);

      const run = await runInProcess(dir, ['scan', '.env', '--format', 'json']);

      expect((JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.map(({ file, line }) => ({ file, line }))).toEqual([{ file: '.env', line: 1 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reading Python files first does not change the order the files passed over are told in', async () => {
    const repo = newRepo();
    repo.write('a/compose.yml', Buffer.from('SECRET_KEY: \0\0\0\0binary\n'));
    repo.write('b/settings.py', Buffer.from('SECRET_KEY = "\0\0"\n'));

    const run = await runInProcess(repo.dir, ['scan', '--format', 'json']);

    expect((JSON.parse(run.stdout) as { skipped: { file: string }[] }).skipped.map(({ file }) => file)).toEqual(['a/compose.yml', 'b/settings.py']);
  });

  test('a staged env file is checked against the settings already committed, with no settings file staged', async () => {
    const repo = projectSettingDdKey(randomKey());
    repo.git('add', '-f', '.env');

    const { status, findings } = await scanJson(repo, '--staged');

    expect(status).toBe(1);
    expect(findings.map(({ file, line, ruleId }) => ({ file, line, ruleId }))).toEqual([{ file: '.env', line: 2, ruleId: 'dotenv-secret-key' }]);
  });

  test('a staged scan whose settings modules git cannot read says it is incomplete (exit 3) instead of passing', async () => {
    const repo = projectSettingDdKey(randomKey());
    const blob = repo.git('rev-parse', ':config/settings.py').trim();
    const object = repo.path(`.git/objects/${blob.slice(0, 2)}/${blob.slice(2)}`);
    chmodSync(object, 0o644);
    writeFileSync(object, 'not a zlib stream');
    repo.git('add', '-f', '.env');

    const run = await runInProcess(repo.dir, ['scan', '--staged']);

    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/^scan incomplete: the project's settings modules could not be searched/m);
    expect(run.stdout).toContain('Commit blocked: the scan could not be completed');
  });

  test('the staged scan learns from the index, not the working tree', async () => {
    const repo = newRepo();
    repo.write('config/settings.py', READS_DD);
    repo.commitAll('settings');
    // The working tree reads another name; the index still reads DD_SECRET_KEY.
    repo.write('config/settings.py', 'import os\nSECRET_KEY = os.environ["OTHER_KEY"]\n');
    repo.write('.env', `DD_SECRET_KEY=${randomKey()}\nOTHER_KEY=${randomKey()}\n`);
    repo.git('add', '-f', '.env');

    const { findings } = await scanJson(repo, '--staged');

    expect(findings.map(({ file, line }) => ({ file, line }))).toEqual([{ file: '.env', line: 1 }]);
  });

  test('a history scan reports the name in every commit that set it, learning the names from HEAD', async () => {
    const repo = projectSettingDdKey(randomKey());
    repo.git('add', '-f', '.env');
    repo.commitAll('deployment files');

    const { status, findings } = await scanJson(repo, '--history');

    expect(status).toBe(1);
    expect(findings.map(({ file, line, ruleId, severity }) => ({ file, line, ruleId, severity }))).toEqual(EVERY_FILE);
  });

  test('a name no settings module reads into a secret setting is not a key', async () => {
    const repo = newRepo();
    repo.write('config/settings.py', 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nSENTRY_DSN = os.environ["DD_SECRET_KEY"]\n');
    repo.write('.env', `DD_SECRET_KEY=${randomKey()}\n`);
    repo.write('docker-compose.yml', `services:\n  web:\n    environment:\n      DD_SECRET_KEY: "${randomKey()}"\n`);
    repo.commitAll('project');
    repo.git('add', '-f', '.env');

    for (const mode of [[], ['--staged'], ['--history']]) {
      const { status, findings } = await scanJson(repo, ...mode);
      expect({ mode, status, findings }).toEqual({ mode, status: 0, findings: [] });
    }
  });

  test('a module-level name carries the variable: _KEY_VAR = "APP_KEY" ... os.environ[_KEY_VAR], and key = os.getenv("X") ... SECRET_KEY = key', async () => {
    const repo = newRepo();
    repo.write('settings.py', 'import os\n_KEY_VAR = "APP_KEY"\nSECRET_KEY = os.environ[_KEY_VAR]\nold = os.getenv("APP_OLD_KEY")\nSECRET_KEY_FALLBACKS = [old]\n');
    repo.write('.env', `APP_KEY=${randomKey()}\nAPP_OLD_KEY=${randomKey()}\n_KEY_VAR=${randomKey()}\n`);

    const { findings } = await scanJson(repo);

    expect(findings.map(({ line, message }) => ({ line, into: /reads into (\w+)/.exec(message)?.[1] }))).toEqual([
      { line: 1, into: 'SECRET_KEY' },
      { line: 2, into: 'SECRET_KEY_FALLBACKS' },
    ]);
  });

  test('a variable name that looks like a key pasted in the wrong place is not learned, so no message quotes it', async () => {
    const repo = newRepo();
    const pasted = `aB3${randomKey(30).replace(/[^A-Za-z0-9]/g, 'x')}`;
    repo.write('settings.py', `import os\nSECRET_KEY = os.getenv("${pasted}")\n`);
    repo.write('.env', `${pasted}=${randomKey()}\n`);

    const { findings, output } = await scanJson(repo);

    expect(findings).toEqual([]);
    expect(output).not.toContain(pasted);
  });

  test('a name read into a configured extra setting is judged as that setting is: a secret, not a Django key', async () => {
    const repo = newRepo();
    repo.write('.settings-guard.json', JSON.stringify({ extraSettings: ['EMAIL_HOST_PASSWORD'] }));
    repo.write('settings.py', 'import os\nEMAIL_HOST_PASSWORD = os.environ["SMTP_PASSWORD"]\n');
    repo.write('.env', 'SMTP_PASSWORD=hunter2-but-longer\n');

    const { findings } = await scanJson(repo);

    expect(findings.map(({ file, ruleId }) => ({ file, ruleId }))).toEqual([{ file: '.env', ruleId: 'custom-secret-hardcoded' }]);
    expect(findings[0]!.message).not.toContain('characters');
  });
});

describe('names a settings module imports from another module', () => {
  const keysModule = (key: string) => `SIGNING_KEY = "${key}"\nWEBHOOK_TOKEN = "${randomKey()}"\n`;

  test('from ._keys import SIGNING_KEY as SECRET_KEY: the literal in _keys.py is a key, in the directory, staged and history scans', async () => {
    const repo = newRepo();
    repo.write('app/__init__.py', '');
    repo.write('app/settings.py', 'from ._keys import SIGNING_KEY as SECRET_KEY\n');
    repo.commitAll('settings');
    repo.write('app/_keys.py', keysModule(randomKey()));
    repo.stage('app/_keys.py');

    for (const mode of [[], ['--staged']]) {
      const { findings } = await scanJson(repo, ...mode);
      expect(findings.map(({ file, line, ruleId, message }) => ({ file, line, ruleId, why: message.startsWith('SIGNING_KEY, which app/settings.py reads into SECRET_KEY') }))).toEqual([
        { file: 'app/_keys.py', line: 1, ruleId: 'django-hardcoded-key', why: true },
      ]);
    }
    repo.commit('keys');
    const history = await scanJson(repo, '--history');
    expect(history.findings.map(({ file, line }) => ({ file, line }))).toEqual([{ file: 'app/_keys.py', line: 1 }]);
  });

  test('import keys; SECRET_KEY = keys.K and from . import keys: the module is found beside the settings or above them', async () => {
    const repo = newRepo();
    repo.write('site/settings.py', 'import local_keys\nfrom . import old\nSECRET_KEY = local_keys.K\nSECRET_KEY_FALLBACKS = [old.K]\n');
    repo.write('site/local_keys.py', `K = "${randomKey()}"\n`);
    repo.write('site/old.py', `K = "${randomKey()}"\n`);
    // Not the module imported: the same name there is not a key.
    repo.write('elsewhere/old.py', `K = "${randomKey()}"\n`);

    const { findings } = await scanJson(repo);

    expect(findings.map(({ file }) => file)).toEqual(['site/local_keys.py', 'site/old.py']);
  });

  test('fix rewrites the imported name to read the environment, and leaves the key under a linked name in a deployment file to a person', async () => {
    const repo = newRepo();
    repo.write('app/__init__.py', '');
    repo.write('app/settings.py', 'from ._keys import SIGNING_KEY as SECRET_KEY\n');
    repo.write('app/_keys.py', keysModule(randomKey()));
    repo.write('settings2.py', 'import os\nSECRET_KEY = os.environ["APP_KEY"]\n');
    repo.write('docker-compose.yml', `services:\n  web:\n    environment:\n      APP_KEY: "${randomKey()}"\n`);

    const run = await runInProcess(repo.dir, ['fix', '--dry-run']);

    expect(run.stdout).toContain('app/_keys.py:1  SIGNING_KEY now reads os.getenv("DJANGO_SECRET_KEY")');
    expect(run.stdout).toMatch(/docker-compose\.yml:4 .*holds APP_KEY/);
  });
});
