// What every key shape answers, in one place per shape (src/forms/<form>.ts):
// how a site of it is worded, the advice a finding carries, and what `fix`
// does with it. The engine and the fixer ask through the registry (index.ts).
import type { Edit, FileTracking, KeySite } from '../types';

/** What `fix` does with one site: rewrite it, or leave steps for a person. */
export type FixDecision =
  | {
      kind: 'edit';
      edits: Edit[];
      /** What the edit does, in words, for the report. */
      action: string;
      /** The environment variable the fixed code reads, when known. */
      envName?: string;
      /** The edit calls os.getenv (through FixRequest.os): the file needs `import os`. */
      needsOs: boolean;
      /** The fixed code reads old keys only (SECRET_KEY_FALLBACKS): there is no new key to write for it. */
      readsOldKeys?: boolean;
    }
  | { kind: 'manual'; steps: string };

export interface AdviceContext {
  /** The file's path, as findings give it. */
  path: string;
  /** The file is a Dockerfile (a deploy-env site there is baked into an image). */
  dockerfile: boolean;
  /** The variable the advice tells the user to set (envVarFor). */
  variable: string;
  /** Where the file stands with git, when known. */
  tracking?: FileTracking;
}

export interface FixRequest {
  /** The decoded text of the file being fixed. */
  text: string;
  /** The file's path, as the finding gives it. */
  file: string;
  /** The variable replaced literals read, when the user chose it (`--env-var`). */
  envVar?: string;
  /** The name the fixed code reaches the os module by, when the module's own `os` is something else (`import os as _os`). */
  os?: string;
}

export interface FixContext extends FixRequest {
  /** The variable the fixed code reads (envVarFor, given the user's choice). */
  variable: string;
}

export interface FormRules {
  /** A map keyed by the setting's name: it may hold messages about the setting rather than the setting. */
  mayHoldProse?: boolean;
  /** The site in words, after "commented-out code" is ruled out: "the default of os.environ.get() for SECRET_KEY". */
  describe(site: KeySite, through: string, tracking?: FileTracking): string;
  /** How to fix a finding about the site, in words; never contains a key. */
  advise(site: KeySite, context: AdviceContext): string | undefined;
  /** What `fix` does with a site in code (not in a comment, a test or docs). */
  decide(site: KeySite, context: FixContext): FixDecision;
  /** The variable the key belongs in, when the form decides it (else defaultEnvVar); `chosen` is the user's `--env-var`. */
  envVar?(site: KeySite, chosen: string | undefined): string;
}

/** How advice about a published secret ends. */
export const ROTATE = 'and rotate it: everyone who can read the repository has it.';

/**
 * How advice about a key that may have been published ends: nothing where the
 * key cannot have been (a file staged, untracked, or in no repository), since
 * rotating a key nobody else saw is not the fix.
 */
export function rotateOld(context: AdviceContext): string {
  return context.tracking === undefined || context.tracking === 'committed' ? ', and rotate the old key' : '';
}

/** The action of an edit that makes a setting read the environment. */
export const actionReplaced = (setting: string, read: string): string => `${setting} now reads ${read}`;
