import { bigramContainment, bigramDice } from '../../bulletin/normalize.js';
import { citationFromChunk, type Citation } from '../../domain/citation.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Candidate } from '../answerability/candidates.js';
import type { QuestionTerms } from '../answerability/terms.js';
import { answerSentences, isDebris, withoutFurniture } from '../sentence-quality.js';
import { expectedValueOrNumber, holdsValue } from '../answer-type.js';
import { SourceList, withSources } from './sources.js';
import { yearsIn } from '../question/constraints.js';

const MAX_SENTENCES = 3;
/** A further sentence must cover at least this share of what the leading one covers. */
const FOLLOWING_SHARE = 0.7;

/**
 * An extractive answer: the sentence that answers first (for a value question, the one that holds
 * the value), then up to two more from the same article (or another candidate that passed every
 * check) that cover the question nearly as well; no captions or table debris, no sentence twice,
 * one source line per source at the end.
 */
export function extractiveAnswer(
  q: QuestionAnalysis,
  chosen: Candidate,
  others: Candidate[],
  terms: QuestionTerms,
  retrieved: Citation[],
  lead = '',
): Answer {
  const picked: Array<{ sentence: string; candidate: Candidate; chunk: Candidate['chunk'] }> = [
    { sentence: chosen.window.sentence, candidate: chosen, chunk: chosen.chunk },
  ];
  // A lead that sets up its figures ("到2024年底，…初步建成") is followed by the sentence that gives them.
  const value = q.intent.kind === 'value' ? expectedValueOrNumber(q.focus) : null;
  if (value && !holdsValue(chosen.window.sentence, value)) {
    const sentences = answerSentences(chosen.chunk.text);
    const next = sentences[sentences.indexOf(chosen.window.sentence) + 1];
    if (next && !isDebris(next) && holdsValue(next, value)) picked.push({ sentence: next, candidate: chosen, chunk: chosen.chunk });
  }
  const leadCoverage = Math.max(terms.coverage(`${chosen.article.toc.title} ${chosen.window.text}`), 0.01);
  const pool = [chosen, ...others.filter((o) => o !== chosen && o.passed)];
  const scored: Array<{ sentence: string; before: string; candidate: Candidate; chunk: Candidate['chunk']; score: number }> = [];
  for (const candidate of pool) {
    const chunks =
      candidate === chosen
        ? chosen.article.chunks.filter((c) => c.id === chosen.chunk.id || sharesTerms(c.text, terms))
        : [candidate.chunk];
    for (const chunk of chunks) {
      const sentences = answerSentences(chunk.text);
      sentences.forEach((sentence, i) => {
        if (sentence.length < 8 || isDebris(sentence)) return;
        const window = `${candidate.article.toc.title} ${sentences[i - 1] ?? ''}${sentence}${sentences[i + 1] ?? ''}`;
        const score = 0.5 * terms.coverage(sentence) + 0.5 * terms.coverage(window) - (candidate === chosen ? 0 : 0.05);
        scored.push({ sentence, before: sentences[i - 1] ?? '', candidate, chunk, score });
      });
    }
  }
  scored.sort((a, b) => b.score - a.score);
  for (const s of scored) {
    if (picked.length >= MAX_SENTENCES || s.score < leadCoverage * FOLLOWING_SHARE) break;
    if (
      picked.some(
        (p) =>
          p.sentence === s.sentence ||
          bigramDice(p.sentence, s.sentence) > 0.6 ||
          p.sentence.includes(s.sentence) ||
          s.sentence.includes(p.sentence) ||
          restates(s.sentence, p.sentence),
      ) ||
      otherYearOnly(s.sentence, s.before, q.constraints.years)
    )
      continue;
    picked.push(s);
  }
  const sources = new SourceList();
  const parts = picked.map(
    (p) => `${withoutFurniture(p.sentence.trim())}[${sources.marker(citationFromChunk(p.chunk, p.sentence, p.candidate.coverage))}]`,
  );
  // Quotes stay in Chinese; an English question gets a line saying so before them.
  const intro = q.language === 'en' ? 'From the indexed issues of 《大数据发展动态》 (quoted in Chinese):\n' : '';
  const body = `${intro}${lead}${parts.join('')}`;
  return {
    question: q.original,
    ...withSources(body, sources, q.language),
    found: true,
    citations: sources.citations,
    retrieved,
    language: q.language,
    kind: 'search',
  };
}

function sharesTerms(text: string, terms: QuestionTerms): boolean {
  return terms.coverage(text) >= 0.3;
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

/** A further sentence about another year than the one asked ("到2023年…55") would read as a contradiction. */
export function otherYearOnly(sentence: string, before: string, asked: number[]): boolean {
  if (!asked.length) return false;
  // A target's year often heads the sentence before it ("到2023年，…。力争…达到55").
  const said = yearsIn(sentence).length ? yearsIn(sentence) : yearsIn(before);
  return said.length > 0 && !said.some((y) => asked.includes(y));
}
