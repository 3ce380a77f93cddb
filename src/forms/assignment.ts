// SECRET_KEY = "lit" (also annotated, chained, tuple-unpacked, in class bodies, and setattr(x, "SECRET_KEY", "lit")).
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, decideReplacing } from './python';

export const assignment: FormRules = {
  describe: (site, through) => `${site.setting} is hardcoded${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context.variable)),
  decide: decideOutsideJavaScript(decideReplacing),
};
