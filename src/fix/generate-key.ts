import { KEY_ALPHABET, MIN_KEY_LENGTH } from '../django/key-rules';
import { UserError } from '../errors';
import { messages } from './messages';
import { crypto } from '../crypto';

/**
 * A fresh secret key, made as Django makes one. crypto.randomInt draws by
 * rejection sampling, so every symbol is equally likely (no modulo bias).
 */
export function generateKey(length: number = MIN_KEY_LENGTH): string {
  if (!Number.isInteger(length) || length < MIN_KEY_LENGTH) throw new UserError(messages.keyTooShort(length));
  let key = '';
  for (let i = 0; i < length; i++) key += KEY_ALPHABET[crypto().randomInt(KEY_ALPHABET.length)];
  return key;
}

/** `DJANGO_SECRET_KEY='...'`: single quotes keep `$`, `#` and `&` literal for sh, docker compose and python-dotenv. */
export function envLine(name: string, key: string): string {
  return `${name}='${key}'`;
}
