import type { BulletinSummary } from '../../domain/corpus.js';
import { BULLETIN_NAME, formatIssue } from '../../domain/format.js';
import type { Citation } from '../../domain/citation.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { SourceList } from './sources.js';
import { lexicon } from '../../knowledge/lexicon.js';

/**
 * A masthead question gets the asked-for field only ("咨询电话：0851-86798090"), cited to the
 * masthead of the issue the question names (or the latest). The masthead stands before page 1, so
 * its citation carries the issue's first printed page, with the title 刊头.
 */
export function mastheadAnswer(q: QuestionAnalysis, bulletins: BulletinSummary[]): Answer | null {
  const field = lexicon().mastheadRoles.find((f) => f.asked.test(q.focus));
  if (!field || !bulletins.length) return null;
  const byRecency = [...bulletins].sort((a, b) => b.cover.date.localeCompare(a.cover.date));
  const f = q.filters;
  const named = byRecency.find(
    (b) =>
      (f.total === undefined || b.cover.total === f.total) &&
      (f.number === undefined || b.cover.number === f.number) &&
      (f.year === undefined || b.cover.year === f.year),
  );
  const bulletin = [named, ...byRecency].find((b) => b?.masthead.roles[field.role]);
  if (!bulletin) return null;
  const value = bulletin.masthead.roles[field.role]!;
  const c = bulletin.cover;
  const firstPage = bulletin.toc[0]?.page ?? 1;
  const citation: Citation = {
    issue: { year: c.year, number: c.number, total: c.total, date: c.date },
    pages: [firstPage, firstPage],
    openEnded: false,
    title: '刊头',
    quote: `${field.role} ${value}`,
    score: 1,
    part: 'masthead',
  };
  const sources = new SourceList();
  const marker = sources.marker(citation);
  const body = (mark: string) =>
    q.language === 'en'
      ? `《${BULLETIN_NAME}》 ${field.en}: ${value} (masthead of ${formatIssue(c, 'en', { total: false })}).${mark}`
      : `《${BULLETIN_NAME}》${field.role}：${value}（见${formatIssue(c, 'zh', { total: false })}刊头）。${mark}`;
  return {
    question: q.original,
    text: body(''),
    markedText: body(`[${marker}]`),
    found: true,
    citations: sources.citations,
    retrieved: sources.citations,
    language: q.language,
    kind: 'meta',
  };
}
