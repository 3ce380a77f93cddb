// Turns the findings of one file into text edits, or into manual steps when an
// edit could change what the program does. Pure: text and findings in, edits out.
import type { Finding, KeySite, SiteForm } from '../types';
import { type Edit, overlaps } from './edits';
import { importOsEdit } from './imports';
import { messages } from './messages';

export interface PlanOptions {
  /** Overrides the variable name that replaced literals read (default DJANGO_/FLASK_SECRET_KEY; for Node, by what the secret feeds). */
  envVar?: string;
}

/** One finding fixed by an edit. */
export interface PlannedFix {
  finding: Finding;
  /** The key site the edit rewrites: the finding's. */
  site: KeySite;
  /** What the edit does, in words, for the report. */
  action: string;
  /** The environment variable the fixed code reads, when known. */
  envName?: string;
}

/** One finding left for the user, with the steps to take. */
export interface ManualStep {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  /** Absent for a finding with no key site (an ignore comment that suppresses nothing). */
  form?: SiteForm;
  /** Why it was not edited and what to do, never containing a key. */
  steps: string;
  /** Only a note: test, docs or example code (nothing leaks from there at run time), or an ignore comment that suppresses nothing. */
  noteOnly: boolean;
  finding: Finding;
}

export interface FilePlan {
  edits: Edit[];
  fixes: PlannedFix[];
  manual: ManualStep[];
}

/** The variable a replaced literal is read from. */
export function envNameFor(site: KeySite, options: PlanOptions): string {
  if (options.envVar) return options.envVar;
  // `SECRET_KEY = os.getenv("SECRET_KEY")` then `if not SECRET_KEY: SECRET_KEY = "..."`: one variable, not two.
  if (site.form === 'assignment' && site.variable) return site.variable;
  return site.framework === 'flask' ? 'FLASK_SECRET_KEY' : 'DJANGO_SECRET_KEY';
}

// Calls whose default can be dropped, leaving a lookup that fails (or returns
// None, which Django and Flask refuse to sign with) when the variable is missing:
// os.environ.get / os.getenv return None; django-environ's env(), env.str() and
// python-decouple's config() raise when there is no default.
const DEFAULT_DROPPABLE = /^(?:(?:os\.)?environ\.get|(?:os\.)?getenv|env(?:\.(?:str|bytes|get_value))?|(?:decouple\.)?config)$/;
const SETDEFAULT = /^(?:os\.)?environ\.setdefault$/;
const ENV_SCHEME = /^(?:environ\.)?Env$/;

// New code uses double quotes, as black and Django's own templates (4.0+) do.
// Taking the literal's quote instead would be a one-line change here, but the
// acceptance story greps for os.getenv("DJANGO_SECRET_KEY") while Debian's
// Django 3.2 writes settings.py with single quotes.
const INSERTED_QUOTE = '"';

type Decision = { kind: 'edit'; edits: Edit[]; action: string; envName?: string; needsOs: boolean } | { kind: 'manual'; steps: string };

export function planFixes(text: string, findings: readonly Finding[], options: PlanOptions = {}): FilePlan {
  const edits: Edit[] = [];
  const fixes: PlannedFix[] = [];
  const manual: ManualStep[] = [];
  let osUsedAt = -1;
  const toManual = (finding: Finding, steps: string, noteOnly = false): void => {
    const form = finding.site?.form;
    manual.push({ file: finding.file, line: finding.line, column: finding.column, ruleId: finding.ruleId, ...(form && { form }), steps, noteOnly, finding });
  };

  for (const finding of findings) {
    const site = finding.site;
    // A finding with no key site is an ignore comment that suppresses nothing: no key to move, a note to tidy up.
    if (!site) {
      toManual(finding, messages.noteUnusedIgnore(), true);
      continue;
    }
    if (site.inComment || finding.context === 'comment') {
      toManual(finding, messages.manualComment());
      continue;
    }
    if (finding.context !== 'code') {
      toManual(finding, messages.noteNotCode(finding.context), true);
      continue;
    }
    const decision = site.framework === 'node' ? decideJavaScript(text, finding.file, site, options) : decide(text, site, options);
    if (decision.kind === 'manual') {
      toManual(finding, decision.steps);
      continue;
    }
    // Several findings can share one edit (the elements of one fallbacks list).
    const fresh = decision.edits.filter((edit) => !edits.some((done) => done.start === edit.start && done.end === edit.end && done.text === edit.text));
    if (fresh.some((edit) => edits.some((done) => overlaps(done, edit)))) {
      toManual(finding, messages.manualOverlap());
      continue;
    }
    edits.push(...fresh);
    if (decision.needsOs) {
      const first = Math.min(...decision.edits.map((edit) => edit.start));
      osUsedAt = osUsedAt < 0 ? first : Math.min(osUsedAt, first);
    }
    fixes.push({ finding, site, action: decision.action, ...(decision.envName ? { envName: decision.envName } : {}) });
  }

  if (osUsedAt >= 0) {
    const importEdit = importOsEdit(text, osUsedAt);
    if (importEdit) edits.push(importEdit);
  }
  return { edits, fixes, manual };
}

function decide(text: string, site: KeySite, options: PlanOptions): Decision {
  const literal = site.literal.range;
  const quote = INSERTED_QUOTE;
  const envName = envNameFor(site, options);
  const getenv = `os.getenv(${quote}${envName}${quote})`;
  if (site.via) return { kind: 'manual', steps: messages.manualVia(site.via, site.setting, getenv) };
  // A password or an API key is not a Django key: the Python rewrites and --write-env's generated key do not fit it.
  if (site.custom) return { kind: 'manual', steps: messages.manualCustomSecret(site.setting) };

  switch (site.form) {
    case 'assignment':
    case 'attribute':
    case 'subscript':
    case 'keyword': {
      if (!site.replaceable) return { kind: 'manual', steps: messages.manualPartOfValue(site.setting, getenv) };
      const before = text.slice(site.statement.start.offset, literal.start.offset);
      // `os.environ["X"] = "lit"` puts the key into the environment; assigning
      // os.getenv() there would raise TypeError when the variable is unset.
      if (site.form === 'subscript' && /\benviron\s*\[/.test(before)) return { kind: 'manual', steps: messages.manualEnvironWrite(envName) };
      return {
        kind: 'edit',
        edits: [{ start: literal.start.offset, end: literal.end.offset, text: getenv }],
        action: messages.actionReplaced(site.setting, getenv),
        envName,
        needsOs: true,
      };
    }
    case 'env-default':
      return decideEnvDefault(text, site);
    case 'or-fallback': {
      if (!site.removal) return { kind: 'manual', steps: messages.manualOrFallback() };
      const name = lookedUpName(text.slice(site.statement.start.offset, site.removal.start.offset));
      return {
        kind: 'edit',
        edits: [{ start: site.removal.start.offset, end: site.removal.end.offset, text: '' }],
        action: messages.actionDroppedFallback(),
        ...(name ? { envName: name } : {}),
        needsOs: false,
      };
    }
    case 'fallbacks-list': {
      if (!site.container) return { kind: 'manual', steps: messages.manualFallbacksMixed(`${envName}_FALLBACKS`) };
      const name = `${envName}_FALLBACKS`;
      const read = `[k for k in os.getenv(${quote}${name}${quote}, ${quote}${quote}).split(${quote},${quote}) if k]`;
      return {
        kind: 'edit',
        edits: [{ start: site.container.start.offset, end: site.container.end.offset, text: read }],
        action: messages.actionFallbacks(name),
        needsOs: true,
      };
    }
    case 'conditional':
      return { kind: 'manual', steps: messages.manualConditional(getenv) };
    case 'dict-entry':
      return { kind: 'manual', steps: messages.manualDictEntry(site.setting, getenv) };
    case 'env-file':
      return { kind: 'manual', steps: messages.manualEnvFile() };
    case 'deploy-env':
    case 'config-file':
    case 'k8s-secret':
      return { kind: 'manual', steps: messages.manualDeployFile(site.setting) };
    case 'js-secret':
    case 'js-env-fallback':
      return { kind: 'manual', steps: messages.manualJavaScript() };
  }
}

/**
 * The variable a Node secret is read from, by what it feeds. NextAuth and
 * Auth.js share NEXTAUTH_SECRET: v4 reads it, v5 still accepts it beside
 * AUTH_SECRET, and the fixed code passes it explicitly anyway.
 */
export function nodeEnvNameFor(site: KeySite, options: PlanOptions): string {
  if (options.envVar) return options.envVar;
  const call = site.call ?? '';
  if (site.setting === 'secretOrPrivateKey' || site.setting === 'secretOrPublicKey') return 'JWT_SECRET';
  if (/cookie-?parser/i.test(call)) return 'COOKIE_SECRET';
  if (site.setting === 'password') return 'SESSION_PASSWORD';
  if (site.setting === 'keys') return 'SESSION_KEYS';
  if (call === '' || (/auth/i.test(call) && !/session/i.test(call))) return 'NEXTAUTH_SECRET';
  return 'SESSION_SECRET';
}

// TypeScript (and // @ts-check) types process.env.X as `string | undefined`.
// cookieParser(secret?) and NextAuth/Auth.js `secret?:` accept that; the
// others (express-session, cookie-session, Koa keys, jsonwebtoken,
// iron-session) need a string, and `!` or `?? ''` would only hide a missing
// variable (or sign with an empty secret), so they stay manual there.
const TYPED_PATH = /\.[cm]?tsx?$/i;
// Auth.js entry points whose config types `secret` as optional.
const AUTHJS_CALL = /(?:^|\.)(?:NextAuth|SvelteKitAuth|ExpressAuth|SolidAuth|QwikAuth)$/;
const TS_CHECK = /\/\/\s*@ts-check\b|\/\*\*?\s*@ts-check\b/;
// Exactly what `removal` spans when the fallback is plain: the operator (or a
// destructuring `=`) and the literal, nothing that parentheses or a cast would leave dangling.
const JS_FALLBACK = /^\s*(?:\|\||\?\?|=)\s*$/;

function decideJavaScript(text: string, file: string, site: KeySite, options: PlanOptions): Decision {
  const typed = TYPED_PATH.test(file) || TS_CHECK.test(text);
  if (site.form === 'js-env-fallback') {
    const removal = site.removal;
    const plain = removal !== undefined && removal.end.offset === site.literal.range.end.offset && JS_FALLBACK.test(text.slice(removal.start.offset, site.literal.range.start.offset));
    if (!removal || !plain) return { kind: 'manual', steps: messages.manualJavaScript() };
    if (typed) return { kind: 'manual', steps: messages.manualJsFallbackTyped(site.setting) };
    return {
      kind: 'edit',
      edits: [{ start: removal.start.offset, end: removal.end.offset, text: '' }],
      action: messages.actionDroppedJsFallback(site.setting),
      envName: site.setting,
      needsOs: false,
    };
  }

  const name = nodeEnvNameFor(site, options);
  const read = `process.env.${name}`;
  const feeds = nodeEnvNameFor(site, {});
  if (site.container) {
    // An array of keys: every element a literal and the array the whole value.
    if (site.setting !== 'keys' && site.setting !== 'secret') return { kind: 'manual', steps: messages.manualJsPart(site.setting, read) };
    const listName = options.envVar ?? (site.setting === 'keys' ? feeds : `${feeds}S`);
    const listRead = `process.env.${listName}`;
    if (typed) return { kind: 'manual', steps: messages.manualJsTyped(site.setting, `${listRead}.split(',')`) };
    const quote = site.literal.quote === '"' ? '"' : "'";
    // filter(Boolean): a variable set to '' gives [], which express-session,
    // cookie-session (Keygrip) and Koa refuse, instead of [''], an empty key.
    return {
      kind: 'edit',
      edits: [{ start: site.container.start.offset, end: site.container.end.offset, text: `${listRead}.split(${quote},${quote}).filter(Boolean)` }],
      action: messages.actionJsList(site.setting, listRead),
      envName: listName,
      needsOs: false,
    };
  }
  if (!site.replaceable) {
    return { kind: 'manual', steps: site.via ? messages.manualJsVia(site.via, site.setting, read) : messages.manualJsPart(site.setting, read) };
  }
  const optional = !site.via && (feeds === 'COOKIE_SECRET' || (feeds === 'NEXTAUTH_SECRET' && (site.call === undefined || AUTHJS_CALL.test(site.call))));
  if (typed && !optional) return { kind: 'manual', steps: messages.manualJsTyped(site.setting, read) };
  return {
    kind: 'edit',
    edits: [{ start: site.literal.range.start.offset, end: site.literal.range.end.offset, text: read }],
    action: messages.actionReplaced(site.via ?? site.setting, read),
    envName: name,
    needsOs: false,
  };
}

function decideEnvDefault(text: string, site: KeySite): Decision {
  const call = site.call ?? '';
  const removal = site.removal ? { start: site.removal.start.offset, end: site.removal.end.offset } : schemeDefault(text, site);
  if (!removal) return { kind: 'manual', steps: messages.manualUnknownDefault(call) };
  const before = text.slice(site.statement.start.offset, removal.start);
  const drop: Edit = { start: removal.start, end: removal.end, text: '' };

  if (DEFAULT_DROPPABLE.test(call)) {
    const name = lookedUpName(before);
    return { kind: 'edit', edits: [drop], action: messages.actionDroppedDefault(call), ...(name ? { envName: name } : {}), needsOs: false };
  }

  if (SETDEFAULT.test(call)) {
    // `X = os.environ.setdefault("K", "lit")`: when K is set, setdefault and
    // get return the same; when it is not, get returns None instead of
    // publishing the key into the environment. A bare setdefault statement
    // only exports the key, so there is nothing to rewrite it to: manual.
    const name = lookedUpName(before);
    let callMatch: RegExpMatchArray | undefined;
    for (const match of before.matchAll(/\b(?:os\s*\.\s*)?environ\s*\.\s*(setdefault)\s*\(/g)) callMatch = match;
    const usedAsValue = callMatch !== undefined && before.slice(0, callMatch.index).trim() !== '';
    if (!callMatch || !usedAsValue) return { kind: 'manual', steps: messages.manualSetdefault(name ?? 'the variable') };
    const callAt = (callMatch.index ?? 0) + callMatch[0].lastIndexOf('setdefault');
    const at = site.statement.start.offset + callAt;
    return {
      kind: 'edit',
      edits: [{ start: at, end: at + 'setdefault'.length, text: 'get' }, drop],
      action: messages.actionSetdefault(),
      ...(name ? { envName: name } : {}),
      needsOs: false,
    };
  }

  if (ENV_SCHEME.test(call)) {
    // django-environ: Env(SECRET_KEY=(str, "lit")). Whether the extractor drops
    // the whole scheme entry or schemeDefault() drops `, "lit"` (leaving the
    // cast `(str)`), env("SECRET_KEY") then raises ImproperlyConfigured when
    // the variable is missing. A trailing comma would leave the 1-tuple
    // `(str,)`, which django-environ reads as a tuple cast, so it goes too.
    const uptoLiteral = text.slice(site.statement.start.offset, site.literal.range.start.offset);
    let name: string | undefined;
    for (const match of uptoLiteral.matchAll(/([A-Za-z_]\w*)\s*=\s*\(\s*[\w.]+\s*,/g)) name = match[1];
    const after = site.removal ? null : /^\s*,(?=\s*\))/.exec(text.slice(removal.end));
    const end = removal.end + (after ? after[0].length : 0);
    return { kind: 'edit', edits: [{ ...drop, end }], action: messages.actionDroppedDefault(call), ...(name ? { envName: name } : {}), needsOs: false };
  }

  return { kind: 'manual', steps: messages.manualUnknownDefault(call) };
}

/** `, "lit"` in django-environ's `Env(NAME=(cast, "lit"))`, when the extractor gives no removal. */
function schemeDefault(text: string, site: KeySite): { start: number; end: number } | undefined {
  if (!ENV_SCHEME.test(site.call ?? '')) return undefined;
  const before = text.slice(site.statement.start.offset, site.literal.range.start.offset);
  const comma = /\(\s*[\w.]+\s*(,\s*)$/.exec(before);
  return comma ? { start: site.literal.range.start.offset - comma[1]!.length, end: site.literal.range.end.offset } : undefined;
}

/** The variable name of the last `call("NAME"` in `before`: what the fixed lookup reads. */
function lookedUpName(before: string): string | undefined {
  let name: string | undefined;
  for (const match of before.matchAll(/\(\s*[rRuU]?(['"])([A-Za-z_][A-Za-z0-9_]*)\1/g)) name = match[2];
  return name;
}

