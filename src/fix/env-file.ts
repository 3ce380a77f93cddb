// `fix --write-env`: a NEW key into a local env file that git ignores.
import { promises as fs } from 'node:fs';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Edit } from '../types';
import { UserError } from '../errors';
import { envLine } from './generate-key';
import { findWorkTreeRoot, isIgnored, isTracked } from '../sources/git';
import { importOsEdit, lineEndingOf } from './imports';
import { messages } from './messages';
import { writeNew } from './write';

export interface EnvTarget {
  /** Absolute path of the env file. */
  path: string;
  /** As the user should see it: relative to the working directory. */
  display: string;
  /** Repository top level, or null outside git. */
  root: string | null;
}

export interface EnvEntry {
  name: string;
  key: string;
  /**
   * The keys this run took out of the code for `name`. An existing value is
   * replaced only when it is one of them (the published key) or empty, or with
   * `force`; any other value is the user's own, kept and said so.
   */
  removedKeys: readonly string[];
  force?: boolean;
}

export interface EnvWriteResult {
  lines: string[];
  written: string[];
  created: boolean;
}

/** Where the env file goes; refuses a tracked file, or one it cannot write back faithfully, before anything else is changed. */
export async function resolveEnvTarget(cwd: string, file: string | true): Promise<EnvTarget> {
  const root = await findWorkTreeRoot(cwd);
  const path = file === true ? join(root ?? cwd, '.env') : isAbsolute(file) ? file : resolve(cwd, file);
  const display = toSlash(relative(cwd, path)) || path;
  const stat = await fs.lstat(path).catch(() => null);
  if (stat && !stat.isFile()) throw new UserError(messages.envNotAFile(display));
  if (root && (await isTracked(root, path))) throw new UserError(messages.envTracked(display));
  if (stat) {
    const encoding = wideEncodingOf(await fs.readFile(path));
    if (encoding) throw new UserError(messages.envEncoding(display, encoding));
  }
  return { path, display, root };
}

// UTF-16 and UTF-32 by their byte order marks (UTF-32LE's starts like UTF-16LE's, so it comes first).
const WIDE_BOMS: [string, number[]][] = [
  ['UTF-32LE', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32BE', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16LE', [0xff, 0xfe]],
  ['UTF-16BE', [0xfe, 0xff]],
];

/**
 * The encoding of a file `fix` would have to transcode to edit, or null. Every
 * other byte sequence is edited as it is: the lines looked for and written are
 * ASCII, so reading the bytes one character each (latin1) and writing them
 * back the same way keeps every byte outside those lines, whatever its encoding.
 */
function wideEncodingOf(bytes: Buffer): string | null {
  for (const [name, bom] of WIDE_BOMS) if (bom.every((byte, i) => bytes[i] === byte)) return name;
  return null;
}

/** Sets each entry's line, keeping every other byte of the file. */
export async function writeEnvFile(target: EnvTarget, entries: readonly EnvEntry[], dryRun: boolean, loader: EnvLoader | null = null): Promise<EnvWriteResult> {
  const existingBytes = await fs.readFile(target.path).catch(() => null);
  const existing = existingBytes?.toString('latin1') ?? null;
  const lines: string[] = [];
  let text = existing ?? '';
  const eol = existing ? lineEndingOf(existing) : '\n';
  const written: string[] = [];
  for (const entry of entries) {
    const assignments = findAssignments(text, entry.name);
    // python-dotenv lets the last assignment win: that is the value the app reads.
    const current = assignments[assignments.length - 1];
    if (current && !entry.force) {
      const value = current.value;
      const removed = entry.removedKeys.some((key) => Buffer.from(key, 'utf8').toString('latin1') === value);
      if (removed) lines.push(messages.envHeldRemovedKey(target.display, entry.name));
      else if (value !== '') {
        lines.push(entry.removedKeys.length > 0 ? messages.envKeptUsersValue(target.display, entry.name) : messages.envKept(target.display, entry.name));
        continue;
      }
    }
    const line = envLine(entry.name, entry.key);
    if (assignments.length > 0) {
      // The first assignment becomes the new key; later ones (which python-dotenv would let win) go, with their line ends.
      for (const [index, assignment] of [...assignments.entries()].reverse()) {
        text = index === 0 ? text.slice(0, assignment.start) + line + text.slice(assignment.end) : text.slice(0, assignment.start) + text.slice(assignment.endWithBreak);
      }
    } else {
      if (text.length > 0 && !/[\r\n]$/.test(text)) text += eol;
      text += line + eol;
    }
    written.push(entry.name);
  }
  if (written.length === 0) return { lines, written, created: false };
  if (dryRun) {
    lines.push(messages.envWouldWrite(target.display, written));
    return { lines, written, created: existing === null };
  }
  const stat = await fs.stat(target.path).catch(() => null);
  const mode = stat ? stat.mode & 0o7777 : 0o600;
  await writeNew(target.path, Buffer.from(text, 'latin1'), mode);
  lines.push(messages.envWritten(target.display, written, existing === null));
  if (mode & 0o077) lines.push(messages.envLoose(target.display, (mode & 0o777).toString(8)));
  lines.push(...(await ignoreEnvFile(target)));
  lines.push(loader ? messages.envLoadedBy(loader, target.display) : messages.envLoadHint(target.display));
  return { lines, written, created: existing === null };
}

/** A library the settings already use that reads a .env file into the environment. */
export type EnvLoader = 'python-dotenv' | 'django-environ' | 'python-decouple' | 'pydantic-settings';

const LOADERS: [EnvLoader, RegExp][] = [
  ['python-dotenv', /\bload_dotenv\s*\(/],
  ['django-environ', /\bread_env\s*\(/],
  ['python-decouple', /^\s*(?:from\s+decouple\s+import\b|import\s+decouple\b)/m],
  ['pydantic-settings', /\benv_file\s*=/],
];

/** The loader the settings' source texts call, if any: then the app reads the .env fix writes with no more to do. */
export function envLoaderOf(sources: readonly string[]): EnvLoader | null {
  for (const [loader, pattern] of LOADERS) if (sources.some((source) => pattern.test(source))) return loader;
  return null;
}

const DOTENV_IMPORT = /^from[ \t]+dotenv[ \t]+import[ \t]+([^\r\n#(\\]*)(\r\n|\r|\n)/m;

/**
 * The line that makes settings which import python-dotenv's load_dotenv, but
 * never call it, read the .env fix writes: `load_dotenv()` right after that
 * import. Only where it finds that very file: load_dotenv() looks for `.env`
 * from the settings' directory upwards and takes the first it meets.
 */
export function loadDotenvEdit(text: string, settingsPath: string, envPath: string): Edit | null {
  if (/\bload_dotenv\s*\(/.test(text) || basename(envPath) !== '.env') return null;
  const imported = DOTENV_IMPORT.exec(text);
  if (!imported || !/\bload_dotenv\b/.test(imported[1]!)) return null;
  const envDirectory = dirname(envPath);
  for (let directory = dirname(settingsPath); directory !== envDirectory; directory = dirname(directory)) {
    if (directory === dirname(directory) || existsSync(join(directory, '.env'))) return null;
  }
  const at = imported.index + imported[0].length;
  return { start: at, end: at, text: `load_dotenv()${imported[2]}` };
}

const ENVIRON_IMPORT = /^import[ \t]+environ[ \t]*(\r\n|\r|\n)/m;

/**
 * The lines that make settings which import django-environ, but never call
 * read_env, read the .env fix writes: `environ.Env.read_env(<that file>)` right
 * after `import environ`, with `import os` (or the module's own name for it,
 * `osName`) where the module does not import it before. env() reads only the
 * process environment otherwise.
 */
export function readEnvEdits(text: string, settingsPath: string, envPath: string, osName: string): Edit[] {
  if (/\bread_env\s*\(/.test(text)) return [];
  const imported = ENVIRON_IMPORT.exec(text);
  if (!imported) return [];
  const relativePath = toSlash(relative(dirname(settingsPath), envPath));
  const at = imported.index + imported[0].length;
  const read = `environ.Env.read_env(${osName}.path.join(${osName}.path.dirname(${osName}.path.abspath(__file__)), ${JSON.stringify(relativePath)}))`;
  const importOs = importOsEdit(text, at, osName);
  return [...(importOs ? [importOs] : []), { start: at, end: at, text: `${read}${imported[1]}` }];
}

interface Assignment {
  /** The value as python-dotenv reads it (quotes and escapes undone, an unquoted value's comment dropped), as latin1 text. */
  value: string;
  /** Where the line starts. */
  start: number;
  /** Where the value ends: before the line break that ends the assignment. */
  end: number;
  /** After that line break. */
  endWithBreak: number;
}

/**
 * Every assignment of `name` in an env file, read as python-dotenv reads one:
 * `NAME=` or `export NAME=`, spaces allowed around the `=`, and a quoted value
 * that may run over several lines (a backslash escapes the next character in
 * double quotes), then the rest of its last line (a comment).
 */
function findAssignments(text: string, name: string): Assignment[] {
  const found: Assignment[] = [];
  const head = new RegExp(`^[ \\t]*(?:export[ \\t]+)?${name}[ \\t]*=[ \\t]*`, 'gm');
  for (let match = head.exec(text); match; match = head.exec(text)) {
    const valueStart = match.index + match[0].length;
    let at = valueStart;
    let value: string | null = null;
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      let close = at + 1;
      while (close < text.length && text[close] !== quote) close += quote === '"' && text[close] === '\\' ? 2 : 1;
      // An unclosed quote: python-dotenv reads the line as it is, and so does this.
      if (close < text.length) {
        const inner = text.slice(at + 1, close);
        value = quote === '"' ? unescapeDoubleQuoted(inner) : inner;
        at = close + 1;
      }
    }
    const lineEnd = /\r\n|\r|\n/g;
    lineEnd.lastIndex = at;
    const linebreak = lineEnd.exec(text);
    const end = linebreak ? linebreak.index : text.length;
    value ??= text.slice(valueStart, end).replace(/\s+#.*$/, '').trim();
    found.push({ value, start: match.index, end, endWithBreak: linebreak ? linebreak.index + linebreak[0].length : text.length });
    head.lastIndex = Math.max(end, head.lastIndex);
  }
  return found;
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', "'": "'" };

/** A double-quoted value's escapes, as python-dotenv decodes them. */
function unescapeDoubleQuoted(inner: string): string {
  return inner.replace(/\\(.)/gs, (whole, char: string) => DOUBLE_QUOTED_ESCAPES[char] ?? whole);
}

/** Adds the env file to the repository's .gitignore when git would not ignore it. */
async function ignoreEnvFile(target: EnvTarget): Promise<string[]> {
  if (!target.root) return [messages.gitignoreNoGit(target.display)];
  const ignored = await isIgnored(target.root, target.path);
  if (ignored !== false) return ignored === null ? [messages.gitignoreNoGit(target.display)] : [];
  const fromRoot = relative(target.root, target.path);
  if (fromRoot.startsWith('..')) return [messages.gitignoreNoGit(target.display)];
  // Anchored to the root, and with glob characters escaped (gitignore(5)).
  const entry = '/' + toSlash(fromRoot).replace(/([*?[\\!# ])/g, '\\$1');
  const gitignore = join(target.root, '.gitignore');
  const current = await fs.readFile(gitignore, 'utf8').catch(() => '');
  const eol = current ? lineEndingOf(current) : '\n';
  const separator = current.length > 0 && !/[\r\n]$/.test(current) ? eol : '';
  await fs.appendFile(gitignore, `${separator}${entry}${eol}`);
  return [messages.gitignoreAdded(entry)];
}

function toSlash(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
