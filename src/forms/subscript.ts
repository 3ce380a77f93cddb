// app.config["SECRET_KEY"] = "lit", os.environ["SECRET_KEY"] = "lit".
import type { FormRules } from './form';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript, decideReplacing } from './python';

// os.environ, environ, self.environ: a mapping of the process's environment.
const ENVIRON = /(?:^|\.)environ$/;

export const subscript: FormRules = {
  describe: (site, through) => `${site.framework === 'flask' ? '.config' : ''}["${site.setting}"] is assigned a hardcoded key${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseReplacing(site, context)),
  decide: decideOutsideJavaScript((site, context) => {
    // `os.environ["X"] = "lit"` puts the key into the environment; assigning
    // os.getenv() there would raise TypeError when the variable is unset.
    if (site.replaceable && site.subscripted !== undefined && ENVIRON.test(site.subscripted)) {
      const name = context.variable;
      return {
        kind: 'manual',
        steps: `this line writes the key into os.environ: delete it and set ${name} in the environment (or in a .env file that git ignores).`,
      };
    }
    return decideReplacing(site, context);
  }),
};
