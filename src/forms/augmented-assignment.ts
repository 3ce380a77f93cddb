// SECRET_KEY = "" then SECRET_KEY += "lit": the added literal is the whole key.
import { rotateOld, type FormRules } from './form';
import { adviseInPython, decideOutsideJavaScript, freshKeyIn, envReadToAdd } from './python';

export const augmentedAssignment: FormRules = {
  describe: (site, through) => `${site.setting} is hardcoded, added to an empty string with +=${through}`,
  advise: (site, context) =>
    adviseInPython(
      site,
      context,
      () =>
        `Replace \`${site.setting} = ""\` and the \`+=\` that adds the key with one ${site.setting} = os.getenv("${context.variable}") by hand; then ${freshKeyIn(context.variable)}${rotateOld(context)}.`,
    ),
  // Not rewritten: the value is built over two statements (or more), and code
  // between them may read the empty value. Replacing the added literal alone
  // would leave `"" + os.getenv(...)`, and a fix that deletes one statement and
  // rewrites another could change what that code sees.
  decide: decideOutsideJavaScript((site, context) => ({
    kind: 'manual',
    steps: `${site.setting} is built over several statements (\`${site.setting} = ""\`, then \`+=\`): replace them with one ${site.setting} = ${envReadToAdd(context)}.`,
  })),
};
