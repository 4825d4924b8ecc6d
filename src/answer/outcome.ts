import type { RankedChunk } from '../search/retriever.js';
import type { Answer } from './types.js';

/**
 * What search found for a question, handed to a language model when one writes the answers: the
 * passages to write from, the extractive answer (or refusal) to fall back on if the model fails,
 * and the refusal to give if the model says the passages do not answer.
 */
export interface SearchOutcome {
  kind: 'answer';
  answer: Answer;
  passages: RankedChunk[];
  refusal: Answer;
}
