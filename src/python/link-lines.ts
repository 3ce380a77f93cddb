// A line-level test run before a module is parsed for the names its secret
// settings are read from (extractSettingReads): whether a line that mentions
// a secret setting can make such a read. It answers "no" only for lines it
// fully understands, such as `SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]`
// or a use like `Signer(key=settings.SECRET_KEY)`; a statement continued on
// other lines, a name, an import or an unknown variable makes it "maybe".
import { SECRET_SETTINGS } from './key-sites';

// What a lookup of a name already known to be a key may be written with.
const LOOKUP_WORDS = new Set(['os', 'environ', 'get', 'getenv', 'setdefault', 'env', 'str', 'bytes', 'config', 'None', 'True', 'False']);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// A string literal (its prefix, if any, and a body without the quote or a backslash), a name, a number, or one other character.
const TOKEN = /([rRbBuU]{0,2})(["'])((?:(?!\2)[^\\\n])*)\2|[A-Za-z_][A-Za-z0-9_]*|\d[\d_.]*|\s+|./g;

/** Whether `line` (one line of a Python module) may read a secret setting from a name: see the header. */
export function mayLinkLine(line: string, settings: readonly string[]): boolean {
  // A setting's name must be followed by one of these (or the line be an import, or go on): most mentions are uses.
  if (!/[=:,]|import|\\\s*$/.test(line)) return false;
  const names = new Set([...SECRET_SETTINGS, ...settings]);
  const tokens = [...line.matchAll(TOKEN)].map((match) => match[0]).filter((token) => token.trim() !== '');
  if (tokens.includes('import') || line.trimEnd().endsWith('\\')) return true;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token === '#') return false;
    const name = unquoted(token) ?? token;
    if (!isSetting(name, names)) continue;
    // A setting's name is assigned to (`=`), a key (`:`), or an argument before its value (`,`), or a
    // subscript assigned to (`app.config["SECRET_KEY"] =`): what follows is its value.
    const subscripted = tokens[index + 1] === ']' && tokens[index + 2] === '=';
    const next = subscripted ? '=' : tokens[index + 1];
    if (next !== '=' && next !== ':' && next !== ',') continue;
    if (!isPlainLookup(tokens.slice(index + (subscripted ? 3 : 2)), names)) return true;
  }
  return false;
}

function isSetting(name: string, names: ReadonlySet<string>): boolean {
  return names.has(name) || name === 'secret_key' || name.startsWith('SECRET_KEY');
}

/** The body of a plain string token, or null for anything else (an f-string is not plain). */
function unquoted(token: string): string | null {
  const match = /^([rRbBuU]{0,2})(["'])(.*)\2$/s.exec(token);
  return match ? match[3]! : null;
}

/** A value made of lookups of names already known to be keys, and literals no one reads a key from. */
function isPlainLookup(tokens: readonly string[], names: ReadonlySet<string>): boolean {
  let depth = 0;
  let count = 0;
  for (const token of tokens) {
    if (token === '#') break;
    count++;
    const body = unquoted(token);
    if (body !== null) {
      // A variable is known to be a key only by its exact name: SECRET_KEY_PROD is not.
      if (ENV_NAME.test(body) && !names.has(body)) return false;
    } else if (/^[A-Za-z_]/.test(token)) {
      if (!LOOKUP_WORDS.has(token) && !isSetting(token, names)) return false;
    } else if (token === '(' || token === '[') depth++;
    else if (token === ')' || token === ']') depth--;
    else if (!/^(?:\d[\d_.]*|[.,:=])$/.test(token)) return false;
  }
  return count > 0 && depth <= 0;
}
