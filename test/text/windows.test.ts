import { searchLargeFile, type LargeFileFindings } from '../../src/text/windows';
import { looksBinary, wideTextDecoderFor } from '../../src/text/encoding';

/** Feeds `text` to a search in chunks of `chunkSize` bytes. */
function search(text: string | Buffer, chunkSize: number, needles = ['SECRET_KEY']): LargeFileFindings {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const running = searchLargeFile(needles);
  for (let at = 0; at < bytes.length; at += chunkSize) running.push(bytes.subarray(at, at + chunkSize));
  return running.finish();
}

/** The line (1-based) of the first needle in each window, as the window reports it. */
function mentionLines(found: LargeFileFindings, needle = 'SECRET_KEY'): number[] {
  return found.windows.flatMap((window) => {
    const lines = window.content.toString('utf8').split('\n');
    return lines.flatMap((line, i) => (line.includes(needle) ? [window.firstLine + i] : []));
  });
}

const padding = (lines: number): string => '# padding\n'.repeat(lines);

describe('searchLargeFile', () => {
  it.each([[1], [7], [4096], [1 << 20]])('finds mentions split between chunks of %i bytes, at the lines of the whole file', (chunkSize) => {
    const text = `${padding(5000)}SECRET_KEY = 'a'\n${padding(20000)}SECRET_KEY = 'b'\n${padding(10)}`;
    const found = search(text, chunkSize);
    expect(found.mentions).toBe(2);
    expect(mentionLines(found)).toEqual([5001, 25002]);
    expect(found.mentionsLeftOut).toBe(0);
  });

  it('keeps whole lines around a mention and merges mentions close together', () => {
    const found = search(`${padding(3000)}SECRET_KEY = (\n    'a'\n)\nOTHER_SECRET_KEY = 'b'\n${padding(3000)}`, 1000);
    expect(found.windows).toHaveLength(1);
    const [window] = found.windows;
    expect(window!.content.toString('utf8')).toMatch(/^# padding\n[\s\S]*SECRET_KEY = \(\n {4}'a'\n\)\nOTHER_SECRET_KEY = 'b'\n[\s\S]*# padding\n$/);
  });

  it('keeps no window for a file that mentions no needle', () => {
    expect(search(padding(100000), 65536)).toEqual({ windows: [], binary: false, mentions: 0, mentionsLeftOut: 0 });
  });

  it('holds a bounded amount however many mentions there are, and counts the ones it left out', () => {
    const found = search(`SECRET_KEY = 'x'\n`.repeat(1_000_000), 1 << 20);
    const kept = found.windows.reduce((total, window) => total + window.content.length, 0);
    expect(kept).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(found.mentions).toBe(1_000_000);
    expect(found.mentionsLeftOut).toBeGreaterThan(0);
  });

  it('transcodes UTF-16 as it streams, and tells binary from text by the first bytes', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${padding(9000)}SECRET_KEY=a\n`, 'utf16le')]);
    expect(mentionLines(search(utf16, 333))).toEqual([9001]);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(`SECRET_KEY\n`.repeat(1000))]);
    expect(search(png, 4096).binary).toBe(true);
  });
});

describe('text bytes', () => {
  it('reads a NUL in text as text, and PNG or UTF-16 without a mark as binary', () => {
    expect(looksBinary(Buffer.from('# \0 note\nSECRET_KEY=abc\n'))).toBe(false);
    expect(looksBinary(Buffer.from('89504e470d0a1a0a0000000d4948445200000010', 'hex'))).toBe(true);
    expect(looksBinary(Buffer.from('SECRET_KEY=abc\n', 'utf16le'))).toBe(true);
  });

  it('forgives a character cut at the end of the probe', () => {
    const text = Buffer.concat([Buffer.from('\0'), Buffer.from('é'.repeat(5000))]);
    expect(looksBinary(text)).toBe(false);
  });

  it('decodes a surrogate pair split between chunks', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a😀b', 'utf16le')]);
    const decoder = wideTextDecoderFor(bytes)!;
    const parts = [bytes.subarray(0, 5), bytes.subarray(5, 7), bytes.subarray(7)].map((part) => decoder.decode(part));
    expect(Buffer.concat([...parts, decoder.end()]).toString('utf8')).toBe('a😀b');
    expect(wideTextDecoderFor(Buffer.from('SECRET_KEY'))).toBeNull();
  });
});
