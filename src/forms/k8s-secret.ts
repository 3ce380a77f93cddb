// data/stringData of a committed Kubernetes Secret manifest.
import { type FormRules, ROTATE } from './form';
import { decideInDeployFile } from './deployment';

export const k8sSecret: FormRules = {
  describe: (site) => `a committed Kubernetes Secret manifest holds ${site.setting} as literal data`,
  advise: () =>
    `Do not commit Secret manifests with literal data: create the Secret in the cluster (\`kubectl create secret generic\`) or commit it encrypted (Sealed Secrets, SOPS, External Secrets), ${ROTATE}`,
  decide: decideInDeployFile,
};
