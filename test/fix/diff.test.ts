import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unifiedDiff } from '../../src/fix/diff';
import { maskLiterals } from '../../src/text/mask';
import { applyEdits } from '../../src/fix/edits';
import { git, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

const lines = (count: number): string => Array.from({ length: count }, (_, index) => `line${index + 1} = ${index + 1}\n`).join('');

describe('unifiedDiff', () => {
  it('is a patch git applies, with separate and merged hunks and a file without a final newline', () => {
    const text = lines(30) + 'last = 0';
    const at = (line: number): number => text.indexOf(`line${line} =`);
    const edits = [
      { start: at(2), end: at(2), text: 'import os\n' },
      { start: at(5), end: at(6), text: '' },
      { start: at(8) + 8, end: at(8) + 9, text: 'eight' },
      { start: at(25), end: at(25) + 6, text: 'renamed' },
      { start: text.length - 1, end: text.length, text: '1' },
    ];
    const diff = unifiedDiff('f.py', text, edits);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('\\ No newline at end of file');
    const dir = tempDir();
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'f.py'), text);
    writeFileSync(join(dir, 'fix.diff'), diff);
    git(dir, 'apply', 'fix.diff');
    expect(readFileSync(join(dir, 'f.py'), 'utf8')).toBe(applyEdits(text, edits));
  });

  it('is empty when the edits change nothing', () => {
    expect(unifiedDiff('f.py', 'a = 1\n', [{ start: 0, end: 1, text: 'a' }])).toBe('');
  });
});

describe('maskLiterals', () => {
  it('keeps prefix, quotes, length and line breaks, and shows at most four characters', () => {
    const text = 'K = rb"abcdefghijklmnopqrstuvwxyz"\nT = """abcdefgh\nijklmnop"""\n';
    const first = { start: 4, end: text.indexOf('\n') };
    const second = { start: text.indexOf('"""'), end: text.length - 1 };
    const masked = maskLiterals(text, [first, second]);
    expect(masked).toBe('K = rb"abc***********************"\nT = """ab******\n********"""\n');
    expect(masked).toHaveLength(text.length);
  });
});
