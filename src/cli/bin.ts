import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { removeTempFiles } from '../index';
import { run } from './run';

// A reader that goes away (`settings-guard scan | head`) is not an error worth a
// stack trace: stop writing to it and let the scan's exit code stand.
const closed = { stdout: false, stderr: false };
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed[name] = true;
  });
}

// Ctrl-C or a kill while fix writes a file: its temp file goes too, and the
// exit status says which signal ended the run (128 + its number, as shells do).
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15]] as const) {
  process.once(signal, () => {
    removeTempFiles();
    process.exit(128 + number);
  });
}

/** Read only when a command asks: opening stdin costs the pre-commit hook time it does not need. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** The node and dist/cli.js running now, real paths; this code runs inside dist/main.js, loaded by dist/cli.js beside it. */
function runningExecutable(): { executable?: { node: string; cli: string } } {
  try {
    return { executable: { node: process.execPath, cli: realpathSync(join(__dirname, 'cli.js')) } };
  } catch {
    return {};
  }
}

run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => {
    if (!closed.stdout) process.stdout.write(text);
  },
  stderr: (text) => {
    if (!closed.stderr) process.stderr.write(text);
  },
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  // isatty(0) rather than process.stdin.isTTY: creating the stdin stream costs a hook run milliseconds.
  stdinIsTTY: isatty(0),
  readStdin,
  ...runningExecutable(),
}).then((code) => {
  process.exitCode = code;
});
