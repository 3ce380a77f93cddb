// What the JavaScript forms share: how TypeScript types an env read, and the
// rewrite of a Node secret (a session secret, a key list, a JWT key) to one.
import type { KeySite } from '../types';
import { actionReplaced, type FixContext, type FixDecision } from './form';

// TypeScript (and // @ts-check) types process.env.X as `string | undefined`.
// cookieParser(secret?) and NextAuth/Auth.js `secret?:` accept that; the
// others (express-session, cookie-session, Koa keys, jsonwebtoken,
// iron-session) need a string, and `!` or `?? ''` would only hide a missing
// variable (or sign with an empty secret), so they stay manual there.
const TYPED_PATH = /\.[cm]?tsx?$/i;
const TS_CHECK = /\/\/\s*@ts-check\b|\/\*\*?\s*@ts-check\b/;
// Auth.js entry points whose config types `secret` as optional.
const AUTHJS_CALL = /(?:^|\.)(?:NextAuth|SvelteKitAuth|ExpressAuth|SolidAuth|QwikAuth)$/;

export const manualJavaScript = (): string => 'read the secret from process.env (e.g. process.env.SESSION_SECRET) without a literal fallback, and rotate it.';

/** The file is type-checked: an env read there is `string | undefined`. */
export function isTyped(context: FixContext): boolean {
  return TYPED_PATH.test(context.file) || TS_CHECK.test(context.text);
}

const manualJsTyped = (setting: string, read: string): string =>
  `TypeScript: ${setting} needs a string and ${read} may be undefined. Read it once with a check, e.g. const value = ${read}; if (!value) throw new Error('... is not set');, and pass that (a \`!\` or \`?? ''\` would hide a missing variable).`;
const manualJsPart = (setting: string, read: string): string =>
  `the literal is only part of the value of ${setting} (a conditional, a fallback chain or a mixed list): replace the whole value with ${read}.`;

/**
 * The variable a Node secret is read from, by what it feeds. NextAuth and
 * Auth.js share NEXTAUTH_SECRET: v4 reads it, v5 still accepts it beside
 * AUTH_SECRET, and the fixed code passes it explicitly anyway.
 */
export function secretEnvVar(site: KeySite): string {
  const call = site.call ?? '';
  if (site.setting === 'secretOrPrivateKey' || site.setting === 'secretOrPublicKey') return 'JWT_SECRET';
  if (/cookie-?parser/i.test(call)) return 'COOKIE_SECRET';
  if (site.setting === 'password') return 'SESSION_PASSWORD';
  if (site.setting === 'keys') return 'SESSION_KEYS';
  if (call === '' || (/auth/i.test(call) && !/session/i.test(call))) return 'NEXTAUTH_SECRET';
  return 'SESSION_SECRET';
}

/** A Node secret's literal (or list of literals) becomes a read of process.env. */
export function decideNodeValue(site: KeySite, context: FixContext): FixDecision {
  const typed = isTyped(context);
  const name = context.variable;
  const read = `process.env.${name}`;
  const feeds = secretEnvVar(site);
  if (site.container) {
    // An array of keys: every element a literal and the array the whole value.
    if (site.setting !== 'keys' && site.setting !== 'secret') return { kind: 'manual', steps: manualJsPart(site.setting, read) };
    const listName = context.envVar ?? (site.setting === 'keys' ? feeds : `${feeds}S`);
    const listRead = `process.env.${listName}`;
    if (typed) return { kind: 'manual', steps: manualJsTyped(site.setting, `${listRead}.split(',')`) };
    const quote = site.literal.quote === '"' ? '"' : "'";
    // filter(Boolean): a variable set to '' gives [], which express-session,
    // cookie-session (Keygrip) and Koa refuse, instead of [''], an empty key.
    return {
      kind: 'edit',
      edits: [{ start: site.container.start.offset, end: site.container.end.offset, text: `${listRead}.split(${quote},${quote}).filter(Boolean)` }],
      action: `${site.setting} now reads ${listRead} (comma-separated)`,
      envName: listName,
      needsOs: false,
    };
  }
  if (!site.replaceable) {
    const steps = site.via
      ? `this literal reaches ${site.setting} through ${site.via}, which is not a const read only there (or is exported): replace the literal with ${read} where every use can take it, or make ${site.setting} read ${read} directly.`
      : manualJsPart(site.setting, read);
    return { kind: 'manual', steps };
  }
  const optional = !site.via && (feeds === 'COOKIE_SECRET' || (feeds === 'NEXTAUTH_SECRET' && (site.call === undefined || AUTHJS_CALL.test(site.call))));
  if (typed && !optional) return { kind: 'manual', steps: manualJsTyped(site.setting, read) };
  return {
    kind: 'edit',
    edits: [{ start: site.literal.range.start.offset, end: site.literal.range.end.offset, text: read }],
    action: actionReplaced(site.via ?? site.setting, read),
    envName: name,
    needsOs: false,
  };
}
