import type { BulletinSummary } from '../../domain/corpus.js';
import { BULLETIN_NAME, formatIssue } from '../../domain/format.js';
import type { Citation } from '../../domain/citation.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { SourceList } from './sources.js';

/** Masthead roles and the words readers use for them. */
const FIELDS: Array<{ role: string; asked: RegExp; en: string }> = [
  { role: '咨询电话', asked: /电话|联系方式|传真|热线|\bphone\b|\bfax\b/i, en: 'phone' },
  { role: '邮箱', asked: /邮箱|电子邮件|e-?mail|邮件地址/i, en: 'e-mail' },
  { role: '编辑地址', asked: /地址|在哪办公|\baddress\b/i, en: 'address' },
  { role: '副总编辑', asked: /副总编辑|deputy editor/i, en: 'deputy editor-in-chief' },
  { role: '总编辑', asked: /总编辑|总编|editor-in-chief/i, en: 'editor-in-chief' },
  { role: '执行编辑', asked: /执行编辑|executive editor/i, en: 'executive editor' },
  { role: '责任编辑', asked: /责任编辑/i, en: 'responsible editors' },
  { role: '美术编辑', asked: /美术编辑|美编|art editor/i, en: 'art editors' },
  { role: '编委会', asked: /编委/i, en: 'editorial board' },
  { role: '联合主编', asked: /联合主编|co-?editor/i, en: 'co-editor' },
  { role: '学术支持', asked: /学术支持|academic support/i, en: 'academic support' },
  { role: '主编', asked: /主编|主办|谁编|谁办|\beditor\b|\bpublisher\b/i, en: 'chief editor' },
];

/**
 * A masthead question gets the asked-for field only ("咨询电话：0851-86798090"), cited to the
 * masthead of the issue the question names (or the latest). The masthead stands before page 1, so
 * its citation carries the issue's first printed page, with the title 刊头.
 */
export function mastheadAnswer(q: QuestionAnalysis, bulletins: BulletinSummary[]): Answer | null {
  const field = FIELDS.find((f) => f.asked.test(q.focus));
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
