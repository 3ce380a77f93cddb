import type { CliIO } from './io';

/** Only scans that take longer than this show a progress line. */
const QUIET_MS = 1000;

/**
 * A status line on stderr, rewritten in place, for long scans on a terminal;
 * nothing at all otherwise (logs stay clean).
 */
export function createProgress(io: CliIO, now: () => number = Date.now) {
  const start = now();
  let shown = false;
  return {
    update(status: string): void {
      if (!io.stderrIsTTY || now() - start < QUIET_MS) return;
      const clean = status.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 100);
      io.stderr(`\r\u001b[K${clean}`);
      shown = true;
    },
    done(): void {
      if (shown) io.stderr('\r\u001b[K');
      shown = false;
    },
  };
}
