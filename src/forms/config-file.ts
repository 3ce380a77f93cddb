// A key in an .ini/.cfg/.toml (or plain YAML) settings file.
import { type FormRules, ROTATE } from './form';
import { decideInDeployFile } from './deployment';

export const configFile: FormRules = {
  mayHoldProse: true,
  describe: (site) => `the ${site.setting} setting is set in a committed settings file`,
  advise: (site) => `Keep ${site.setting} out of committed settings files: read it from the environment (or a secrets file that git ignores), ${ROTATE}`,
  decide: decideInDeployFile,
};
