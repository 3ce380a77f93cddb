// Behaviour of the deployment-file and JavaScript readers that the fixtures do
// not pin down: configured names, references, lazy parser loading, robustness.
import fc from 'fast-check';
import { analyzeFile, fileKindOf } from '../../src/engine/analyze';

const analyze = (path: string, text: string, extraSettings: string[] = []) =>
  analyzeFile({ path, content: Buffer.from(text) }, { extraSettings }).map((finding) => [finding.ruleId, finding.severity, finding.line]);

describe('which files are read', () => {
  it.each([
    ['docker-compose.yml', 'deploy'],
    ['deploy/k8s/web.yaml', 'deploy'],
    ['.github/workflows/ci.yml', 'deploy'],
    ['app.json', 'deploy'],
    ['fly.toml', 'deploy'],
    ['setup.cfg', 'deploy'],
    ['config/app.ini', 'deploy'],
    ['Procfile', 'deploy'],
    ['server/app.mjs', 'javascript'],
    ['src/auth.tsx', 'javascript'],
    ['types/index.d.ts', null],
    ['config/secrets.json', 'deploy'],
    ['Dockerfile', 'deploy'],
    ['docker/Dockerfile.prod', 'deploy'],
    ['web.dockerfile', 'deploy'],
    ['Containerfile', 'deploy'],
    // Shell scripts, and the entrypoints images run.
    ['docker/entrypoint.sh', 'deploy'],
    ['scripts/deploy.bash', 'deploy'],
    ['docker-entrypoint', 'deploy'],
    ['bin/web-entrypoint', 'deploy'],
    ['entrypoint', 'deploy'],
    ['scripts/entrypoint.py', 'python'],
    ['setup.shtml', null],
    ['notebooks/explore.ipynb', 'notebook'],
    ['infra/terraform.tfvars', 'deploy'],
    ['infra/prod.auto.tfvars', 'deploy'],
    ['infra/terraform.tfvars.json', 'deploy'],
    ['infra/main.tf', null],
    ['deploy/systemd/web.service', 'deploy'],
    ['etc/systemd/system/web.service.d/override.conf', 'deploy'],
    ['etc/nginx/conf.d/web.conf', null],
    // Helm values and Ansible variables, some of them without an extension.
    ['charts/web/values-prod.yaml', 'deploy'],
    ['inventory/group_vars/production', 'deploy'],
    ['group_vars/all/vars', 'deploy'],
    ['host_vars/db1', 'deploy'],
    ['roles/web/vars/main.yml', 'deploy'],
    ['roles/web/files/group_vars', null],
    // The names real projects give env files.
    ['.env', 'env'],
    ['.env.production', 'env'],
    ['.env-prod', 'env'],
    ['.env_prod', 'env'],
    ['production.env.local', 'env'],
    ['env/prod.env', 'env'],
    ['config/dev.env.txt', 'env'],
    ['.envrc', 'env'],
    ['environment.txt', null],
    ['docs/env.md', null],
  ])('%s is read as %s', (path, kind) => {
    expect(fileKindOf(path)).toBe(kind);
  });
});

describe('JSON settings files', () => {
  const KEY = 'u7#n!e2q_w9z$k4(r)m1x=t6+y3p&j8-v0@c5s^b*h%a2d8f1g';

  it('finds the key of a Two Scoops-style secrets.json', () => {
    expect(analyze('config/secrets.json', `{\n  "SECRET_KEY": "${KEY}",\n  "DATABASE_URL": "postgres://db"\n}\n`)).toEqual([['deploy-hardcoded-key', 'error', 2]]);
  });

  it('reads nothing into a package.json or a JSON file without a secret setting', () => {
    expect(analyze('package.json', '{"name": "x", "scripts": {"start": "SECRET_KEY=dev node app.js"}}\n')).toEqual([]);
    expect(analyze('data/fixtures.json', `[{"model": "auth.user", "fields": {"username": "SECRET_KEY"}}]\n`)).toEqual([]);
  });
});

describe('configured extra settings', () => {
  it('reports a configured name in Python, env files and deployment files with its own rule, whatever its length', () => {
    expect(analyze('settings.py', 'MY_API_TOKEN = "abc123"\n', ['MY_API_TOKEN'])).toEqual([['custom-secret-hardcoded', 'error', 1]]);
    expect(analyze('.env', 'MY_API_TOKEN=abc123\n', ['MY_API_TOKEN'])).toEqual([['custom-secret-hardcoded', 'error', 1]]);
    expect(analyze('docker-compose.yml', 'services:\n  web:\n    environment:\n      - MY_API_TOKEN=abc123\n', ['MY_API_TOKEN'])).toEqual([['custom-secret-hardcoded', 'error', 4]]);
    expect(analyze('settings.ini', '[app]\nmy_api_token = abc123\n', ['MY_API_TOKEN'])).toEqual([['custom-secret-hardcoded', 'error', 2]]);
  });

  it('checks nothing beyond the secret keys until names are configured', () => {
    expect(analyze('settings.py', 'EMAIL_HOST_PASSWORD = "short-pass"\nSIMPLE_JWT = {"SIGNING_KEY": "9f8e7d6c5b4a"}\n')).toEqual([]);
  });

  it('does not apply Django key-strength wording to a custom secret', () => {
    const [finding] = analyzeFile({ path: 'settings.py', content: Buffer.from('EMAIL_HOST_PASSWORD = "short-pass"\n') }, { extraSettings: ['EMAIL_HOST_PASSWORD'] });
    expect(finding?.ruleId).toBe('custom-secret-hardcoded');
    expect(finding?.message).not.toMatch(/Django wants/);
    expect(finding?.suggestion).toContain('EMAIL_HOST_PASSWORD');
  });

  it('finds a configured SIGNING_KEY in a SIMPLE_JWT dict, and nothing when it reads the environment', () => {
    expect(analyze('settings.py', 'SIMPLE_JWT = {\n    "ALGORITHM": "HS256",\n    "SIGNING_KEY": "9f8e7d6c5b4a",\n}\n', ['SIGNING_KEY'])).toEqual([['custom-secret-hardcoded', 'error', 3]]);
    expect(analyze('settings.py', 'import os\nSIMPLE_JWT = {"SIGNING_KEY": os.environ["JWT_SIGNING_KEY"]}\n', ['SIGNING_KEY'])).toEqual([]);
  });

  it('keeps SECRET_KEY under its own rules when it is also configured', () => {
    expect(analyze('settings.py', 'SECRET_KEY = "short"\n', ['SECRET_KEY'])).toEqual([['django-hardcoded-key', 'error', 1]]);
  });

  it('turns off with the rule', () => {
    const findings = analyzeFile({ path: 'settings.py', content: Buffer.from('EMAIL_HOST_PASSWORD = "pw-1234"\n') }, { extraSettings: ['EMAIL_HOST_PASSWORD'], ruleSeverity: { 'custom-secret-hardcoded': 'off' } });
    expect(findings).toEqual([]);
  });
});

describe('references are never findings', () => {
  it.each([
    ['docker-compose.yml', 'services:\n  web:\n    environment:\n      SECRET_KEY: ${SECRET_KEY:-}\n      DJANGO_SECRET_KEY: "${DJANGO_SECRET_KEY}"\n'],
    ['.github/workflows/deploy.yml', 'jobs:\n  d:\n    env:\n      SECRET_KEY: ${{ secrets.SECRET_KEY }}\n'],
    ['chart/templates/secret.yaml', 'apiVersion: v1\nkind: Secret\ndata:\n  SECRET_KEY: {{ .Values.secretKey | b64enc | quote }}\n'],
    ['Procfile', 'web: SECRET_KEY="$PROD_KEY" gunicorn app.wsgi\n'],
    ['app.json', '{"env": {"SECRET_KEY": {"generator": "secret"}}}\n'],
    ['fly.toml', '[env]\nSECRET_KEY = "${SECRET_KEY}"\n'],
    ['.env', 'SECRET_KEY=${SECRET_KEY:?set it}\nDJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-${VAULT_KEY}}\n'],
    // Built when the file is used: no key is written in it.
    ['.github/workflows/test.yml', 'jobs:\n  t:\n    env:\n      SECRET_KEY: django-insecure-ci-${{ github.run_id }}-${{ github.run_attempt }}\n'],
    ['docker-compose.yml', 'services:\n  web:\n    environment:\n      SECRET_KEY: "${PREFIX}-${SECRET_SUFFIX}"\n'],
    ['.env', 'SECRET_KEY=prefix-${VAULT_PART}\n'],
    ['uwsgi.ini', '[uwsgi]\nenv = SECRET_KEY=@(/run/secrets/django_key)\n'],
  ])('%s', (path, text) => {
    expect(analyze(path, text)).toEqual([]);
  });
});

describe('a default written in a reference is a key', () => {
  const KEY = 'q5zt=6sxk@7iq%6uxl82-gh*w9firmgw45ngfkcg)(52ok%qmxx';
  it.each([
    ['docker-compose.yml', `services:\n  web:\n    environment:\n      SECRET_KEY: "\${DJANGO_SECRET_KEY:-${KEY}}"\n`, 'deploy-hardcoded-key', 4],
    ['docker-compose.yml', `services:\n  web:\n    environment:\n      - SECRET_KEY=\${SECRET_KEY-${KEY}}\n`, 'deploy-hardcoded-key', 4],
    ['.env', `DEBUG=1\nSECRET_KEY=\${SECRET_KEY:=${KEY}}\n`, 'dotenv-secret-key', 2],
  ])('%s', (path, text, ruleId, line) => {
    const [finding, ...rest] = analyzeFile({ path, content: Buffer.from(text) });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId, line, severity: 'error', secret: { length: KEY.length } });
    expect(finding!.message).toMatch(/defaults to a literal \(\$\{\w+:-…\}\)/);
  });
});

describe('the pre-commit hook stays fast', () => {
  it('analyses Python and env files without loading yaml, smol-toml or @babel/parser', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const name of ['yaml', 'smol-toml', '@babel/parser']) {
        jest.doMock(name, () => {
          loaded.push(name);
          return {};
        });
      }
      const { analyzeFile: isolated } = require('../../src/engine/analyze') as typeof import('../../src/engine/analyze');
      isolated({ path: 'settings.py', content: Buffer.from('SECRET_KEY = "k" * 3\nEMAIL_HOST_PASSWORD = "x"\n') });
      isolated({ path: '.env', content: Buffer.from('SECRET_KEY=abc\n') });
      // Files of those kinds that fail the byte prefilter are not parsed either.
      isolated({ path: 'docker-compose.yml', content: Buffer.from('services:\n  web:\n    image: x\n') });
      isolated({ path: 'pyproject.toml', content: Buffer.from('[tool.black]\nline-length = 100\n') });
      isolated({ path: 'src/math.ts', content: Buffer.from('export const add = (a: number, b: number) => a + b;\n') });
      expect(loaded).toEqual([]);
      // The control: a compose file that names the key does load the YAML parser.
      isolated({ path: 'docker-compose.yml', content: Buffer.from('services:\n  web:\n    environment:\n      SECRET_KEY: abc\n') });
      expect(loaded).toEqual(['yaml']);
      loaded.length = 0;
    });
    for (const name of ['yaml', 'smol-toml', '@babel/parser']) jest.dontMock(name);
    expect(loaded).toEqual([]);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary content of any new kind', () => {
    const paths = ['docker-compose.yml', 'fly.toml', 'app.ini', 'Procfile', 'app.json', 'server.js', 'auth.tsx', 'entrypoint.sh', 'explore.ipynb', 'web.service'];
    const prefix = fc.constantFrom('', 'SECRET_KEY: ', 'SECRET_KEY = "', 'session({ secret: ', 'process.env.SESSION_SECRET || ', '- SECRET_KEY=', 'export SECRET_KEY=${SECRET_KEY:-', ': "${SECRET_KEY:=', '{"cells": [{"cell_type": "code", "source": ["SECRET_KEY = \\"', 'Environment="SECRET_KEY=');
    fc.assert(
      fc.property(fc.constantFrom(...paths), prefix, fc.string({ maxLength: 80 }), (path, start, rest) => {
        expect(() => analyzeFile({ path, content: Buffer.from(start + rest) })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('finds the key after a JavaScript syntax error', () => {
    const text = "const x = {{{;\nfunction (\napp.use(session({ secret: 'after-the-error-1234' }));\n";
    expect(analyze('app.js', text)).toEqual([['js-hardcoded-session-secret', 'error', 3]]);
  });

  it('honours // settings-guard: ignore in JavaScript', () => {
    expect(analyze('app.js', "app.use(session({ secret: 'ignored-key-123' })); // settings-guard: ignore\n")).toEqual([]);
  });
});

describe("a Node app's secret variables", () => {
  const SECRET = 'n14Qz8vXk2LmP0aRt5YwBc7DeFgHiJkL';
  it.each([
    ['.env', `PORT=3000\nSESSION_SECRET=${SECRET}\n`, 'dotenv-secret-key', 'error'],
    ['.env.example', `JWT_SECRET=${SECRET}\n`, 'dotenv-secret-key', 'note'],
    ['docker-compose.yml', `services:\n  web:\n    environment:\n      - COOKIE_SECRET=${SECRET}\n`, 'deploy-hardcoded-key', 'error'],
    ['app.json', `{"env": {"NEXTAUTH_SECRET": "${SECRET}"}}\n`, 'deploy-hardcoded-key', 'error'],
  ])('are keys in %s', (path, text, ruleId, severity) => {
    const findings = analyzeFile({ path, content: Buffer.from(text) });
    expect(findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([[ruleId, severity]]);
    // Not judged by Django's rules, and the advice names the variable itself.
    expect(findings[0]!.message).not.toContain('Django');
    if (severity === 'error' && path !== '.env') expect(findings[0]!.suggestion).not.toContain('DJANGO_SECRET_KEY');
  });
});

describe('process managers set the environment from .ini files', () => {
  const KEY = 'q5zt=6sxk@7iq%6uxl82-gh*w9firmgw45ngfkcg)(52ok%qmxx';
  it.each([
    ['uwsgi.ini', `[uwsgi]\nmodule = mysite.wsgi\nenv = DJANGO_SETTINGS_MODULE=mysite.settings\nenv = DJANGO_SECRET_KEY=${KEY}\n`, 4, 25],
    ['deploy/supervisor.ini', `[program:web]\nenvironment=DEBUG="0",SECRET_KEY="${KEY}",OTHER=1\n`, 2, 34],
    ['deploy/supervisor.ini', `[program:worker]\nenvironment=SECRET_KEY=${KEY},DEBUG=0\n`, 2, 24],
  ])('%s', (path, text, line, column) => {
    const findings = analyzeFile({ path, content: Buffer.from(text) });
    expect(findings.map((finding) => [finding.ruleId, finding.severity, finding.line, finding.column, finding.secret.length])).toEqual([['deploy-hardcoded-key', 'error', line, column, KEY.length]]);
  });

  it('passes a reference along without a finding', () => {
    expect(analyzeFile({ path: 'uwsgi.ini', content: Buffer.from('[uwsgi]\nenv = SECRET_KEY=$(SECRET_KEY)\nenv = DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY}\n') })).toEqual([]);
  });
});

describe('Dockerfiles', () => {
  const KEY = 'q5zt=6sxk@7iq%6uxl82-gh*w9firmgw45ngfkcg)(52ok%qmxx';
  const findingsOf = (text: string) => analyzeFile({ path: 'Dockerfile', content: Buffer.from(text) }).map((finding) => [finding.line, finding.ruleId, finding.severity]);

  it('reports a key baked in with ENV, in either form, and an ARG default that is a real key', () => {
    expect(findingsOf(`FROM python:3.12\nENV DEBUG=0 \\\n    SECRET_KEY="${KEY}"\nENV DJANGO_SECRET_KEY ${KEY}\nARG FLASK_SECRET_KEY=${KEY}\n`)).toEqual([
      [3, 'deploy-hardcoded-key', 'error'],
      [4, 'deploy-hardcoded-key', 'error'],
      [5, 'deploy-hardcoded-key', 'error'],
    ]);
  });

  it('leaves a build-step dummy in ARG, references, and RUN alone', () => {
    expect(findingsOf('FROM python:3.12\nARG SECRET_KEY=dummy-for-collectstatic\nARG DJANGO_SECRET_KEY\nENV SECRET_KEY=${SECRET_KEY}\nRUN SECRET_KEY=x python manage.py collectstatic\n')).toEqual([]);
  });
});
