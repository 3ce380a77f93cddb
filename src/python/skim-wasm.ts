// LogicalLines' pass compiled to WebAssembly (src/python/skim.as.ts, built
// into generated/skim.wasm and bundled as bytes), for texts that are all ASCII.
import wasm from '../../generated/skim.wasm';

interface SkimExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  skim(textAt: number, length: number, startsAt: number, spellsAt: number): number;
  lineStarts(textAt: number, length: number, outAt: number): number;
  openDouble: WebAssembly.Global;
  openSingle: WebAssembly.Global;
}

export interface Skimmed {
  starts: Int32Array;
  spellsNames: Uint8Array;
  openDouble: number;
  openSingle: number;
}

/** skimAscii's answer: also where each physical line starts, as lineStartsOf. */
export interface SkimmedAscii extends Skimmed {
  lineStarts: Int32Array;
}

const PAGE = 65536;
const encoder = new TextEncoder();
let compiled: SkimExports | null = null;

/**
 * LogicalLines' lines of `text`, or null when the text is not all ASCII (the
 * TypeScript pass reads those). A pure function: the module's memory is only
 * a scratch area, free again when it returns.
 */
export function skimAscii(text: string): SkimmedAscii | null {
  const skim = (compiled ??= new WebAssembly.Instance(new WebAssembly.Module(wasm)).exports as unknown as SkimExports);
  const length = text.length;
  const textAt = align(skim.heapBase(), 16);
  const startsAt = align(textAt + length + 4, 4);
  const spellsAt = startsAt + 4 * (length + 2);
  const end = spellsAt + length + 2;
  if (end > skim.memory.buffer.byteLength) {
    try {
      skim.memory.grow(Math.ceil((end - skim.memory.buffer.byteLength) / PAGE));
    } catch {
      // Past what the module's memory can grow to (six bytes per character of text): the TypeScript pass reads it.
      return null;
    }
  }
  const memory = skim.memory.buffer;
  const bytes = new Uint8Array(memory, textAt, length + 4);
  // A character outside ASCII takes two bytes or more in UTF-8, so the text would not fit.
  const { read, written } = encoder.encodeInto(text, bytes.subarray(0, length));
  if (read !== length || written !== length) return null;
  bytes.fill(0, length);
  const count = skim.skim(textAt, length, startsAt, spellsAt);
  const starts = new Int32Array(memory, startsAt, count + 1).slice();
  const spellsNames = new Uint8Array(memory, spellsAt, count).slice();
  // The line starts go where the logical ones were: one per byte at most, plus the first.
  const lineCount = skim.lineStarts(textAt, length, startsAt);
  return {
    starts,
    spellsNames,
    openDouble: skim.openDouble.value as number,
    openSingle: skim.openSingle.value as number,
    lineStarts: new Int32Array(memory, startsAt, lineCount).slice(),
  };
}

function align(offset: number, to: number): number {
  return Math.ceil(offset / to) * to;
}
