// {"SECRET_KEY": "lit"}.
import type { FormRules } from './form';
import { adviseInPython, adviseReplacingByHand, decideOutsideJavaScript, envReadToAdd } from './python';

export const dictEntry: FormRules = {
  describe: (site, through) => `the "${site.setting}" entry of a dict is hardcoded${through}`,
  mayHoldProse: true,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacingByHand(context)),
  decide: decideOutsideJavaScript((site, context) => ({
    kind: 'manual',
    steps: `the key literal is the value of "${site.setting}" in a dict: replace that value with ${envReadToAdd(context)}.`,
  })),
};
