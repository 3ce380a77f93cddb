// session({ secret: "lit" }), cookieSession({ keys: [...] }), cookieParser("lit"), jwt.sign(p, "lit"), NextAuth({ secret: "lit" }).
import { type FormRules, ROTATE } from './form';
import { decideNodeValue, secretEnvVar } from './javascript';

export const jsSecret: FormRules = {
  describe(site, through) {
    if (site.setting === 'keys') return `a key in ${site.call ? `the keys passed to ${site.call}()` : 'app.keys'} is hardcoded${through}`;
    return site.call ? `the ${site.setting} passed to ${site.call}() is hardcoded${through}` : `the ${site.setting} option is hardcoded${through}`;
  },
  advise: () =>
    `Read it from the environment (e.g. process.env.SESSION_SECRET) and refuse to start when it is missing; put a fresh secret there (\`npx settings-guard generate-key\`), ${ROTATE}`,
  envVar: (site, chosen) => chosen ?? secretEnvVar(site),
  decide: decideNodeValue,
};
