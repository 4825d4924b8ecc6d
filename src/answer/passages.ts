import type { RankedChunk } from '../search/retriever.js';
import type { Answer } from './types.js';
import type { Citation } from '../domain/citation.js';

/** Passages handed to a language model. */
export const MODEL_PASSAGES = 6;

/**
 * Passages for a language model made from an answer the core drew up itself (an issue's table of
 * contents, the masthead, a list of articles, where an article stands): the answer as the first
 * excerpt, then each source's quote, every one labelled with its source's issue and pages.
 */
export function passagesOfAnswer(answer: Answer): RankedChunk[] {
  const sources = answer.citations.length ? answer.citations : answer.retrieved;
  if (!sources.length) return [];
  const first = pseudo(sources[0]!, answer.markedText ?? answer.text, 'answer');
  return [first, ...sources.slice(0, MODEL_PASSAGES - 1).map((c, i) => pseudo(c, c.quote || c.title, `source-${i}`))];
}

function pseudo(c: Citation, text: string, id: string): RankedChunk {
  return {
    score: 1,
    chunk: {
      id: `${c.issue.total}:${id}`,
      issue: c.issue,
      category: '',
      title: c.title,
      sectionPath: c.part === 'masthead' ? ['刊头'] : [],
      pages: { start: c.pages[0], end: c.openEnded ? null : c.pages[1] },
      articleIndex: -1,
      ordinal: 0,
      kind: 'body',
      text,
      file: '',
    },
  };
}
