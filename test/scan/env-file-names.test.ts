// Env files under the names real projects give them are read as env files,
// in the working tree and in what a commit stages (issue 18).
import { runInProcess } from '../helpers/in-process';
import { TempRepo, randomKey } from '../helpers/temp-repo';

// .envs/.production/.django: cookiecutter-django's layout; setup/env: a file named just env.
const NAMES = ['.env-prod', '.env_prod', 'production.env.local', 'env/prod.env', 'config/dev.env.txt', '.envs/.production/.django', 'setup/env'];

it.each([
  ['the working tree', ['scan']],
  ['the staged changes', ['scan', '--staged']],
])('finds a key in %s of every one of them', async (_where, argv) => {
  const repo = new TempRepo();
  for (const name of NAMES) repo.write(name, `DEBUG=0\nSECRET_KEY=${randomKey()}\n`);
  repo.git('add', '-f', '--', ...NAMES);
  const run = await runInProcess(repo.dir, [...argv, '--format', 'json', '--no-baseline']);
  const findings = (JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[] }).findings;
  expect(findings.map((finding) => [finding.file, finding.ruleId]).sort()).toEqual(NAMES.map((name) => [name, 'dotenv-secret-key']).sort());
  expect(run.status).toBe(1);
});
