/**
 * Page markers: how the PDF converter tells the parser on which printed page each line stands.
 *
 * A marker is a line of its own: form feed, then the printed page number, then "+" when the first
 * line after it continues the paragraph that the page before ended in. A form feed with no number
 * starts a page that has no printed number (cover, masthead, table of contents). Form feeds never
 * occur in bulletin text, so a text file without them parses exactly as before.
 */

import type { PageBreak } from '../domain/bulletin.js';

const MARKER = /^\f(\d{0,4})(\+?)\s*$/;

export function pageMarker(page: number | null, continues: boolean): string {
  return `\f${page ?? ''}${continues ? '+' : ''}`;
}

/** Where a line of the text stands in the printed bulletin. */
export interface LinePlace {
  /** Printed page of the line's start; null on unnumbered pages. */
  page: number | null;
  /** Ordinal of the line's page in the file, from 1 (tells unnumbered pages apart); 0 before the first marker. */
  sheet: number;
  /** Pages the line crosses onto, with offsets into the line as written (a paragraph cut by a page break). */
  breaks: PageBreak[];
}

export interface MarkedLines {
  /** The text's lines without the marker lines, a paragraph cut by a page break joined into one line. */
  lines: string[];
  /** Per line of `lines`; null when the text has no markers (a plain text file). */
  places: LinePlace[] | null;
}

/**
 * Takes the marker lines out of a bulletin's lines and records the page of every other line. The
 * part of a paragraph after a page break is joined to the part before it here, before anything
 * else looks at the lines: a cut-off paragraph start can look like a heading, and a continuation
 * starts in mid-sentence.
 */
export function readPageMarkers(raw: string[]): MarkedLines {
  if (!raw.some((l) => l.startsWith('\f'))) return { lines: raw, places: null };
  const lines: string[] = [];
  const places: LinePlace[] = [];
  let page: number | null = null;
  let sheet = 0;
  let continues = false;
  let lastText = -1;
  for (const line of raw) {
    const marker = MARKER.exec(line);
    if (marker) {
      page = marker[1] ? Number(marker[1]) : null;
      sheet++;
      continues = marker[2] === '+';
      continue;
    }
    if (!line.trim()) {
      if (!continues) {
        lines.push(line);
        places.push({ page, sheet, breaks: [] });
      }
      continue;
    }
    if (continues && lastText >= 0) {
      const before = lines[lastText]!.trimEnd();
      const joined = joinParts(before, line.trim());
      if (page !== null) places[lastText]!.breaks.push({ offset: joined.length - line.trim().length, page });
      lines[lastText] = joined;
      // Blank lines between the two parts go: the paragraph is one line again.
      lines.length = lastText + 1;
      places.length = lastText + 1;
    } else {
      lines.push(line);
      places.push({ page, sheet, breaks: [] });
      lastText = lines.length - 1;
    }
    continues = false;
  }
  return { lines, places };
}

/** Chinese text joins directly; Latin words and numbers get their space back. */
function joinParts(left: string, right: string): string {
  return /[A-Za-z0-9]$/.test(left) && /^[A-Za-z0-9]/.test(right) ? `${left} ${right}` : left + right;
}
