// What the forms of deployment and settings files share: `fix` leaves them to a person.
import type { KeySite } from '../types';
import type { FixDecision } from './form';
import { decideOutsideJavaScript } from './python';

export const decideInDeployFile = decideOutsideJavaScript(
  (site: KeySite): FixDecision => ({
    kind: 'manual',
    steps: `a deployment or settings file holds ${site.setting}: pass it in from a secret store (compose \${${site.setting}}, GitHub \${{ secrets.${site.setting} }}, Kubernetes valueFrom.secretKeyRef), and rotate it.`,
  }),
);
