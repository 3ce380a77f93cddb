// SECRET_KEY_FALLBACKS = ["lit", ...]: each element is a key.
import type { FormRules } from './form';
import { adviseInPython, decideOutsideJavaScript, INSERTED_QUOTE } from './python';

export const fallbacksList: FormRules = {
  describe: (site, through) => `${site.setting} holds a hardcoded key${through}`,
  advise: (site, context) =>
    adviseInPython(
      site,
      context,
      () =>
        `Read old keys from the environment: \`npx settings-guard fix\` rewrites it to split ${context.variable} on commas. A leaked key must be rotated out, not kept as a fallback.`,
    ),
  // Old keys beside the key's own variable: DJANGO_SECRET_KEY_FALLBACKS (FLASK_ for Flask 3.1+), or the chosen one's.
  envVar: (site, chosen) => `${chosen ?? `${site.framework === 'flask' ? 'FLASK' : 'DJANGO'}_SECRET_KEY`}_FALLBACKS`,
  decide: decideOutsideJavaScript((site, context) => {
    const name = context.variable;
    if (!site.container) {
      return {
        kind: 'manual',
        steps: `SECRET_KEY_FALLBACKS mixes key literals with other values: remove the literals and read old keys from the environment, e.g. [k for k in os.getenv("${name}", "").split(",") if k].`,
      };
    }
    const quote = INSERTED_QUOTE;
    const read = `[k for k in ${context.os ?? 'os'}.getenv(${quote}${name}${quote}, ${quote}${quote}).split(${quote},${quote}) if k]`;
    return {
      kind: 'edit',
      edits: [{ start: site.container.start.offset, end: site.container.end.offset, text: read }],
      action: `SECRET_KEY_FALLBACKS now reads ${name} (comma-separated; empty when unset)`,
      needsOs: true,
      readsOldKeys: true,
    };
  }),
};
