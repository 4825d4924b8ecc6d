import type { RawPage } from './read-pdf-text.js';

/** One printed line of a page, in top-down coordinates. */
export interface PdfLine {
  text: string;
  left: number;
  right: number;
  /** Baseline distance from the top of the page. */
  top: number;
  /** Font size (height of the text). */
  size: number;
  /** The line's runs of text split at gaps wider than a column gap: table cells, when a table has them. */
  cells: PdfCell[];
  /** A table row, written `| cell | cell |`: never joined to the lines around it. */
  table?: boolean;
}

export interface PdfCell {
  text: string;
  left: number;
  right: number;
}

/** Between table cells stand padding and rules, at least this many font sizes; inside a text line, a space at most. */
const CELL_GAP = 1.5;

export interface PdfPageLines {
  index: number;
  width: number;
  height: number;
  lines: PdfLine[];
}

/**
 * Groups a page's text items into lines: items whose baselines lie within half a font size of
 * each other, read left to right. A gap wider than a third of the font size between two items is
 * a space (pdf writers often place words separately instead of writing the space).
 */
export function pageLines(page: RawPage): PdfPageLines {
  const pieces = page.items.map((item) => {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
    return { str: item.str, left: e, right: e + item.width, top: page.height - f, size };
  });
  pieces.sort((p, q) => p.top - q.top || p.left - q.left);
  const rows: Array<typeof pieces> = [];
  for (const piece of pieces) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.top - piece.top) <= Math.min(row[0]!.size, piece.size) / 2) row.push(piece);
    else rows.push([piece]);
  }
  const lines = rows.map((row) => {
    row.sort((p, q) => p.left - q.left);
    let text = '';
    let right = -Infinity;
    let space = false;
    const cells: PdfCell[] = [];
    for (const piece of row) {
      // A space item the producer wrote separates words; it has no place in a cell's extent.
      if (piece.str === ' ') {
        space = text !== '';
        continue;
      }
      const gap = piece.left - right;
      if (text && (space || gap > piece.size / 3)) text += ' ';
      text += piece.str;
      const cell = cells.at(-1);
      if (cell && gap <= CELL_GAP * piece.size) {
        cell.text += space || gap > piece.size / 3 ? ` ${piece.str}` : piece.str;
        cell.right = Math.max(cell.right, piece.right);
      } else cells.push({ text: piece.str, left: piece.left, right: piece.right });
      right = Math.max(right, piece.right);
      space = false;
    }
    for (const cell of cells) cell.text = cell.text.replace(/\s+/g, ' ').trim();
    const printed = row.filter((p) => p.str !== ' ');
    return {
      text: text.replace(/\s+/g, ' ').trim(),
      left: printed[0]?.left ?? 0,
      right,
      top: (printed[0] ?? row[0]!).top,
      size: Math.max(...printed.map((p) => p.size)),
      cells,
    };
  });
  return { index: page.index, width: page.width, height: page.height, lines: lines.filter((l) => l.text) };
}
