import { citationFromChunk, type Citation } from '../../domain/citation.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Candidate, PartQuery, ScoredSentence } from '../evidence/types.js';
import { withoutFurniture } from '../sentence-quality.js';
import { holdsValue } from '../answer-type.js';
import { bigramContainment } from '../../bulletin/normalize.js';
import { SourceList, withSources } from './sources.js';

/**
 * An extractive answer made of the evidence: per part of the question, the sentence that holds
 * what it asks (when that sentence only leads up to the value, the next one that gives it), and a
 * second one only when the decision found it likely to add an asked fact; no sentence twice, one
 * source line per source at the end.
 */
export function extractiveAnswer(
  q: QuestionAnalysis,
  chosen: Candidate,
  parts: PartQuery[],
  sentences: ScoredSentence[][],
  retrieved: Citation[],
  lead = '',
): Answer {
  const picked: ScoredSentence[] = [];
  const add = (s: ScoredSentence) => {
    if (picked.some((p) => p.sentence === s.sentence || restates(s.sentence, p.sentence) || restates(p.sentence, s.sentence))) return;
    picked.push(s);
  };
  sentences.forEach((list, p) => {
    list.forEach((s) => {
      add(s);
      // "到2024年底，…初步建成" leads up to the figures the next sentence gives.
      const value = parts[p]?.value;
      if (value && !holdsValue(s.sentence, value) && s.after && holdsValue(s.after, value))
        add({ ...s, sentence: s.after, before: s.sentence, after: '', score: s.score });
    });
  });
  const sources = new SourceList();
  const body = picked
    .map((p) => `${withoutFurniture(p.sentence.trim())}[${sources.marker(citationFromChunk(p.chunk, p.sentence, chosen.score))}]`)
    .join('');
  // Quotes stay in Chinese; an English question gets a line saying so before them.
  const intro = q.language === 'en' ? 'From the indexed issues of 《大数据发展动态》 (quoted in Chinese):\n' : '';
  return {
    question: q.original,
    ...withSources(`${intro}${lead}${body}`, sources, q.language),
    found: true,
    citations: sources.citations,
    retrieved,
    language: q.language,
    kind: 'search',
  };
}

/** Share of a sentence's character pairs that an earlier one has: at this much it says nothing new. */
const RESTATED_SHARE = 0.8;

/** "到2025年，全市元宇宙相关产业规模达1000亿元…" after the editor's note said the same: a restatement. */
export function restates(sentence: string, earlier: string): boolean {
  const compact = (t: string) => t.replace(/[\s\p{P}]/gu, '');
  const mine = compact(sentence);
  // Too short to tell a restatement from a shared phrase.
  if (mine.length < 9) return false;
  return bigramContainment(mine, compact(earlier)) >= RESTATED_SHARE;
}
