import type { PdfLine, PdfPageLines } from './lines.js';

export interface PageParagraphs {
  index: number;
  paragraphs: string[];
  /** The first paragraph continues the last paragraph of the page before. */
  continuesPrevious: boolean;
}

/**
 * Rebuilds paragraphs from printed lines. A line continues the paragraph above it when the line
 * above runs to the right margin, this one is not indented, both have the same font size, and
 * the gap between them is an ordinary line gap (the body's usual line pitch, which word processors
 * set as wide as 1.6 lines); the same test across a page break joins a paragraph that the page cut.
 * Everything else (titles, headings, cover and TOC lines, the first line of an indented paragraph,
 * table rows) starts a paragraph of its own.
 */
export function rebuildParagraphs(pages: PdfPageLines[]): PageParagraphs[] {
  const all = pages.flatMap((p) => p.lines);
  const right = percentile(
    all.map((l) => l.right),
    0.95,
  );
  const left = leftMargin(all, right);
  const pitch = linePitch(pages);
  let previous: PdfLine | null = null;

  return pages.map((page) => {
    const paragraphs: string[] = [];
    let continuesPrevious = false;
    page.lines.forEach((line, i) => {
      const sameSize = previous !== null && Math.abs(previous.size - line.size) < 0.5;
      const full = previous !== null && previous.right >= right - 2.5 * line.size;
      const indented = line.left > left + 0.6 * line.size;
      const closeBelow = i === 0 || (previous !== null && line.top - previous.top <= Math.max(2 * line.size, 1.25 * pitch));
      const tableRow = line.table || previous?.table;
      if (previous !== null && sameSize && full && !indented && closeBelow && !tableRow) {
        if (i === 0 && paragraphs.length === 0) {
          continuesPrevious = true;
          paragraphs.push(line.text);
        } else paragraphs[paragraphs.length - 1] = joinLines(paragraphs.at(-1)!, line.text);
      } else paragraphs.push(line.text);
      previous = line;
    });
    // A page without text (a picture) ends any paragraph.
    if (page.lines.length === 0) previous = null;
    return { index: page.index, paragraphs, continuesPrevious };
  });
}

/** Chinese lines join directly; Latin words and numbers broken at a line end get their space back. */
export function joinLines(left: string, right: string): string {
  return /[A-Za-z0-9.,%]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? `${left} ${right}` : left + right;
}

/**
 * The body's left margin: the leftmost start of lines that run to the right margin, counting only
 * starts shared by two lines or more, so that one odd line does not move it. Lines that fill the
 * measure are body text: continuation lines at the margin, or indented first lines.
 */
function leftMargin(lines: PdfLine[], right: number): number {
  const full = lines.filter((l) => l.right >= right - 2.5 * l.size).map((l) => Math.round(l.left));
  const counts = new Map<number, number>();
  for (const x of full) counts.set(x, (counts.get(x) ?? 0) + 1);
  const shared = [...counts].filter(([, n]) => n >= 2).map(([x]) => x);
  return shared.length ? Math.min(...shared) : full.length ? Math.min(...full) : 0;
}

/** The most common distance between the baselines of consecutive lines of one size: the body's line pitch. */
function linePitch(pages: PdfPageLines[]): number {
  const counts = new Map<number, number>();
  for (const page of pages)
    page.lines.forEach((line, i) => {
      const above = page.lines[i - 1];
      if (!above || Math.abs(above.size - line.size) >= 0.5) return;
      const gap = Math.round(line.top - above.top);
      if (gap > 0 && gap <= 3 * line.size) counts.set(gap, (counts.get(gap) ?? 0) + 1);
    });
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

function percentile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
