// "lit" if DEBUG else os.environ["SECRET_KEY"].
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, envReadToAdd } from './python';

export const conditional: FormRules = {
  describe: (site, through) => `a branch of the conditional that sets ${site.setting} is a hardcoded key${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context)),
  decide: decideOutsideJavaScript((site, context) => ({
    kind: 'manual',
    steps: `the key literal is one branch of a conditional: replace the whole expression with ${envReadToAdd(context)}; keep a development key in your local .env, not in the code.`,
  })),
};
