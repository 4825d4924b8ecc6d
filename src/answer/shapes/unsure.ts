import { citationFromChunk, type Citation } from '../../domain/citation.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Candidate, ScoredSentence } from '../evidence/types.js';
import { withoutFurniture } from '../sentence-quality.js';
import { SourceList } from './sources.js';

/** Sentences shown as the closest when the decision is not sure. */
const CLOSEST_SENTENCES = 2;

/**
 * "Not sure": the bulletins may hold the answer but the evidence does not reach the bar. Said
 * plainly, then the closest one or two sentences with their citations, labelled as the closest,
 * never as the answer (found is false and no citation is claimed).
 */
export function unsureAnswer(q: QuestionAnalysis, closest: Candidate, sentences: ScoredSentence[][], retrieved: Citation[]): Answer {
  const en = q.language === 'en';
  const shown = [...new Map(sentences.flat().map((s) => [s.sentence, s])).values()].slice(0, CLOSEST_SENTENCES);
  const sources = new SourceList();
  const lines = shown.map(
    (s) => `- “${withoutFurniture(s.sentence.trim())}”[${sources.marker(citationFromChunk(s.chunk, s.sentence, closest.score))}]`,
  );
  const head = en
    ? 'I am not sure the indexed bulletins answer this. The closest passages (not necessarily the answer):'
    : '不能确定已收录的简报回答了这个问题。最接近的原文如下（仅供参考，不一定是答案）：';
  const body = [head, ...lines].join('\n');
  const block = sources.block(q.language);
  const near = sources.citations;
  return {
    question: q.original,
    text: block ? `${body}\n\n${block}` : body,
    markedText: body,
    found: false,
    citations: [],
    retrieved: [...near, ...retrieved.filter((c) => !near.some((n) => n.issue.total === c.issue.total && n.title === c.title))].slice(
      0,
      10,
    ),
    language: q.language,
    kind: 'refusal',
  };
}
