import type { PageDisagreement, PageMap } from './page-map.js';

export type Numbering =
  | { from: 'footers'; disagreements: PageDisagreement[] }
  | { from: 'toc-offset'; offset: number; agreeing: number; titles: number; disagreements: PageDisagreement[] };

/**
 * What ingest prints for a PDF: how its printed page numbers were found, which PDF pages they
 * cover, and every page whose number disagrees (each on its own line, so that a reader can check it).
 */
export function describeNumbering(numbering: Numbering, pages: PageMap): string[] {
  const front = pages.findIndex((p) => p !== null);
  const last = pages.length - 1 - [...pages].reverse().findIndex((p) => p !== null);
  const span =
    front < 0
      ? 'no page has a printed number'
      : `PDF pages ${front + 1}–${last + 1} are printed pages ${pages[front]}–${pages[last]}` +
        (front > 0 ? `, PDF pages 1–${front} unnumbered (cover, masthead, contents)` : '');
  const head =
    numbering.from === 'footers'
      ? `printed pages from the footers: ${span}`
      : `printed pages from the table of contents (PDF page − ${numbering.offset}, ${numbering.agreeing} of ${numbering.titles} titles agree): ${span}`;
  return [
    head,
    ...numbering.disagreements.map((d) =>
      d.title
        ? `PDF page ${d.pdfPage}: "${d.title}" is printed here (page ${d.cited ?? '–'}), the table of contents gives page ${d.shows}`
        : `PDF page ${d.pdfPage}: the footer shows ${d.shows}, the pages around it count ${d.cited ?? 'no number'}; cited as ${d.cited ?? 'unnumbered'}`,
    ),
  ];
}
