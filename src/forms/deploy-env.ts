// An environment entry of a deployment file: docker-compose, Kubernetes env/ConfigMap, CI env, Procfile, app.json, fly.toml [env], a Dockerfile's ENV.
import { type FormRules, ROTATE } from './form';
import { decideInDeployFile } from './deployment';

export const deployEnv: FormRules = {
  describe: (site) =>
    site.variable
      ? `${site.setting} defaults to a literal (\${${site.variable}:-…}) in the environment of a deployment file`
      : `${site.setting} is set to a literal in the environment of a deployment file`,
  advise(site, { dockerfile, variable }) {
    if (dockerfile) {
      return `Do not bake ${site.setting} into the image: pass it when the container starts (\`docker run -e ${variable}\`, compose \`environment:\`, a Kubernetes \`secretKeyRef\`); a build step that needs a key can mount a BuildKit secret (\`RUN --mount=type=secret\`), ${ROTATE}`;
    }
    return `Pass ${site.setting} in from a secret store instead of writing it here (\`\${${variable}}\` in docker-compose, \`\${{ secrets.${variable} }}\` in GitHub Actions, a masked CI/CD variable in GitLab, \`valueFrom.secretKeyRef\` in Kubernetes, \`fly secrets set\` or \`heroku config:set\`), ${ROTATE}`;
  },
  decide: decideInDeployFile,
};
