// SECRET_KEY = "lit" (also annotated, chained, tuple-unpacked, in class bodies, and setattr(x, "SECRET_KEY", "lit")).
import { readVariableEnvVar } from './env-var';
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, decideReplacing } from './python';

export const assignment: FormRules = {
  describe: (site, through) => `${site.setting} is hardcoded${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context)),
  // `SECRET_KEY = os.getenv("X")` then `if not SECRET_KEY: SECRET_KEY = "..."`: one variable, not two.
  envVar: readVariableEnvVar,
  decide: decideOutsideJavaScript(decideReplacing),
};
