import type { RankedChunk } from '../search/retriever.js';
import { splitSentences } from '../ingest/sentences.js';
import { bigramDice } from '../bulletin/normalize.js';
import type { Evidence } from './evidence.js';

export interface PickedSentence {
  ranked: RankedChunk;
  sentence: string;
  score: number;
}

export interface ExtractiveSettings {
  /** Chunks, from the top of the ranking, whose sentences are candidates. */
  candidateChunks: number;
  maxSentences: number;
  /** A sentence is kept when it scores at least this share of the best sentence. */
  relativeFloor: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveSettings = { candidateChunks: 8, maxSentences: 3, relativeFloor: 0.6 };

const ASKS_QUANTITY =
  /多少|几[个家项条份亿万次部年]|多大|比例|占比|增速|增长|规模|目标|数量|how (many|much)|what (share|percentage|rate)|growth|rate/i;

/**
 * Picks the sentences that best answer the question: those covering most of its terms, from
 * highly ranked chunks, preferring sentences with figures when the question asks for a quantity.
 */
export function pickSentences(
  question: string,
  ranked: RankedChunk[],
  evidence: Evidence,
  settings = DEFAULT_EXTRACTIVE,
): PickedSentence[] {
  const top = ranked.slice(0, settings.candidateChunks);
  if (!top.length) return [];
  const topScore = top[0]!.score || 1;
  const wantsNumber = ASKS_QUANTITY.test(question);
  const candidates: PickedSentence[] = [];
  for (const r of top) {
    const prior = 0.35 * (r.score / topScore);
    const sentences = splitSentences(r.chunk.text);
    sentences.forEach((sentence, i) => {
      if (sentence.length < 8) return;
      const bonus = wantsNumber && /\d/.test(sentence) ? 0.1 : 0;
      const context = evidence.coverage(`${r.chunk.title} ${sentences[i - 1] ?? ''}${sentence}${sentences[i + 1] ?? ''}`);
      candidates.push({ ranked: r, sentence, score: 0.6 * evidence.coverage(sentence) + 0.4 * context + prior + bonus });
    });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]?.score ?? 0;
  const picked: PickedSentence[] = [];
  for (const c of candidates) {
    if (picked.length >= settings.maxSentences || c.score < best * settings.relativeFloor) break;
    // The editor's note often repeats the body's key sentence: one of them is enough.
    if (picked.some((p) => p.sentence === c.sentence || bigramDice(p.sentence, c.sentence) > 0.75)) continue;
    picked.push(c);
  }
  return picked;
}
