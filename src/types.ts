// The data that flows through settings-guard, in the order it flows:
// SourceFile -> Token -> KeySite -> Finding -> ScanResult.
//
// Units, stated once for the whole code base:
// - lines and columns are 1-based; a column counts UTF-16 code units of the
//   decoded text (as editors and SARIF's default `utf16CodeUnits` do);
// - offsets are 0-based indexes into the decoded text; ranges are half-open;
// - a line break is \n, \r\n or a lone \r (Python's universal newlines), so a
//   CRLF counts once, as CPython's `ast` counts it;
// - paths are relative to the scan root (or the repository root for git
//   sources) and always use '/'.

export type Severity = 'error' | 'warning' | 'note';

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One file to analyse, whatever it was read from. */
export interface SourceFile {
  path: string;
  content: Buffer;
  /** Set by the history source: the commit that introduced this content at this path. */
  commit?: CommitInfo;
  /** Git blob id, when the content came from git. */
  blob?: string;
  /**
   * Set when `content` is a window of a file too large to analyse whole: the
   * file's line the window starts on. Findings report the file's own lines.
   */
  firstLine?: number;
  /** With firstLine: the column (1-based) of that line the window starts at, when it starts mid-line. */
  firstColumn?: number;
  /** Where the file stands with git, when the source knows: what a finding may say about it (committed or not). */
  tracking?: FileTracking;
}

/**
 * A file's standing with git: in a commit (history, or tracked in the working
 * tree), staged for the next commit, untracked but not ignored (the next
 * `git add .` would commit it), or in no repository at all.
 */
export type FileTracking = 'committed' | 'staged' | 'untracked' | 'outside-git';

export interface CommitInfo {
  sha: string;
  /** ISO 8601 author date. */
  date: string;
  author?: string;
}

export type TokenKind =
  | 'name'
  | 'number'
  | 'string'
  | 'op'
  | 'newline' // ends a logical line
  | 'nl' // a line break inside brackets or on a blank/comment-only line
  | 'comment'
  | 'indent'
  | 'dedent'
  | 'error' // a character or construct the tokenizer could not read; it goes on after it
  | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  start: Position;
  end: Position;
}

/** How a literal reaches the secret setting. Rules and the fixer both key on it. */
export type SiteForm =
  | 'assignment' // SECRET_KEY = "lit" (also annotated, chained, tuple-unpacked, class bodies)
  | 'augmented-assignment' // SECRET_KEY += "lit" after SECRET_KEY = ""
  | 'attribute' // app.secret_key = "lit", settings.SECRET_KEY = "lit"
  | 'subscript' // app.config["SECRET_KEY"] = "lit", os.environ["SECRET_KEY"] = "lit"
  | 'keyword' // settings.configure(SECRET_KEY="lit"), app.config.update(SECRET_KEY="lit")
  | 'dict-entry' // {"SECRET_KEY": "lit"}
  | 'env-default' // os.environ.get("SECRET_KEY", "lit"), env(..., default="lit"), Env(SECRET_KEY=(str, "lit"))
  | 'or-fallback' // os.environ.get("SECRET_KEY") or "lit"
  | 'conditional' // "lit" if DEBUG else os.environ["SECRET_KEY"]
  | 'fallbacks-list' // SECRET_KEY_FALLBACKS = ["lit", ...]
  | 'env-file' // SECRET_KEY=lit in a committed .env file
  | 'deploy-env' // an environment entry of a deployment file: docker-compose, Kubernetes env/ConfigMap, CI env, Procfile, app.json, fly.toml [env]
  | 'config-file' // a key in an .ini/.cfg/.toml (or plain YAML) settings file
  | 'k8s-secret' // data/stringData of a committed Kubernetes Secret manifest
  | 'js-secret' // session({ secret }), cookieSession({ keys }), cookieParser(lit), jwt.sign(p, lit), NextAuth({ secret })
  | 'js-env-fallback'; // process.env.SESSION_SECRET || 'lit' (also ??, and destructuring defaults)

export type Framework = 'django' | 'flask' | 'node';

/** A decoded string (or bytes) literal, possibly several implicitly concatenated tokens. */
export interface Literal {
  range: Range;
  /** The decoded value; for bytes, decoded as UTF-8 with replacement when `notUtf8`. */
  value: string;
  isBytes: boolean;
  /** A bytes literal that is not valid UTF-8: Django fails on such a key. */
  notUtf8: boolean;
  /** Quote character of the first token (' or "), for fixes that keep the file's style. */
  quote: string;
}

/** A place where a literal becomes, or may become, a secret key. */
export interface KeySite {
  form: SiteForm;
  framework: Framework;
  /** The setting the literal feeds: SECRET_KEY, SECRET_KEY_FALLBACKS, secret_key, DJANGO_SECRET_KEY... */
  setting: string;
  /** The setting's name as the file spells it, when Python reads it as `setting` only after NFKC (`ＳＥＣＲＥＴ_ＫＥＹ`); messages show this one. */
  writtenAs?: string;
  literal: Literal;
  /**
   * The literal is the whole value of the setting, so replacing it with an env read is a safe fix.
   * JavaScript only: with `via` set, the literal is the whole init of a `const` read nowhere but as the whole value of sinks.
   */
  replaceable: boolean;
  /**
   * Text to delete to drop this default or fallback: `, "lit"`, `, default="lit"`, ` or "lit"`,
   * ` || 'lit'`. In JavaScript, absent when deleting it would leave parentheses, a cast or a comment dangling.
   */
  removal?: Range;
  /** For fallbacks-list and JavaScript key arrays: the whole list display, when every element is a literal (and, for JavaScript, the list is the whole value). */
  container?: Range;
  /** Dotted name of the call the literal sits in, e.g. `os.environ.get`, `override_settings`. */
  call?: string;
  /**
   * For a lookup's default or `or` fallback: the environment variable the lookup
   * reads (`os.environ.get("SECRET_KEY")`; NAME in django-environ's
   * `Env(NAME=(cast, default))`); for an assignment, the one another assignment
   * of the setting reads (`SECRET_KEY = os.getenv("X")`); in env and deployment
   * files, the one a `${X:-default}` reads. The fix and the advice put the key there.
   */
  variable?: string;
  /**
   * For a subscript site: the dotted name of what is subscripted (`app.config`,
   * `os.environ`), when that is a name or an attribute chain.
   */
  subscripted?: string;
  /**
   * For django-environ's `Env(NAME=(cast, "lit"))`: the text that drops the
   * default and keeps the cast, from the end of the cast to the end of the
   * tuple (`, "lit"`, with its trailing comma if written).
   */
  castDefault?: Range;
  /** For a lookup's default: the callee of the lookup call (`os.environ.setdefault` in `os.environ.setdefault("K", "lit")`). */
  callee?: Range;
  /** Set when the literal reaches the setting through a variable: `_KEY = "lit"` ... `SECRET_KEY = _KEY`. */
  via?: string;
  /** The site is inside a comment (commented-out code). */
  inComment: boolean;
  /**
   * The setting is a configured extra name (EMAIL_HOST_PASSWORD, JWT_SECRET_KEY...):
   * a secret, but not a Django key, so its strength is not judged. Set by the engine.
   */
  custom?: boolean;
  /** The whole statement that holds the literal. */
  statement: Range;
  /**
   * Python: the comments inside `statement`, when it has any (a key split over
   * lines with a comment between the pieces). A fix that replaces text holding
   * one keeps it, on its own line above the statement's logical line.
   */
  comments?: Range[];
  /** Python: the first token of the logical line that holds `statement`; its column - 1 is the line's indentation. */
  lineHead?: Position;
  /**
   * Jupyter: the cell (1-based, among all the notebook's cells) the site is in, 0 when
   * the notebook could not be parsed. Its ranges are the notebook's (inside a JSON
   * string), so `fix` leaves it to a person.
   */
  cell?: number;
  /**
   * Set in a test runner's configuration (tox `setenv`, pytest-env): a weak or
   * placeholder value there is a dummy for the tests, as in CI configuration.
   */
  testConfig?: boolean;
  /**
   * Python, outside comments: the class whose body holds the statement and the
   * literal (`class TestingConfig(Config): SECRET_KEY = "…"`), also through
   * `if`/`try` blocks in that body, never through a `def`.
   */
  enclosingClass?: EnclosingClass;
  /** The setting is a name the project's settings read a secret setting from (ProjectLinks). Set by the engine. */
  link?: KeyLink;
}

/** A class that holds a key site, and what the rest of its module does with it. */
export interface EnclosingClass {
  name: string;
  /** The class body's own `TESTING = True` or `False` (the last such statement at the body's level), when it has one. */
  testing?: boolean;
  /** Every mention of the class by name elsewhere in the module (outside its own body), in source order. */
  uses: ClassUse[];
}

/**
 * One mention of a class in its module:
 * - `base`: `class Sub(Name):`, with the subclass's name and its own `TESTING` flag;
 * - `entry`: the value under a literal key of a dict display (`{"testing": Name}`)
 *   or a keyword argument (`dict(testing=Name)`), with that key;
 * - `guarded`: any other mention by name inside `if` blocks or as a branch of a
 *   conditional expression (`Name if app.testing else Other`): their conditions, innermost first;
 * - `other`: anything else (`app.config.from_object(Name)`, `def create_app(config=Name)`, a string naming it).
 */
export type ClassUse =
  | { as: 'base'; of: string; ofTesting?: boolean }
  | { as: 'entry'; key: string }
  | { as: 'guarded'; when: Condition[] }
  | { as: 'other' };

/**
 * When a branch runs, in words: the names, attributes and string values its
 * condition reads (`app.testing` reads `app`, `testing`); `negated` when it runs
 * when the condition is false (an `else` branch of a conditional expression),
 * or the condition holds `not`, `!=` or `False`; `either` when the condition
 * holds `or` (`DEBUG or TESTING`), so one part of it is enough.
 */
export interface Condition {
  reads: string[];
  negated: boolean;
  either: boolean;
}

/**
 * Why a name is a key in a project: `file` (a Python module, by the scan's
 * paths) reads `setting` from it, an environment variable, or a name it
 * imports from another module.
 */
export interface KeyLink {
  setting: string;
  file: string;
  framework: Framework;
  /** The setting is a configured extra name: the linked one is a secret, not a Django key. */
  custom?: true;
}

/** What is wrong with a key's value, judged as Django's security.W009 does. */
export type ValueClass =
  | 'insecure' // starts with django-insecure-
  | 'not-utf8'
  | 'template' // {{ secret_key }}, ${SECRET_KEY}, <your-key>: filled in later, not a key
  | 'weak' // shorter than 50 or fewer than 5 distinct characters
  | 'strong'; // a real-looking key

export type SiteContext = 'code' | 'test' | 'docs' | 'example' | 'comment';

export interface MaskedSecret {
  /** A few leading characters and the length; safe to print anywhere. */
  masked: string;
  length: number;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  secret: MaskedSecret;
  /** Stable across edits elsewhere in the file: rule, path and a salted hash of the value. */
  fingerprint: string;
  /** Source lines around the site, every long string literal on them masked. */
  snippet: SnippetLine[];
  /** How to fix it, in words and rewritten code; never contains a key. */
  suggestion?: string;
  context: SiteContext;
  /**
   * The key site the finding is about. Absent for findings a filter reports
   * about something else, such as an ignore comment that suppresses nothing.
   */
  site?: KeySite;
  commit?: CommitInfo;
  /** History scans: whether the key is still in the code at HEAD, at this path or another. */
  presentAtHead?: boolean;
  /**
   * Staged scans: where the key already was before this commit, when it was:
   * in HEAD, or on a remote-tracking branch (pushed, so published). Absent: the
   * commit would add it.
   */
  priorCommit?: PriorCommit;
  /** The rewrite `fix` would make, when asked for (SARIF `fixes`); never contains a key. */
  fix?: SuggestedFix;
}

export type PriorCommit = { where: 'head' } | { where: 'pushed'; ref: string };

/** Replace decoded text [start, end) with `text`. Offsets are 0-based into the decoded text. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** One finding's rewrite: replacements in the scanned text, each an env read, a name or nothing. */
export interface SuggestedFix {
  description: string;
  edits: { range: Range; text: string }[];
}

export interface SnippetLine {
  line: number;
  text: string;
  /**
   * On the site's first line: the 1-based column in `text` (masked, so not the
   * finding's column once a longer literal before it was masked) where the site starts.
   */
  caret?: number;
}

/**
 * The raw value of a finding's secret. Kept off Finding so that a reporter can
 * only print it by asking for it explicitly (`--show-secrets`).
 */
export type SecretLookup = (finding: Finding) => string;

/** `unsupported-type` and `excluded` are given only for files named on the command line. */
export type SkipReason = 'binary' | 'too-large' | 'unreadable' | 'not-a-file' | 'conflicted' | 'missing-object' | 'unsupported-type' | 'excluded';

export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail?: string;
  /**
   * Not analysed (in full), yet of a kind and content that could hold a key:
   * unreadable, a missing blob, mentions of a secret name left outside every
   * window of a large file. The scan is then incomplete.
   */
  couldHoldKey?: boolean;
}

export interface ScanStats {
  filesScanned: number;
  filesSkipped: number;
  commitsScanned?: number;
  blobsScanned?: number;
  /** Set when no file was scanned: how many files of a kind settings-guard reads the include/exclude globs left out. */
  filesLeftOut?: number;
  elapsedMs: number;
}

export interface ScanResult {
  mode: 'directory' | 'staged' | 'history';
  root: string;
  findings: Finding[];
  skipped: SkippedFile[];
  stats: ScanStats;
  /** Fail closed: a history scan that could not read everything says so. */
  incomplete: boolean;
  incompleteReasons: string[];
  /** Raw secrets by fingerprint+location; only reporters given --show-secrets read it. */
  secretOf: SecretLookup;
  /** Set when a baseline filtered the findings. */
  baseline?: BaselineSummary;
}

export interface BaselineSummary {
  /** Findings the baseline knew, left out of `findings`. */
  suppressed: number;
  /**
   * Baseline entries recorded from what the scan read (the working tree, or the
   * history) that matched nothing there: regenerating the baseline updates them.
   */
  stale: number;
  /** Those entries' rule and file (the hash says nothing to a person), in baseline order. */
  staleEntries: { ruleId: string; file: string }[];
  /**
   * Some of them come from a baseline written before entries said where they
   * were seen: stale for every full scan that misses them, so regenerating
   * keeps one whose key the other source (git history, say) still holds.
   */
  staleFromOldBaseline: boolean;
}
