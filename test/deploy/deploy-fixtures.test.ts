// fixtures/deploy: docker-compose, Kubernetes, GitHub Actions, GitLab CI, Procfile,
// app.json, fly.toml, .ini and .toml settings, with references and templates
// that must not be reported.
import { describeFixtures } from './fixture-cases';

describe('deployment fixtures', () => {
  describeFixtures('deploy');
});
