import type { Cover } from '../domain/bulletin.js';
import { parseCover } from './cover.js';
import { readPageMarkers } from './page-marker.js';
import { isTocHeading } from './toc.js';

/** The issue numbers a file's cover gives. */
export type ClaimedIssue = Pick<Cover, 'year' | 'number' | 'total' | 'date'>;

/** Lines read for a cover when there is no 本期要目 to end it (a cover and masthead take about 40). */
const COVER_LINES = 60;

/**
 * Which issue a file says it is, read from its cover alone, for a file that does not parse as a
 * whole: an upload with its TOC deleted or its body cut off still names the issue it was meant to
 * replace, so the admin can be told that issue's indexed version stays in service. Null when the
 * cover does not give date, 第N期 and 总第M期.
 */
export function claimedIssue(file: string, text: string): ClaimedIssue | null {
  const { lines } = readPageMarkers(text.replace(/\r\n?/g, '\n').split('\n'));
  const tocAt = lines.findIndex(isTocHeading);
  try {
    const { year, number, total, date } = parseCover(file, lines.slice(0, tocAt < 0 ? COVER_LINES : tocAt)).cover;
    return { year, number, total, date };
  } catch {
    return null;
  }
}
