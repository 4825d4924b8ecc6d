import { citationFor, type Citation } from '../../domain/citation.js';
import { formatWhere, BULLETIN_NAME } from '../../domain/format.js';
import { formatDate } from '../../domain/format.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Candidate } from '../evidence/types.js';
import type { QuestionTerms } from '../evidence/terms.js';
import { SourceList } from './sources.js';

/**
 * A where-question's answer is the article's citation: issue, pages, date and column, and when the
 * question described the article by something in it, the sentence that says it.
 */
export function whereAnswer(q: QuestionAnalysis, chosen: Candidate, terms: QuestionTerms, retrieved: Citation[]): Answer {
  const { article } = chosen;
  const c = article.bulletin.cover;
  const citation = citationFor(c, article.toc, chosen.window.sentence, chosen.score);
  const sources = new SourceList();
  const marker = sources.marker(citation);
  const pages = formatWhere(citation, q.language);
  const describesContent = terms.coverage(chosen.window.text) > terms.coverage(article.toc.title) + 0.1;
  const body = (mark: string) =>
    q.language === 'en'
      ? `《${article.toc.title}》 is in 《${BULLETIN_NAME}》 ${pages} (published ${c.date}, column “${article.toc.category}”).${mark}` +
        (describesContent ? `\nThe passage: “${chosen.window.sentence}”` : '')
      : `《${article.toc.title}》登在《${BULLETIN_NAME}》${pages}（${formatDate(c.date)}出版，“${article.toc.category}”栏目）。${mark}` +
        (describesContent ? `\n相关原文：“${chosen.window.sentence}”` : '');
  // The answer is the citation itself: no marker and no source line under it; channels that list
  // sources apart get the marked text.
  return {
    question: q.original,
    text: body(''),
    markedText: body(`[${marker}]`),
    found: true,
    citations: sources.citations,
    retrieved,
    language: q.language,
    kind: 'search',
  };
}
