// settings.configure(SECRET_KEY="lit"), app.config.update(SECRET_KEY="lit").
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, decideReplacing } from './python';

export const keyword: FormRules = {
  describe: (site, through) => `${site.setting}= passed to ${site.call ? `${site.call}()` : 'a call'} is hardcoded${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context)),
  decide: decideOutsideJavaScript(decideReplacing),
};
