// app.secret_key = "lit", settings.SECRET_KEY = "lit".
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, decideReplacing } from './python';

export const attribute: FormRules = {
  describe: (site, through) => `.${site.setting} is assigned a hardcoded key${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context)),
  decide: decideOutsideJavaScript(decideReplacing),
};
