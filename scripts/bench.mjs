// `npm run bench`: settings-guard against the physical floor on this machine.
// Builds its inputs deterministically in a temp dir (a seeded generator; the
// keys in them are random strings made here, never real ones), then times each
// pair of commands alternately and prints medians, ratios and peak RSS:
//   working tree  settings-guard scan            vs git grep -c SECRET_KEY
//   hook          settings-guard scan --staged   vs node -e 0
//   pre-push      the pre-push hook install writes (3 commits pushed, 5,000
//                 files, 3,000 commits of history) vs node -e 0
//   history       settings-guard scan --history  vs git log --all -p -G SECRET_KEY
// Usage: node scripts/bench.mjs [--quick] [--runs N] [--files N] [--file-kb N]
//   [--commits N] [--repo PATH]... [--keep] [--dir DIR]
// Every flag has an env twin: BENCH_RUNS, BENCH_FILES, BENCH_FILE_KB,
// BENCH_COMMITS, BENCH_DIR. --quick shrinks everything for a smoke run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function readOptions(argv) {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const valueOf = (flag, env, fallback) => {
    const at = argv.indexOf(flag);
    const text = at >= 0 ? argv[at + 1] : process.env[env];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer, got ${text}`);
    return value;
  };
  const repos = [];
  argv.forEach((arg, i) => {
    if (arg === '--repo' && argv[i + 1]) repos.push(argv[i + 1]);
  });
  const dirAt = argv.indexOf('--dir');
  return {
    quick,
    runs: valueOf('--runs', 'BENCH_RUNS', quick ? 3 : 7),
    files: valueOf('--files', 'BENCH_FILES', quick ? 500 : 5000),
    fileKb: valueOf('--file-kb', 'BENCH_FILE_KB', 12),
    commits: valueOf('--commits', 'BENCH_COMMITS', quick ? 300 : 3000),
    repos,
    keep: argv.includes('--keep') || dirAt >= 0 || process.env.BENCH_DIR !== undefined,
    dir: dirAt >= 0 ? argv[dirAt + 1] : process.env.BENCH_DIR,
  };
}

// mulberry32: small, fast and the same on every machine.
function randomSource(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  return { next, int, pick };
}

const WORDS = ['user', 'order', 'item', 'cache', 'query', 'session', 'token', 'price', 'report', 'account', 'profile', 'invoice', 'stock', 'event', 'payload', 'config', 'record', 'batch', 'ledger', 'note'];
const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

function keyOf(random) {
  let key = '';
  for (let i = 0; i < 50; i++) key += KEY_ALPHABET[random.int(KEY_ALPHABET.length)];
  return key;
}

function nameOf(random) {
  return `${random.pick(WORDS)}_${random.pick(WORDS)}${random.int(100)}`;
}

/** A plausible Python function: calls, strings, comments, a dict literal. */
function pythonBlock(random) {
  const name = nameOf(random);
  const arg = random.pick(WORDS);
  const lines = [`def ${name}(${arg}, *args, **kwargs):`, `    """Return the ${random.pick(WORDS)} for ${arg}, cached per request."""`];
  const count = 3 + random.int(8);
  for (let i = 0; i < count; i++) {
    switch (random.int(6)) {
      case 0: lines.push(`    ${nameOf(random)} = ${arg}.get("${random.pick(WORDS)}", ${random.int(1000)})`); break;
      case 1: lines.push(`    # ${random.pick(WORDS)}s are ${random.pick(WORDS)}-scoped; see the ${random.pick(WORDS)} module`); break;
      case 2: lines.push(`    if ${arg} is None or len(${arg}) > ${random.int(64)}:`, `        raise ValueError(f"bad ${random.pick(WORDS)}: {${arg}!r}")`); break;
      case 3: lines.push(`    result = {"${random.pick(WORDS)}": ${arg}, "count": ${random.int(99)}, 'label': '${random.pick(WORDS)} ${random.pick(WORDS)}'}`); break;
      case 4: lines.push(`    for ${random.pick(WORDS)}_id in range(${random.int(50)}):`, `        logger.debug("%s %s", ${arg}, ${random.int(9)})`); break;
      default: lines.push(`    return ${random.pick(WORDS)}_service.${nameOf(random)}(${arg}, timeout=${random.int(30)})`);
    }
  }
  return lines.join('\n') + '\n\n';
}

/** A line that mentions SECRET_KEY; `hardcoded` makes it a real finding. */
function secretLine(random, hardcoded) {
  if (hardcoded) return `SECRET_KEY = "${keyOf(random)}"\n`;
  return random.pick([
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n',
    'SECRET_KEY = os.getenv("DJANGO_SECRET_KEY")\n',
    'signer = Signer(key=settings.SECRET_KEY)\n',
    '# SECRET_KEY comes from the environment in production\n',
  ]);
}

/** One Python module of about `bytes` bytes; the secret line lands at a random block. */
function pythonFile(random, bytes, secret) {
  const header = 'import logging\nimport os\n\nfrom django.conf import settings\n\nlogger = logging.getLogger(__name__)\n\n';
  const blocks = [];
  let size = header.length;
  while (size < bytes) {
    const block = pythonBlock(random);
    blocks.push(block);
    size += block.length;
  }
  if (secret) blocks.splice(random.int(blocks.length + 1), 0, secret);
  return header + blocks.join('');
}

function git(cwd, args, input) {
  const result = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const GIT_IDENTITY = ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false'];

function initRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
}

/**
 * A tree of `files` Python modules. `every`: each file mentions SECRET_KEY;
 * otherwise one in ten does. About 1 in 50 files holds a hardcoded key.
 */
function makeTree(dir, options, every, seed) {
  initRepo(dir);
  const random = randomSource(seed);
  for (let i = 0; i < options.files; i++) {
    const app = `app${String(i % 100).padStart(2, '0')}`;
    const path = join(dir, 'src', app, `${random.pick(WORDS)}_${i}.py`);
    const mentions = every || i % 10 === 0;
    const hardcoded = i % 50 === 0;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, pythonFile(random, options.fileKb * 1024, mentions ? secretLine(random, hardcoded) : null));
  }
  git(dir, ['add', '-A']);
  git(dir, [...GIT_IDENTITY, 'commit', '-q', '-m', 'generated tree']);
}

/**
 * Ten files staged for the next commit, as in a typical clean commit: edits of
 * nine modules spread over the tree (none holding a key) and a settings module
 * that reads its key from the environment.
 */
function stageChanges(dir, seed) {
  const random = randomSource(seed);
  const tracked = git(dir, ['ls-files', '-z']).split('\0').filter(Boolean);
  const clean = tracked.filter((_, i) => i % Math.max(1, Math.floor(tracked.length / 9)) === 1).filter((path) => !readFileSync(join(dir, path), 'utf8').includes('SECRET_KEY = "'));
  for (const path of clean.slice(0, 9)) writeFileSync(join(dir, path), readFileSync(join(dir, path), 'utf8') + pythonBlock(random));
  mkdirSync(join(dir, 'src', 'project'), { recursive: true });
  writeFileSync(join(dir, 'src', 'project', 'settings.py'), pythonFile(random, 4096, 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'));
  git(dir, ['add', '-A']);
}

/**
 * A history of `commits` commits written with git fast-import: 40 settings
 * modules and 200 other modules, each commit editing one to three of them.
 * Now and then a commit hardcodes a key and a later one reads it from the
 * environment again, so the history holds keys the head does not.
 */
function makeHistory(dir, options, seed) {
  initRepo(dir);
  const random = randomSource(seed);
  const settings = Array.from({ length: 40 }, (_, i) => `services/svc${i}/settings.py`);
  const modules = Array.from({ length: 200 }, (_, i) => `services/svc${i % 40}/${random.pick(WORDS)}_${i}.py`);
  const contents = new Map();
  const settingsBody = (key) => `import os\n\nDEBUG = False\nALLOWED_HOSTS = ["example.com"]\n${key ? `SECRET_KEY = "${key}"\n` : 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'}\n`;
  for (const path of settings) contents.set(path, settingsBody(null) + pythonBlock(random).repeat(1));
  for (const path of modules) contents.set(path, pythonFile(random, 4096, null));
  const chunks = [];
  const when = 1_600_000_000;
  for (let commit = 0; commit < options.commits; commit++) {
    const touched = commit === 0 ? [...settings, ...modules] : Array.from({ length: 1 + random.int(3) }, () => (random.next() < 0.6 ? random.pick(settings) : random.pick(modules)));
    for (const path of commit === 0 ? [] : touched) {
      const before = contents.get(path);
      if (settings.includes(path)) {
        const rest = before.slice(before.indexOf('\n\n', before.indexOf('SECRET_KEY')) + 2);
        const key = random.next() < 0.05 ? keyOf(random) : null;
        contents.set(path, settingsBody(key) + rest + (random.next() < 0.5 ? pythonBlock(random) : ''));
      } else {
        const lines = before.split('\n');
        lines.splice(random.int(lines.length), 0, `# ${random.pick(WORDS)} ${random.pick(WORDS)} ${commit}`);
        contents.set(path, lines.join('\n'));
      }
    }
    const message = `change ${commit}`;
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${when + commit * 60} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
    for (const path of new Set(touched)) {
      const data = contents.get(path);
      chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
    }
  }
  const result = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git fast-import: ${result.stderr}`);
  git(dir, ['reset', '-q', '--hard', 'main']);
  git(dir, ['gc', '-q']);
}

/**
 * A clone about to push: `files` modules and `commits` commits (each editing
 * one to three modules), written with git fast-import, whose remote-tracking
 * ref origin/main stands `pushed` commits behind main. Returns the line git
 * gives the pre-push hook on stdin.
 */
function makePushRepo(dir, options, seed, pushed) {
  initRepo(dir);
  const random = randomSource(seed);
  const paths = Array.from({ length: options.files }, (_, i) => `src/app${String(i % 100).padStart(2, '0')}/${random.pick(WORDS)}_${i}.py`);
  const chunks = [];
  const when = 1_600_000_000;
  const first = paths.map((path, i) => {
    const data = pythonFile(random, 2048, i % 10 === 0 ? secretLine(random, false) : null);
    return `M 100644 inline ${path}\ndata ${Buffer.byteLength(data)}\n${data}\n`;
  });
  chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${when} +0000\ndata 4\ntree\n`, ...first);
  for (let commit = 1; commit < options.commits; commit++) {
    chunks.push(`commit refs/heads/main\ncommitter Bench <bench@example.com> ${when + commit * 60} +0000\ndata 6\nchange\n`);
    for (let touched = 1 + random.int(3); touched > 0; touched--) {
      const data = pythonFile(random, 2048, random.next() < 0.1 ? secretLine(random, false) : null);
      chunks.push(`M 100644 inline ${random.pick(paths)}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
    }
  }
  const result = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: chunks.join(''), maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`git fast-import: ${result.stderr}`);
  git(dir, ['reset', '-q', '--hard', 'main']);
  git(dir, ['update-ref', 'refs/remotes/origin/main', `main~${pushed}`]);
  git(dir, ['gc', '-q']);
  const [local, remote] = git(dir, ['rev-parse', 'main', 'origin/main']).trim().split('\n');
  return `refs/heads/main ${local} refs/heads/main ${remote}\n`;
}

// ---------------------------------------------------------------------------

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One run: wall seconds and peak RSS in MB (null without /usr/bin/time). `input`: its stdin. */
function runOnce(command, cwd, input) {
  const [file, ...args] = command;
  const rssFile = join(tmpdir(), `settings-guard-bench-rss-${process.pid}`);
  const spawnOptions = { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'], input, encoding: 'utf8', maxBuffer: 1 << 28 };
  const started = process.hrtime.bigint();
  const result = TIME ? spawnSync(TIME, ['-f', '%M', '-o', rssFile, file, ...args], spawnOptions) : spawnSync(file, args, spawnOptions);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw result.error;
  // settings-guard exits 1 on findings and git grep exits 1 on no match: only 2+ is a failure.
  if (result.status === null || result.status > 1) {
    throw new Error(`${command.join(' ')} exited with ${result.status ?? result.signal}: ${(result.stderr ?? '').slice(0, 500)}`);
  }
  const rssKb = TIME ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  return { seconds, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : null };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs the pair alternately (after one warm-up each) and returns medians. */
function comparePair(label, ours, floor, cwd, runs, input) {
  runOnce(ours, cwd, input);
  runOnce(floor, cwd);
  const times = { ours: [], floor: [] };
  const rss = { ours: [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const [side, command] of i % 2 ? [['floor', floor], ['ours', ours]] : [['ours', ours], ['floor', floor]]) {
      const run = runOnce(command, cwd, side === 'ours' ? input : undefined);
      times[side].push(run.seconds);
      if (run.rssMb !== null) rss[side].push(run.rssMb);
    }
  }
  const peak = (values) => (values.length ? Math.max(...values) : null);
  const result = { label, ours: median(times.ours), floor: median(times.floor), oursRss: peak(rss.ours), floorRss: peak(rss.floor) };
  process.stderr.write(`  ${label}: ${result.ours.toFixed(3)} s vs ${result.floor.toFixed(3)} s\n`);
  return result;
}

function formatTable(rows) {
  const mb = (value) => (value === null ? 'n/a' : `${Math.round(value)} MB`);
  const lines = [
    '| Scenario | settings-guard | Floor | Floor command | Ratio | Target | Peak RSS (ours / floor) |',
    '|---|---:|---:|---|---:|---|---:|',
  ];
  for (const row of rows) {
    const ratio = row.ours / row.floor;
    const met = row.target === null ? '' : ratio <= row.target ? ' ✓' : ' ✗';
    lines.push(
      `| ${row.label} | ${row.ours.toFixed(3)} s | ${row.floor.toFixed(3)} s | \`${row.floorName}\` | ${ratio.toFixed(2)}x | ${row.target === null ? '-' : `≤ ${row.target}x`}${met} | ${mb(row.oursRss)} / ${mb(row.floorRss)} |`,
    );
  }
  return lines.join('\n');
}

function main() {
  const options = readOptions(process.argv.slice(2));
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run bench` (it builds first)');
  const stamp = JSON.stringify({ files: options.files, fileKb: options.fileKb, commits: options.commits, version: 3 });
  const base = options.dir ?? join(tmpdir(), `settings-guard-bench-${options.files}-${options.fileKb}-${options.commits}`);
  const stampFile = join(base, 'inputs.json');
  const reuse = options.keep && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  const realistic = join(base, 'realistic');
  const everyFile = join(base, 'every-file');
  const history = join(base, 'history');
  const pushing = join(base, 'pushing');
  const pushLine = join(base, 'pre-push-stdin.txt');
  const started = Date.now();
  if (!reuse) {
    process.stderr.write(`generating inputs in ${base} ...\n`);
    rmSync(base, { recursive: true, force: true });
    makeTree(realistic, options, false, 1);
    stageChanges(realistic, 2);
    makeTree(everyFile, options, true, 3);
    makeHistory(history, options, 4);
    writeFileSync(pushLine, makePushRepo(pushing, options, 5, 3));
    writeFileSync(stampFile, stamp);
    process.stderr.write(`  inputs ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }

  const sg = (...args) => [process.execPath, cli, ...args];
  const fileCount = (dir) => Number(git(dir, ['ls-files', '-z']).split('\0').filter(Boolean).length);
  const commitCount = Number(git(history, ['rev-list', '--all', '--count']).trim());
  const treeMb = (Number(spawnSync('du', ['-sk', '--apparent-size', '--exclude=.git', realistic], { encoding: 'utf8' }).stdout.split('\t')[0]) / 1024).toFixed(0);
  const runs = options.runs;
  const rows = [];
  const add = (row, floorName, target) => rows.push({ ...row, floorName, target });

  process.stderr.write('timing (median of alternating runs) ...\n');
  add(comparePair(`working tree, realistic (${fileCount(realistic)} files, ${treeMb} MB, 1 in 10 mention SECRET_KEY)`, sg('scan'), ['git', 'grep', '-c', 'SECRET_KEY'], realistic, runs), 'git grep -c SECRET_KEY', 3);
  add(comparePair(`working tree, every file mentions SECRET_KEY (${fileCount(everyFile)} files)`, sg('scan'), ['git', 'grep', '-c', 'SECRET_KEY'], everyFile, runs), 'git grep -c SECRET_KEY', 6);
  add(comparePair('hook: scan --staged, 10 staged files', sg('scan', '--staged'), [process.execPath, '-e', '0'], realistic, Math.max(runs, 11)), 'node -e 0', 1.5);
  const pushCommits = Number(git(pushing, ['rev-list', '--count', 'main']).trim());
  // Installed by this build on every run, so the hook never calls an older one.
  spawnSync(process.execPath, [cli, 'install'], { cwd: pushing, stdio: 'ignore' });
  add(
    comparePair(
      `pre-push: .git/hooks/pre-push, 3 commits pushed (${fileCount(pushing)} files, ${pushCommits} commits)`,
      // The hook as git runs it: the script install wrote, its shell and its stdin relay included.
      [join(pushing, '.git', 'hooks', 'pre-push'), 'origin', 'https://example.com/app.git'],
      [process.execPath, '-e', '0'],
      pushing,
      Math.max(runs, 11),
      readFileSync(pushLine, 'utf8'),
    ),
    'node -e 0',
    2,
  );
  add(comparePair(`history: ${commitCount} commits`, sg('scan', '--history'), ['git', 'log', '--all', '-p', '-G', 'SECRET_KEY'], history, runs), 'git log --all -p -G SECRET_KEY', 1);
  for (const repo of options.repos) {
    add(comparePair(`${repo}: working tree`, sg('scan'), ['git', 'grep', '-c', 'SECRET_KEY'], repo, runs), 'git grep -c SECRET_KEY', null);
    add(comparePair(`${repo}: history`, sg('scan', '--history'), ['git', 'log', '--all', '-p', '-G', 'SECRET_KEY'], repo, runs), 'git log --all -p -G SECRET_KEY', null);
  }

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const gitVersion = git(base, ['--version']).trim();
  console.log(`Node ${process.version}, ${gitVersion}, ${cpus().length} × ${cpu}; median of ${runs} alternating runs (hook, pre-push: ${Math.max(runs, 11)}), one warm-up each.\n`);
  console.log(formatTable(rows));
  console.log(`\nPeak RSS is the largest of the runs (\`/usr/bin/time -f %M\`). Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (!options.keep) rmSync(base, { recursive: true, force: true });
}

main();
