// Key sites in Jupyter notebooks (.ipynb, nbformat 4): each code cell's
// `source` (a list of lines, or one string) is read as a Python module, and its
// sites are placed at the line and column of the notebook file where the JSON
// string holds them, so that the code frame, ignore comments and baselines work
// on the file as committed. Outputs are not read. The structure is parsed with
// the `yaml` package (JSON is a subset of YAML; loaded only when a notebook
// passes the byte prefilter), which gives each string's offsets. What does not
// parse as a notebook (a window of one too large to read whole, a damaged one)
// is read a JSON string line at a time, outputs included: a key printed leaks too.
import type { Node, Pair, Scalar } from 'yaml';
import { lineStartsOf, positionAt } from '../text/positions';
import type { KeySite, Position, Range } from '../types';
import { extractKeySitesFromLines } from './key-sites';
import { LogicalLines } from './tokenize';

type YamlModule = typeof import('yaml');

const JSON_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A code cell's text, and for each of its characters where it is written in the notebook. */
interface CellText {
  text: string;
  /** Offset in the notebook of the escape or character that gives text[i]. */
  starts: number[];
  /** Offset in the notebook just after it. */
  ends: number[];
}

export function extractNotebookSites(text: string, extraSettings: readonly string[]): KeySite[] {
  const yaml = require('yaml') as YamlModule;
  let root: unknown;
  try {
    root = yaml.parseDocument(text, { strict: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false }).contents;
  } catch {
    return [];
  }
  const cells = yaml.isMap(root) ? (root.get('cells', true) as unknown) : null;
  const lineStarts = lineStartsOf(text);
  const sitesOf = (cell: number, quotes: readonly number[]): KeySite[] => {
    const cellText = readCellText(text, quotes);
    if (cellText.text.length === 0) return [];
    return extractKeySitesFromLines(new LogicalLines(cellText.text), { extraSettings }).map((site) => placeInNotebook(site, cell, cellText, lineStarts));
  };
  if (!yaml.isSeq(cells)) return [...text.matchAll(STRING_LINE)].flatMap((line) => sitesOf(0, [line.index + line[0].indexOf('"')]));
  return cells.items.flatMap((cell, index) => {
    if (!yaml.isMap(cell) || scalarValue(yaml, fieldOf(yaml, cell.items as Pair[], 'cell_type')) !== 'code') return [];
    const source = fieldOf(yaml, cell.items as Pair[], 'source');
    const pieces = yaml.isSeq(source) ? source.items : [source];
    return sitesOf(index + 1, pieces.flatMap((piece) => (yaml.isScalar(piece) && (piece as Scalar).range ? [(piece as Scalar).range![0]] : [])));
  });
}

// A line that is one JSON string (an element of a `source` or `text` list).
const STRING_LINE = /^[ \t]*"(?:[^"\\\r\n]|\\.)*"[ \t]*,?[ \t]*$/gm;

function fieldOf(yaml: YamlModule, items: readonly Pair[], name: string): Node | null {
  const pair = items.find((item) => scalarValue(yaml, item.key as Node) === name);
  return (pair?.value as Node | undefined) ?? null;
}

function scalarValue(yaml: YamlModule, node: Node | null | undefined): unknown {
  return node && yaml.isScalar(node) ? node.value : undefined;
}

/** The cell's source decoded from the JSON strings opening at `quotes`, each character mapped back to the notebook. */
function readCellText(text: string, quotes: readonly number[]): CellText {
  const cell: CellText = { text: '', starts: [], ends: [] };
  for (const quote of quotes) {
    if (text[quote] !== '"') continue;
    let at = quote + 1;
    while (at < text.length && text[at] !== '"') {
      let char = text[at]!;
      let width = 1;
      if (char === '\\') {
        const escaped = text[at + 1] ?? '';
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
          char = String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          width = 6;
        } else {
          char = JSON_ESCAPES[escaped] ?? escaped;
          width = 2;
        }
      }
      cell.text += char;
      cell.starts.push(at);
      cell.ends.push(at + width);
      at += width;
    }
  }
  return cell;
}

/** The site with its positions moved from the cell's text to the notebook's, and nothing `fix` could rewrite in place. */
function placeInNotebook(site: KeySite, cell: number, cellText: CellText, lineStarts: readonly number[]): KeySite {
  const at = (position: Position, edge: 'start' | 'end'): Position => {
    const offset = position.offset;
    const last = cellText.starts.length - 1;
    const fileOffset = edge === 'start' || offset === 0 ? cellText.starts[Math.min(offset, last)]! : cellText.ends[Math.min(offset - 1, last)]!;
    return positionAt(lineStarts, fileOffset);
  };
  const move = (range: Range): Range => ({ start: at(range.start, 'start'), end: at(range.end, 'end') });
  // The JSON escapes a rewrite would need are not the Python's: edits and their ranges stay behind.
  const { removal: _removal, container: _container, castDefault: _castDefault, callee: _callee, comments: _comments, lineHead: _lineHead, ...kept } = site;
  return { ...kept, literal: { ...site.literal, range: move(site.literal.range) }, statement: move(site.statement), replaceable: false, cell };
}
