// os.environ.get("SECRET_KEY", "lit"), env(..., default="lit"), Env(SECRET_KEY=(str, "lit")).
import type { Edit, KeySite } from '../types';
import type { FixContext, FixDecision, FormRules } from './form';
import { adviseDroppingDefault, lookupEnvVar } from './lookups';
import { adviseInPython, adviseReplacing, decideOutsideJavaScript } from './python';

// Calls whose default can be dropped, leaving a lookup that fails (or returns
// None, which Django and Flask refuse to sign with) when the variable is missing:
// os.environ.get / os.getenv return None; django-environ's env(), env.str() and
// python-decouple's config() raise when there is no default.
const DEFAULT_DROPPABLE = /^(?:(?:os\.)?environ\.get|(?:os\.)?getenv|env(?:\.(?:str|bytes|get_value))?|(?:decouple\.)?config)$/;
const SETDEFAULT = /^(?:os\.)?environ\.setdefault$/;
const ENV_SCHEME = /^(?:environ\.)?Env$/;

const actionDroppedDefault = (call: string): string =>
  `removed the literal default of ${call || 'the lookup'}: a missing variable now fails instead of using a published key`;
const manualUnknownDefault = (call: string): string =>
  `the literal is a default of ${call ? `${call}(...)` : 'a lookup'}: remove the default so that a missing variable fails loudly instead of using a published key.`;

export const envDefault: FormRules = {
  describe: (site, through) => `the default of ${site.call ? `${site.call}()` : 'a call'} for ${site.setting} is a hardcoded key${through}`,
  advise: (site, context) => adviseInPython(site, context, () => adviseDroppingDefault(site, context) ?? adviseReplacing(site, context)),
  envVar: lookupEnvVar,
  decide: decideOutsideJavaScript(decideDroppingDefault),
};

function decideDroppingDefault(site: KeySite, { variable }: FixContext): FixDecision {
  const call = site.call ?? '';
  const removal = site.removal ?? (ENV_SCHEME.test(call) ? site.castDefault : undefined);
  if (!removal) return { kind: 'manual', steps: manualUnknownDefault(call) };
  const drop: Edit = { start: removal.start.offset, end: removal.end.offset, text: '' };
  const name = site.variable ? variable : undefined;

  if (DEFAULT_DROPPABLE.test(call)) {
    return { kind: 'edit', edits: [drop], action: actionDroppedDefault(call), ...(name ? { envName: name } : {}), needsOs: false };
  }

  if (SETDEFAULT.test(call)) {
    // `X = os.environ.setdefault("K", "lit")`: when K is set, setdefault and
    // get return the same; when it is not, get returns None instead of
    // publishing the key into the environment. A bare setdefault statement
    // only exports the key, so there is nothing to rewrite it to: manual.
    const callee = site.callee;
    // Something comes before the call in its statement: `X = ...`, `f(...)`.
    const usedAsValue = callee !== undefined && callee.start.offset > site.statement.start.offset;
    if (!callee || !usedAsValue) {
      const variable = name ?? 'the variable';
      return {
        kind: 'manual',
        steps: `os.environ.setdefault(...) fills ${variable} with a published key whenever the variable is missing: delete this line and set ${variable} in the environment (or in a .env file that git ignores).`,
      };
    }
    return {
      kind: 'edit',
      edits: [{ start: callee.end.offset - 'setdefault'.length, end: callee.end.offset, text: 'get' }, drop],
      action: 'os.environ.setdefault(..., literal) became os.environ.get(...): a missing variable is no longer filled with a published key',
      ...(name ? { envName: name } : {}),
      needsOs: false,
    };
  }

  if (ENV_SCHEME.test(call)) {
    // django-environ: Env(SECRET_KEY=(str, "lit")). Whether the extractor drops
    // the whole scheme entry or only the default (leaving the cast `(str)`),
    // env("SECRET_KEY") then raises ImproperlyConfigured when the variable is
    // missing. A trailing comma would leave the 1-tuple `(str,)`, which django-environ
    // reads as a tuple cast: castDefault takes it too.
    return { kind: 'edit', edits: [drop], action: actionDroppedDefault(call), ...(name ? { envName: name } : {}), needsOs: false };
  }

  return { kind: 'manual', steps: manualUnknownDefault(call) };
}
