// The CI recipes work as written: the README's YAML and action.yml parse, name
// only options the CLI has, and the action's script runs the scan it promises.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import packageJson from '../package.json';
import { CLI_PATH, PROJECT_ROOT, TempRepo, djangoSettings, insecureKey, makeTempDir, runCli, tempRepos } from './helpers/temp-repo';

type Yaml = Record<string, unknown>;

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string; description: string }>;
  runs: { using: string; steps: { uses?: string; with?: Yaml; env?: Record<string, string>; run?: string; shell?: string }[] };
};

/** The fenced blocks of one language in the README. */
function blocks(language: string): string[] {
  return [...readme.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((match) => match[1]!);
}

/** Every settings-guard command line in the README's code, as [command, options]. */
function commandLines(): [string, string[]][] {
  const code = [...blocks('yaml'), ...blocks('sh'), ...blocks('')].join('\n');
  return [...code.matchAll(/settings-guard(?:@\S+)? (scan|baseline|fix|install|generate-key)\b([^\n]*)/g)].map((match) => [
    match[1]!,
    [...match[2]!.matchAll(/(?:^|\s)(--?[a-z][a-z-]*)/g)].map((option) => option[1]!),
  ]);
}

const helpOf = new Map<string, string>();
function help(command: string): string {
  if (!helpOf.has(command)) helpOf.set(command, runCli(PROJECT_ROOT, [command, '--help']).stdout);
  return helpOf.get(command)!;
}

describe('the README CI recipes', () => {
  it('parse as YAML, and the GitHub workflows are complete', () => {
    const documents = blocks('yaml').map((text) => parse(text) as Yaml);
    expect(documents.length).toBeGreaterThanOrEqual(5);
    const workflows = documents.filter((document) => 'jobs' in document);
    expect(workflows.length).toBeGreaterThanOrEqual(3);
    for (const workflow of workflows) {
      expect(workflow.on).toBeDefined();
      for (const job of Object.values(workflow.jobs as Record<string, { 'runs-on': string; steps: { uses?: string; run?: string; with?: Yaml }[] }>)) {
        expect(job['runs-on']).toBe('ubuntu-latest');
        const history = job.steps.some((step) => `${step.run ?? ''}${JSON.stringify(step.with ?? {})}`.includes('..HEAD'));
        const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
        expect(checkout).toBeDefined();
        // A range needs the base branch and the history in the clone.
        if (history) expect(checkout!.with?.['fetch-depth']).toBe(0);
        const upload = job.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
        if (upload) {
          const file = upload.with?.sarif_file as string;
          expect(job.steps.some((step) => step.run?.includes(`--format sarif --output ${file}`))).toBe(true);
        }
      }
    }
    const gitlab = documents.find((document) => 'settings-guard' in document)?.['settings-guard'] as { script: string[] };
    const script = gitlab.script.join('\n');
    expect(script.indexOf('git fetch')).toBeLessThan(script.indexOf('--history "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME..HEAD"'));
  });

  it('use only commands and options the CLI has', () => {
    const lines = commandLines();
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const [command, options] of lines) {
      for (const option of options) expect([command, option, help(command).includes(option)]).toEqual([command, option, true]);
    }
  });
});

describe('action.yml', () => {
  it('is a composite action with documented inputs, running this release by default', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs).sort()).toEqual(['args', 'format', 'history', 'node-version', 'output', 'version']);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    expect(action.inputs.version!.default).toBe(packageJson.version);
    expect(action.runs.steps[0]!.uses).toBe('actions/setup-node@v4');
    const scan = action.runs.steps[1]!;
    expect(scan.shell).toBe('bash');
    // Inputs reach the script through env only: no expression is expanded inside the shell code.
    expect(scan.run).not.toContain('${{');
    expect(Object.values(scan.env ?? {}).sort()).toEqual(Object.keys(action.inputs).filter((name) => name !== 'node-version').map((name) => `\${{ inputs.${name} }}`).sort());
    expect(readme).toContain('uses: OWNER/settings-guard@v');
  });

  describe('its scan step, with npx standing in for the registry', () => {
    const bin = makeTempDir('sg-npx-');
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\n[ "$1" = --yes ] && [ "$2" = "settings-guard@${packageJson.version}" ] || { echo "unexpected npx $1 $2" >&2; exit 9; }\nshift 2\nexec "${process.execPath}" "${CLI_PATH}" "$@"\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    function runStep(repo: TempRepo, inputs: Record<string, string>) {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' };
      for (const [name, value] of Object.entries(action.runs.steps[1]!.env ?? {})) {
        const input = /inputs\.([\w-]+)/.exec(value)![1]!;
        env[name] = inputs[input] ?? action.inputs[input]!.default;
      }
      const result = spawnSync('bash', ['-c', action.runs.steps[1]!.run!], { cwd: repo.dir, env, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    const newRepo = tempRepos();

    it('annotates the working tree by default and fails on a key', () => {
      const repo = newRepo();
      repo.write('mysite/settings.py', djangoSettings(insecureKey()));
      const run = runStep(repo, {});
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/^::error file=mysite\/settings\.py,line=5,col=14,/);
    });

    it('scans a history range into a SARIF file, with extra arguments', () => {
      const repo = newRepo();
      repo.write('README.md', 'app\n');
      repo.commitAll('start');
      repo.git('branch', 'base');
      repo.write('app/.env', `SECRET_KEY=${insecureKey()}\n`);
      repo.commitAll('add env');
      repo.remove('app/.env');
      repo.commitAll('remove env');
      const run = runStep(repo, { history: 'base..HEAD', format: 'sarif', output: 'out/settings-guard.sarif', args: '--fail-on warning --no-color' });
      expect(run.status).toBe(1);
      expect(existsSync(repo.path('out/settings-guard.sarif'))).toBe(true);
      const results = JSON.parse(repo.read('out/settings-guard.sarif')).runs[0].results;
      expect(results.map((result: { ruleId: string }) => result.ruleId)).toEqual(['dotenv-secret-key']);
      expect(run.stderr).toContain('2 commits');
    });
  });
});

describe('the release named in the docs', () => {
  it('is this version everywhere: the pre-commit framework rev, the action tag and its default (`npm version` updates them)', () => {
    const hooksFile = readFileSync(join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    const actionFile = readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8');
    expect([...readme.matchAll(/^\s*rev: (\S+)$/gm)].map((match) => match[1])).toEqual([`v${packageJson.version}`]);
    expect([...hooksFile.matchAll(/^#\s*rev: (\S+)$/gm)].map((match) => match[1])).toEqual([`v${packageJson.version}`]);
    const actionTags = [readme, actionFile].flatMap((text) => [...text.matchAll(/settings-guard@(v\S+?)[`\s]/g)].map((match) => match[1]));
    expect(actionTags).toEqual([`v${packageJson.version}`, `v${packageJson.version}`, `v${packageJson.version}`]);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  it('parses and runs the check of the files pre-commit names', () => {
    const hooks = parse(readFileSync(join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string }[];
    expect(hooks.map((hook) => [hook.id, hook.entry])).toEqual([['settings-guard', 'settings-guard hook pre-commit-framework --']]);
  });
});
