import type { PdfCell, PdfLine, PdfPageLines } from './lines.js';

/** Rows of one table stand closer than this many font sizes apart (cell padding and rules included). */
const ROW_GAP = 3.5;

interface Column {
  left: number;
  right: number;
}

/**
 * Finds tables in the body pages and turns each row into one line `| cell | cell | cell |`, read
 * left to right, marked so that it is never joined to the paragraph before or after it. A table
 * starts at a line that splits into two or more cells at column gaps and goes on while the lines
 * below keep to its columns: a line of cells that each fall in one column is a row; a line with
 * nothing in the first column continues the row above (a cell that wrapped). A line that runs
 * across columns (the paragraph after the table) ends it. Front matter (cover, masthead, whose
 * "role  name" lines look like two columns) is left alone: only pages from `firstBodyPage` on.
 */
export function markTables(pages: PdfPageLines[], firstBodyPage: number): PdfPageLines[] {
  return pages.map((page, p) => (p < firstBodyPage ? page : { ...page, lines: tablesOfPage(page.lines) }));
}

function tablesOfPage(lines: PdfLine[]): PdfLine[] {
  const out: PdfLine[] = [];
  let i = 0;
  while (i < lines.length) {
    const table = lines[i]!.cells.length >= 2 ? readTable(lines, i) : null;
    if (table) {
      out.push(...table.rows);
      i = table.end;
    } else out.push(lines[i++]!);
  }
  return out;
}

function readTable(lines: PdfLine[], start: number): { rows: PdfLine[]; end: number } | null {
  const columns: Column[] = lines[start]!.cells.map((c) => ({ left: c.left, right: c.right }));
  const rows: Array<{ line: PdfLine; cells: string[] }> = [];
  let end = start;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (end > start && line.top - lines[end - 1]!.top > ROW_GAP * line.size) break;
    const places = line.cells.map((cell) => columnOf(columns, cell));
    if (places.some((k) => k === null) || new Set(places).size !== places.length) break;
    const cells = columns.map(() => '');
    line.cells.forEach((cell, j) => {
      const k = places[j]!;
      cells[k] = cell.text;
      columns[k] = { left: Math.min(columns[k]!.left, cell.left), right: Math.max(columns[k]!.right, cell.right) };
    });
    const previous = rows.at(-1);
    if (line.cells.length >= 2 && cells[0]) rows.push({ line, cells });
    else if (previous && !cells[0]) cells.forEach((c, k) => (previous.cells[k] = joinCell(previous.cells[k]!, c)));
    else break;
  }
  if (rows.length < 2) return null;
  return { rows: rows.map(({ line, cells }) => ({ ...line, text: `| ${cells.join(' | ')} |`, table: true })), end };
}

/** The one column a cell overlaps; null when it overlaps none or runs across two. */
function columnOf(columns: Column[], cell: PdfCell): number | null {
  const hits = columns.flatMap((c, k) => (cell.right > c.left - 2 && cell.left < c.right + 2 ? [k] : []));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) return null;
  // A cell that misses every column (short, centred or right-aligned in a wider cell): the nearest.
  const centre = (cell.left + cell.right) / 2;
  const distance = (c: Column) => (centre < c.left ? c.left - centre : centre - c.right);
  return columns.reduce((best, c, k) => (distance(c) < distance(columns[best]!) ? k : best), 0);
}

/** A wrapped cell's next line: Chinese joins directly, Latin words and numbers get their space. */
function joinCell(a: string, b: string): string {
  if (!a || !b) return a || b;
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}
