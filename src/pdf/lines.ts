import type { RawPage } from './load.js';

/** One printed line of a page, in top-down coordinates. */
export interface PdfLine {
  text: string;
  left: number;
  right: number;
  /** Baseline distance from the top of the page. */
  top: number;
  /** Font size (height of the text). */
  size: number;
}

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
    for (const piece of row) {
      const gap = piece.left - right;
      if (text && gap > piece.size / 3 && !/\s$/.test(text) && !/^\s/.test(piece.str)) text += ' ';
      text += piece.str;
      right = Math.max(right, piece.right);
    }
    return {
      text: text.replace(/\s+/g, ' ').trim(),
      left: row[0]!.left,
      right,
      top: row[0]!.top,
      size: Math.max(...row.map((p) => p.size)),
    };
  });
  return { index: page.index, width: page.width, height: page.height, lines: lines.filter((l) => l.text) };
}
