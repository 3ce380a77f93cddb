// The environment variable a key belongs in, for the advice and for `fix`.
import type { KeySite } from '../types';

/** The variable the advice tells the user to put a fresh key in. */
export function envVarFor(site: KeySite): string {
  if (site.custom) return site.setting.toUpperCase();
  // The code already reads the key from a variable (this lookup's, or another assignment's): it goes there.
  if ((site.form === 'env-default' || site.form === 'or-fallback' || site.form === 'assignment') && site.variable) return site.variable;
  // In an env or deployment file, a Node app's setting is the variable itself.
  if (site.framework === 'node' && (site.form === 'env-file' || site.form === 'deploy-env')) return site.setting;
  if (site.setting === 'SECRET_KEY_FALLBACKS') return 'DJANGO_SECRET_KEY_FALLBACKS';
  if (site.setting.endsWith('SECRET_KEY') && site.setting !== 'SECRET_KEY') return site.setting;
  return site.framework === 'flask' ? 'FLASK_SECRET_KEY' : 'DJANGO_SECRET_KEY';
}

/** The variable a replaced Python literal is read from. */
export function fixEnvVarFor(site: KeySite, chosen: string | undefined): string {
  if (chosen) return chosen;
  // `SECRET_KEY = os.getenv("SECRET_KEY")` then `if not SECRET_KEY: SECRET_KEY = "..."`: one variable, not two.
  if (site.form === 'assignment' && site.variable) return site.variable;
  return site.framework === 'flask' ? 'FLASK_SECRET_KEY' : 'DJANGO_SECRET_KEY';
}

/**
 * The variable a Node secret is read from, by what it feeds. NextAuth and
 * Auth.js share NEXTAUTH_SECRET: v4 reads it, v5 still accepts it beside
 * AUTH_SECRET, and the fixed code passes it explicitly anyway.
 */
export function nodeEnvVarFor(site: KeySite, chosen: string | undefined): string {
  if (chosen) return chosen;
  const call = site.call ?? '';
  if (site.setting === 'secretOrPrivateKey' || site.setting === 'secretOrPublicKey') return 'JWT_SECRET';
  if (/cookie-?parser/i.test(call)) return 'COOKIE_SECRET';
  if (site.setting === 'password') return 'SESSION_PASSWORD';
  if (site.setting === 'keys') return 'SESSION_KEYS';
  if (call === '' || (/auth/i.test(call) && !/session/i.test(call))) return 'NEXTAUTH_SECRET';
  return 'SESSION_SECRET';
}
