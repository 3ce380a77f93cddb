// What the Python forms share: the env read `fix` writes, the advice every
// Python site starts from, and the cases `fix` leaves to a person whatever the form.
import type { KeySite } from '../types';
import { actionReplaced, ROTATE, rotateOld, type AdviceContext, type FixContext, type FixDecision, type FormRules } from './form';
import { decideNodeValue } from './javascript';

// New code uses double quotes, as black and Django's own templates (4.0+) do.
// Taking the literal's quote instead would be a one-line change here, but the
// acceptance story greps for os.getenv("DJANGO_SECRET_KEY") while Debian's
// Django 3.2 writes settings.py with single quotes.
export const INSERTED_QUOTE = '"';

/** The env read a fix writes; `os` is the name the module reaches the os module by. */
export function getenvOf(name: string, os = 'os'): string {
  return `${os}.getenv(${INSERTED_QUOTE}${name}${INSERTED_QUOTE})`;
}

/** The env read a person writes by hand, with the import it needs: `import os as _os` where the module's os is something else. */
export function envReadToAdd(context: FixContext): string {
  const os = context.os ?? 'os';
  return `${getenvOf(context.variable, os)} (and \`${os === 'os' ? 'import os' : `import os as ${os}`}\`)`;
}

export function freshKeyIn(variable: string): string {
  return `put a fresh key (\`npx settings-guard generate-key\`) in ${variable} where the app runs`;
}

const manualPartOfValue = (setting: string, context: FixContext): string =>
  `the literal is only part of ${setting}'s value: replace the whole value with ${envReadToAdd(context)}.`;

/**
 * The advice for a site of a Python form: a custom secret, a comment and a
 * literal reached through a variable read alike whatever the form; `own`
 * words the rest.
 */
export function adviseInPython(site: KeySite, context: AdviceContext, own: () => string | undefined): string | undefined {
  const { variable } = context;
  if (site.custom && !site.inComment) return `Read ${site.setting} from the environment (os.getenv("${variable}")) instead of writing it here, ${ROTATE}`;
  if (site.inComment) return 'Delete the comment: a commented-out key is still published. If that key was ever used, rotate it.';
  if (site.via) {
    return `Set ${site.setting} from the environment instead of ${site.via}: ${site.setting} = os.getenv("${variable}"); then ${freshKeyIn(variable)}${rotateOld(context)}.`;
  }
  return own();
}

/** The advice for a site `fix` rewrites to an env read when it is the whole value, else a person does. */
export function adviseReplacing(site: KeySite, context: AdviceContext): string {
  if (site.replaceable) {
    return `Read it from the environment: \`npx settings-guard fix\` rewrites it to os.getenv("${context.variable}"); then ${freshKeyIn(context.variable)}${rotateOld(context)}.`;
  }
  return adviseReplacingByHand(context);
}

export function adviseReplacingByHand(context: AdviceContext): string {
  return `Replace the literal with os.getenv("${context.variable}") by hand; then ${freshKeyIn(context.variable)}${rotateOld(context)}.`;
}

/**
 * `fix`'s decision for a site of a form outside JavaScript: a Node app's
 * setting (in an env or deployment file) as JavaScript's; a literal reached
 * through a variable and a custom secret by hand; `own` decides the rest.
 */
export function decideOutsideJavaScript(own: (site: KeySite, context: FixContext) => FixDecision): FormRules['decide'] {
  return (site, context) => {
    if (site.framework === 'node') return decideNodeValue(site, context);
    if (site.cell !== undefined) {
      return {
        kind: 'manual',
        steps: `${site.cell > 0 ? `cell ${site.cell}` : 'a cell'} of a notebook holds ${site.setting}: replace the literal with ${envReadToAdd(context)} in the cell, clear any output that shows the key, and rotate it.`,
      };
    }
    if (site.via) {
      return {
        kind: 'manual',
        steps: `this literal reaches ${site.setting} through the variable ${site.via}: replace the literal with ${envReadToAdd(context)}, or make ${site.setting} read the environment directly and delete ${site.via}.`,
      };
    }
    // A password or an API key is not a Django key: the Python rewrites and --write-env's generated key do not fit it.
    if (site.custom) {
      return {
        kind: 'manual',
        steps: `${site.setting} is a secret, not a Django key: read it from the environment (os.getenv("${context.variable}")), set it where the app runs, and rotate it.`,
      };
    }
    return own(site, context);
  };
}

/** `SETTING = "lit"` and the other whole-value forms: the literal becomes os.getenv(...). */
export function decideReplacing(site: KeySite, context: FixContext): FixDecision {
  const envName = context.variable;
  const read = getenvOf(envName, context.os);
  if (!site.replaceable) return { kind: 'manual', steps: manualPartOfValue(site.setting, context) };
  return {
    kind: 'edit',
    edits: [{ start: site.literal.range.start.offset, end: site.literal.range.end.offset, text: read }],
    action: actionReplaced(site.setting, read),
    envName,
    needsOs: true,
  };
}
