import { formatWhere } from '../../domain/format.js';
import type { Citation } from '../../domain/citation.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { ListEvidence } from '../evidence/types.js';
import { withoutFurniture } from '../sentence-quality.js';
import type { Answer } from '../types.js';
import { SourceList } from './sources.js';

/** At most this many articles are listed (the count covers them all). */
export const MAX_LISTED = 50;

/**
 * A list: the count, then one line per matching article in issue order, with its citation, why it
 * matches and the sentence that speaks of the topic. Each line is its own source line: no separate
 * list of sources under it.
 */
export function listAnswer(q: QuestionAnalysis, list: ListEvidence, retrieved: Citation[], yesNo = false): Answer {
  const en = q.language === 'en';
  const matches = list.matches;
  const sources = new SourceList();
  // A chat message of hundreds of lines helps nobody: the most recent ones are listed, the count is whole.
  const shown = matches.slice(-MAX_LISTED);
  const lines = shown.map((m, i) => {
    const marker = sources.marker(m.citation);
    const quote = m.sentence ? (en ? ` “${withoutFurniture(m.sentence.trim())}”` : `：“${withoutFurniture(m.sentence.trim())}”`) : '';
    return en
      ? `${i + 1}. 《${m.article.toc.title}》, ${formatWhere(m.citation, 'en')} (${m.reason})${quote}[${marker}]`
      : `${i + 1}. 《${m.article.toc.title}》——${formatWhere(m.citation)}（${m.reason}）${quote}[${marker}]`;
  });
  const issues = new Set(matches.map((m) => m.article.bulletin.cover.total)).size;
  const head = en
    ? `${matches.length} articles in ${issues} issues match:`
    : `${yesNo ? '有。' : ''}已收录的简报中符合条件的共${matches.length}篇（分布在${issues}期）：`;
  const cut =
    shown.length < matches.length
      ? en
        ? `The ${shown.length} most recent are listed; name a year, an issue or a place to narrow the list.`
        : `以下列出最近的${shown.length}篇；加上年份、期号或地区可以缩小范围。`
      : null;
  return {
    question: q.original,
    text: [head, ...(cut ? [cut] : []), ...lines].join('\n'),
    found: true,
    citations: sources.citations,
    retrieved: [...sources.citations, ...retrieved].slice(0, 10),
    language: q.language,
    kind: 'search',
  };
}
