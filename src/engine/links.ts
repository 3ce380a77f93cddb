// A project's links: the names its Python modules read secret settings from.
// `SECRET_KEY = env("DD_SECRET_KEY")` makes DD_SECRET_KEY a key in every env
// and deployment file of the project; `from ._keys import K as SECRET_KEY`
// makes K a key in _keys.py. Learned once per scan, before those files are
// judged, from the Python files that mention a secret setting.
import { posix } from 'node:path';
import { FALLBACKS_SETTING, SECRET_SETTINGS, extractSettingReads, type SettingRead } from '../python/key-sites';
import type { KeyLink, SourceFile } from '../types';
import { type FileKind, keyNeedles } from './classify';
import { NODE_SECRET_VARIABLES } from '../envfile/key-sites';
import { decodeSource } from '../text/decode';
import { mayLinkLine } from '../python/link-lines';

const NO_NAMES: ReadonlyMap<string, KeyLink> = new Map();
// Names that are keys wherever they are set: a link adds nothing to them.
const KNOWN_NAMES = new Set([...SECRET_SETTINGS, FALLBACKS_SETTING, ...NODE_SECRET_VARIABLES]);

export interface ProjectLinks {
  /** The names that are keys in a file of this kind at this path, each with why. */
  namesFor(path: string, kind: FileKind): ReadonlyMap<string, KeyLink>;
  /** The Python modules that define a name a secret setting imports (every path an import could mean). */
  readonly modules: ReadonlySet<string>;
}

export const NO_LINKS: ProjectLinks = { namesFor: () => NO_NAMES, modules: new Set() };

/** The links of a project whose modules that can read a setting from a name (mayTeachNames, or its line test) are `files`. */
export function learnLinks(files: Iterable<SourceFile>, extraSettings: readonly string[]): ProjectLinks {
  const links = new LinkLearner(extraSettings);
  for (const file of files) {
    links.learn(file.path, extractSettingReads(decodeSource(file.content).text, { extraSettings }));
  }
  return links.links();
}

/** The names a file is searched and read for: the configured extra settings, then its linked names. */
export function withLinkedNames(extraSettings: readonly string[], linked: ReadonlyMap<string, KeyLink> | undefined): readonly string[] {
  if (!linked || linked.size === 0) return extraSettings;
  return [...extraSettings, ...[...linked.keys()].filter((name) => !extraSettings.includes(name))];
}

/** Links from the reads of modules, as they come (analysis finds them on the way: extractKeySitesFromLines' `reads`). */
export class LinkLearner {
  private readonly envNames = new Map<string, KeyLink>();
  private readonly moduleNames = new Map<string, Map<string, KeyLink>>();
  private readonly known: ReadonlySet<string>;
  private readonly custom: ReadonlySet<string>;

  constructor(extraSettings: readonly string[]) {
    this.known = new Set([...KNOWN_NAMES, ...extraSettings]);
    this.custom = new Set(extraSettings.filter((name) => !KNOWN_NAMES.has(name)));
  }

  /** The reads of the module at `path` (a copy, `settings.py.bak`, holds what a module read once: it teaches nothing). */
  learn(path: string, reads: readonly SettingRead[]): void {
    if (!/\.pyw?$/.test(path)) return;
    for (const read of reads) {
      const link: KeyLink = { setting: read.setting, file: path, framework: read.framework, ...(this.custom.has(read.setting) && { custom: true }) };
      const name = read.kind === 'env' ? read.variable : read.name;
      // A name findings will quote: never one that could itself be a key pasted in the wrong place.
      if (this.known.has(name) || looksLikeKey(name)) continue;
      if (read.kind === 'env') {
        keep(this.envNames, name, link);
        continue;
      }
      for (const target of modulePaths(path, read.module)) {
        const names = this.moduleNames.get(target) ?? new Map<string, KeyLink>();
        this.moduleNames.set(target, names);
        keep(names, read.name, link);
      }
    }
  }

  links(): ProjectLinks {
    const { envNames, moduleNames } = this;
    if (envNames.size === 0 && moduleNames.size === 0) return NO_LINKS;
    return {
      namesFor: (path, kind) => (kind === 'python' ? (moduleNames.get(path) ?? NO_NAMES) : kind === 'javascript' ? NO_NAMES : envNames),
      modules: new Set(moduleNames.keys()),
    };
  }
}

/** Long, or long and of mixed case and digits, as generated keys are and variable names are not. */
function looksLikeKey(name: string): boolean {
  return name.length > 64 || (name.length >= 20 && /[a-z]/.test(name) && /[A-Z]/.test(name) && /\d/.test(name));
}

/** The first link by path, then setting, whatever order the modules came in. */
function keep(names: Map<string, KeyLink>, name: string, link: KeyLink): void {
  const held = names.get(name);
  if (!held || link.file < held.file || (link.file === held.file && link.setting < held.setting)) names.set(name, link);
}

// A module-level assignment (`K = ...`, `A, K = ...`, `K: str = ...`) of a value with a string in it, or one that goes on on the next line.
const ASSIGNS_NAME = /^([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)[ \t]*(?::[^=\n]*)?[+]?=(?!=)[^\n]*?(?:["']|[([{\\][ \t]*(?:#[^\n]*)?\r?$)/gm;

/**
 * Whether a module can hold a key under a name another module imports as a
 * secret setting: only a module-level assignment of a string to a name that is
 * not a key's own (those are read in any case) puts one there. Before the
 * project's links are learned from the index, a staged module is asked this.
 */
export function mayDefineLinkedName(content: Buffer): boolean {
  for (const match of content.toString('latin1').matchAll(ASSIGNS_NAME)) {
    if (match[1]!.split(',').some((name) => !KNOWN_NAMES.has(name.trim()))) return true;
  }
  return false;
}

/**
 * Whether a module (one that mentions a secret setting: mightHoldKey) can read
 * a secret setting from a name: a line of it that mentions one is not a plain
 * read of a known name (see mayLinkLine).
 */
export function mayTeachNames(file: SourceFile, extraSettings: readonly string[]): boolean {
  // Copies (settings.py.bak) are read as the module, but hold what it read once.
  return /\.pyw?$/.test(file.path) && mayLinkLines(linesMentioning(file.content, keyNeedles('python', extraSettings)), extraSettings);
}

/** Whether one of these lines of a module (those that mention a secret setting) can read a setting from a name. */
export function mayLinkLines(lines: readonly string[], extraSettings: readonly string[]): boolean {
  return lines.some((line) => mayLinkLine(line, extraSettings));
}

/** The lines of `content` that hold one of `needles` (ASCII), each once, decoded alone: the rest of the file is never copied. */
function linesMentioning(content: Buffer, needles: readonly string[]): string[] {
  const lines = new Map<number, number>();
  for (const needle of needles) {
    // Each line is bounded once per needle, however often it mentions the needle: a long line is not read again per mention.
    for (let at = content.indexOf(needle), lineEnd = -1; at >= 0; at = content.indexOf(needle, Math.max(at + needle.length, lineEnd))) {
      if (at < lineEnd) continue;
      // Walked out to the line's ends: a search for the rarer \r would read to the file's end at every mention.
      let start = at;
      while (start > 0 && content[start - 1] !== 0x0a && content[start - 1] !== 0x0d) start--;
      lineEnd = at;
      while (lineEnd < content.length && content[lineEnd] !== 0x0a && content[lineEnd] !== 0x0d) lineEnd++;
      lines.set(start, lineEnd);
    }
  }
  return [...lines].map(([start, end]) => content.toString('latin1', start, end));
}

/**
 * The files an import in `from` can mean: a relative one (`.keys`, `..conf.keys`)
 * from the importing module's package; an absolute one (`config.keys`) from
 * any folder above it, as the project's source root may be any of them.
 */
function modulePaths(from: string, module: string): string[] {
  const dots = /^\.*/.exec(module)![0].length;
  const parts = module.slice(dots).split('.').filter((part) => part !== '');
  const asFiles = (base: string) =>
    parts.length === 0 ? [posix.join(base, '__init__.py')] : [`${posix.join(base, ...parts)}.py`, posix.join(base, ...parts, '__init__.py')];
  let directory = posix.dirname(from);
  if (dots > 0) {
    for (let up = 1; up < dots; up++) directory = posix.dirname(directory);
    return asFiles(directory);
  }
  const paths: string[] = [];
  for (;;) {
    paths.push(...asFiles(directory));
    if (directory === '.' || directory === '/' || posix.basename(directory) === '..') return paths;
    directory = posix.dirname(directory);
  }
}
