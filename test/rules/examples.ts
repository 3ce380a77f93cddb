// The examples in the rule docs, and the files they are analysed as: the rule
// tests run them one by one, the report schema test writes them all into one repository.

export interface Example {
  language: string;
  code: string;
}

/** The first fenced code block under a `## Heading`. */
export function exampleUnder(docs: string, heading: string): Example {
  const section = docs.split(/^## /m).find((part) => part.startsWith(heading.replace('## ', '')));
  const block = section && /```(\w+)\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`no code block under ${heading}`);
  return { language: block[1]!, code: block[2]! };
}

/** The file an example is analysed as, by the language of its code block. */
const EXAMPLE_PATHS: Record<string, string> = {
  dotenv: '.env',
  yaml: 'deploy/docker-compose.yml',
  toml: 'fly.toml',
  ini: 'settings.ini',
  javascript: 'app.js',
  typescript: 'auth.ts',
};

export function examplePath(example: Example): string {
  return EXAMPLE_PATHS[example.language] ?? 'settings.py';
}
