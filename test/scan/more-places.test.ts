// More places keys live (issue 18): shell scripts, Helm and Ansible YAML,
// templates of settings, notebooks, Terraform variables, systemd units, tox
// and pytest-env settings. Each is scanned as a user scans a repository.
import { runInProcess } from '../helpers/in-process';
import { TempRepo, randomKey } from '../helpers/temp-repo';

interface Found {
  file: string;
  line: number;
  ruleId: string;
  severity: string;
}

/** The findings of `scan` in a repository holding these files, staged. */
async function scanFiles(files: Record<string, string>, argv: string[] = ['scan']): Promise<{ findings: Found[]; status: number }> {
  const repo = new TempRepo();
  for (const [name, content] of Object.entries(files)) repo.write(name, content);
  repo.git('add', '-f', '--', ...Object.keys(files));
  const run = await runInProcess(repo.dir, [...argv, '--format', 'json', '--no-baseline']);
  const findings = (JSON.parse(run.stdout) as { findings: Found[] }).findings.map(({ file, line, ruleId, severity }) => ({ file, line, ruleId, severity }));
  return { findings, status: run.status };
}

describe('shell scripts', () => {
  it('finds exported keys, command-prefix assignments and literal defaults, in the tree and in what a commit stages', async () => {
    const script = [
      '#!/bin/sh',
      '# export SECRET_KEY=not-read-in-a-comment',
      `export SECRET_KEY='${randomKey()}'`,
      `export DJANGO_SECRET_KEY="${randomKey()}"`,
      `SECRET_KEY='${randomKey()}' python manage.py migrate`,
      `: "\${SECRET_KEY:=${randomKey()}}"`,
      `SECRET_KEY="\${SECRET_KEY:-${randomKey()}}"`,
      'export SECRET_KEY="$(cat /run/secrets/django_key)"',
      'export SECRET_KEY="${VAULT_SECRET_KEY}"',
      'export SECRET_KEY=$SECRET',
      'SECRET_KEY=${SECRET_KEY:?set it} exec gunicorn app.wsgi',
      'echo "unterminated \'SECRET_KEY=',
      '',
    ].join('\n');
    for (const argv of [['scan'], ['scan', '--staged']]) {
      const { findings, status } = await scanFiles({ 'docker/entrypoint.sh': script, 'bin/docker-entrypoint': script.split('\n').slice(0, 4).join('\n') }, argv);
      expect(findings.map((finding) => [finding.file, finding.line, finding.ruleId, finding.severity])).toEqual([
        ['bin/docker-entrypoint', 3, 'deploy-hardcoded-key', 'error'],
        ['bin/docker-entrypoint', 4, 'deploy-hardcoded-key', 'error'],
        ...[3, 4, 5, 6, 7].map((line) => ['docker/entrypoint.sh', line, 'deploy-hardcoded-key', 'error']),
      ]);
      expect(status).toBe(1);
    }
  });

  it('reads nothing into a script that passes the key along', async () => {
    const { findings, status } = await scanFiles({
      'deploy.bash': 'export SECRET_KEY="$1"\nSECRET_KEY=`pass show app` ./run\ndocker run -e SECRET_KEY image\n',
      // The line a script writes into an env file: the value is the variable the script generated.
      'setup/bootstrap.sh': 'SECRET_KEY=$(pwgen -1s 64)\necho "export SECRET_KEY=$SECRET_KEY" > /opt/app/.env\n',
    });
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });
});

describe('Helm values and Ansible variables', () => {
  it('names a lower-case variable as the file writes it, also at the start of the message', async () => {
    const repo = new TempRepo();
    repo.write('deploy.yml', `- hosts: web\n  environment:\n    secret_key: "${randomKey()}"\n`);
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json', '--no-baseline']);
    const [finding] = (JSON.parse(run.stdout) as { findings: { message: string }[] }).findings;
    expect(finding!.message).toMatch(/^secret_key is set to a literal/);
  });

  it('finds lower-case secret_key and django_secret_key keys, nested anywhere, also in an inventory file without an extension', async () => {
    const { findings, status } = await scanFiles({
      'charts/web/values-prod.yaml': `image: web\ndjango:\n  config:\n    secret_key: "${randomKey()}"\n`,
      'inventory/group_vars/production': `---\ndjango_secret_key: '${randomKey()}'\n`,
      'roles/web/defaults/main.yml': `flask_secret_key: '${randomKey()}'\n`,
    });
    expect(findings).toEqual([
      { file: 'charts/web/values-prod.yaml', line: 4, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'inventory/group_vars/production', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'roles/web/defaults/main.yml', line: 1, ruleId: 'deploy-hardcoded-key', severity: 'error' },
    ]);
    expect(status).toBe(1);
  });

  it('reads nothing into vault values, Jinja and Helm templates, or other services\' secret keys', async () => {
    const vault = 'secret_key: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  62313365396662343061393464336163383764373764613633653634306231386433626436623361\n';
    const { findings, status } = await scanFiles({
      'group_vars/all/vault.yml': vault,
      'group_vars/all/vars.yml': 'django_secret_key: "{{ vault_django_secret_key }}"\nsecret_key: "{{ lookup(\'env\', \'SECRET_KEY\') }}"\nflask_secret_key: "{{ vault_key }}-rotated"\n',
      'charts/web/values.yaml': `secret_key: '{{ .Values.global.key }}'\naws_secret_key: '${randomKey()}'\n`,
    });
    expect(findings).toEqual([]);
    expect(status).toBe(0);
  });
});

describe('templates of settings', () => {
  it('reports a key written in a Jinja or startproject template as a note, and a placeholder not at all', async () => {
    const { findings, status } = await scanFiles({
      'roles/web/templates/settings.py.j2': `DEBUG = {{ debug }}\nSECRET_KEY = "${randomKey()}"\n`,
      'roles/web/templates/.env.j2': `SECRET_KEY=${randomKey()}\n`,
      'project_template/project_name/settings.py-tpl': "SECRET_KEY = '{{ secret_key }}'\nDEBUG = True\n",
      'deploy/settings.py.jinja2': 'SECRET_KEY = "{{ vault_secret_key | default(\'x\') }}"\n',
      'deploy/docker-compose.yml.j2': 'services:\n  web:\n    environment:\n      SECRET_KEY: "{{ django_secret_key }}"\n',
      // Another kind of placeholder asks a person to fill it in: still a note.
      'config/.env.example': 'SECRET_KEY=<your-secret-key>\n',
    });
    expect(findings).toEqual([
      { file: 'config/.env.example', line: 1, ruleId: 'dotenv-secret-key', severity: 'note' },
      { file: 'roles/web/templates/.env.j2', line: 1, ruleId: 'dotenv-secret-key', severity: 'note' },
      { file: 'roles/web/templates/settings.py.j2', line: 2, ruleId: 'django-hardcoded-key', severity: 'note' },
    ]);
    expect(status).toBe(0);
  });
});

describe('Jupyter notebooks', () => {
  const notebook = (cells: object[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
  const code = (source: string[] | string, outputs: object[] = []) => ({ cell_type: 'code', execution_count: 1, metadata: {}, outputs, source });

  it('reads code cells as Python and reports each key at its line and column in the notebook file', async () => {
    const [inCode, inDefault] = [randomKey(), randomKey()];
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: [`SECRET_KEY = "${randomKey()}"\n`] },
      code(['import os\n', '\n', `SECRET_KEY = "${inCode}"\n`], [{ output_type: 'stream', name: 'stdout', text: [`SECRET_KEY = "${randomKey()}"\n`] }]),
      code(`x = 1\nos.environ.setdefault("DJANGO_SECRET_KEY", "${inDefault}")\n`),
      code([`app.secret_key = "${randomKey()}"  # settings-guard: ignore[flask-hardcoded-secret-key]\n`]),
    ]);
    // Where the literal's opening quote (written \" in the JSON string) is in the file.
    const placeOf = (key: string) => {
      const lines = text.split('\n');
      const line = lines.findIndex((candidate) => candidate.includes(key));
      return { line: line + 1, column: lines[line]!.indexOf(key) - 1 };
    };
    const repo = new TempRepo();
    repo.write('analysis/explore.ipynb', text);
    const run = await runInProcess(repo.dir, ['scan', '--format', 'json', '--no-baseline']);
    const findings = (JSON.parse(run.stdout) as { findings: (Found & { column: number })[] }).findings;
    expect(findings.map(({ line, column, ruleId }) => ({ line, column, ruleId }))).toEqual([
      { ...placeOf(inCode), ruleId: 'django-hardcoded-key' },
      { ...placeOf(inDefault), ruleId: 'django-key-env-default' },
    ]);
    expect(run.stdout).not.toContain(inCode.slice(8));
    expect(run.status).toBe(1);
  });

  it('leaves the rewrite to a person, naming the cell, and never writes to the notebook', async () => {
    const text = notebook([{ cell_type: 'markdown', metadata: {}, source: ['# Setup\n'] }, code([`SECRET_KEY = "${randomKey()}"\n`])]);
    const repo = new TempRepo();
    repo.write('explore.ipynb', text);
    const run = await runInProcess(repo.dir, ['fix']);
    expect(run.stdout).toContain('cell 2 of a notebook holds SECRET_KEY');
    expect(repo.read('explore.ipynb')).toBe(text);
  });

  it('finds a key in a notebook too large to read whole, searched a window at a time', async () => {
    const padding = code(['x = 1\n'], [{ output_type: 'display_data', data: { 'image/png': 'iVBOR'.repeat(2000) } }]);
    const { findings, status } = await scanFiles({ 'big.ipynb': notebook([padding, code([`SECRET_KEY = "${randomKey()}"\n`])]) }, ['scan', '--max-file-size', '4096']);
    expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['big.ipynb', 'django-hardcoded-key']]);
    expect(status).toBe(1);
  });
});

describe('Terraform variable files', () => {
  it('finds secret_key and django_secret_key variables in *.tfvars and terraform.tfvars.json, not interpolations', async () => {
    const { findings, status } = await scanFiles({
      'infra/terraform.tfvars': `region = "eu-west-1"\ndjango_secret_key = "${randomKey()}"\nother = "\${var.x}"\n`,
      'infra/prod.auto.tfvars': `web = {\n  secret_key = "${randomKey()}"\n}\n`,
      'infra/terraform.tfvars.json': `{\n  "secret_key": "${randomKey()}"\n}\n`,
      'infra/staging.tfvars': 'secret_key = "${data.aws_secretsmanager_secret_version.django.secret_string}"\n',
    });
    expect(findings).toEqual([
      { file: 'infra/prod.auto.tfvars', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'infra/terraform.tfvars', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'infra/terraform.tfvars.json', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
    ]);
    expect(status).toBe(1);
  });
});

describe('systemd units', () => {
  it('finds keys set by Environment=, one or several to a line, quoted or not, in units and drop-ins', async () => {
    const { findings, status } = await scanFiles({
      'deploy/web.service': `[Service]\nEnvironmentFile=/etc/web.env\nEnvironment="DEBUG=0" "SECRET_KEY=${randomKey()}"\nEnvironment=SECRET_KEY=\${VAULT_KEY}\nExecStart=/usr/bin/gunicorn app.wsgi\n`,
      'deploy/web.service.d/override.conf': `[Service]\nEnvironment=DJANGO_SECRET_KEY=${randomKey()}\n`,
    });
    expect(findings).toEqual([
      { file: 'deploy/web.service', line: 3, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'deploy/web.service.d/override.conf', line: 2, ruleId: 'deploy-hardcoded-key', severity: 'error' },
    ]);
    expect(status).toBe(1);
  });
});

describe('tox and pytest-env settings', () => {
  it('reads setenv and pytest-env lines: a dummy there is a test note, a real-looking key still blocks', async () => {
    const { findings, status } = await scanFiles({
      'tox.ini': `[testenv]\nsetenv =\n    SECRET_KEY = dummy\n    DJANGO_SECRET_KEY = {env:DJANGO_SECRET_KEY:${randomKey()}}\n    FLASK_SECRET_KEY = {env:FLASK_SECRET_KEY}\n`,
      'setup.cfg': `[tool:pytest]\nenv =\n    D:SECRET_KEY=not-a-real-key\n    R:DJANGO_SECRET_KEY=${randomKey()}\n`,
      'pyproject.toml': `[tool.pytest.ini_options]\nenv = [\n  "SECRET_KEY=test",\n  "D:DJANGO_SECRET_KEY=${randomKey()}",\n]\n`,
    });
    expect(findings).toEqual([
      { file: 'pyproject.toml', line: 3, ruleId: 'deploy-hardcoded-key', severity: 'note' },
      { file: 'pyproject.toml', line: 4, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'setup.cfg', line: 3, ruleId: 'deploy-hardcoded-key', severity: 'note' },
      { file: 'setup.cfg', line: 4, ruleId: 'deploy-hardcoded-key', severity: 'error' },
      { file: 'tox.ini', line: 3, ruleId: 'deploy-hardcoded-key', severity: 'note' },
      { file: 'tox.ini', line: 4, ruleId: 'deploy-hardcoded-key', severity: 'error' },
    ]);
    expect(status).toBe(1);
  });
});
