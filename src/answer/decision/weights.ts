import { z } from 'zod';
import { dataPath } from '../../util/paths.js';
import { readJsonFileSync } from '../../util/json-file.js';
import type { LogisticModel } from './logistic.js';

/**
 * The fitted weights of the answer core's decisions (data/answer-weights.json, written by
 * `npm run fit`): the sentence model (which sentence answers a part), the answer model (whether an
 * article answers the question) and the thresholds on their probabilities, each with a note of
 * where its value came from.
 */
const model = z.object({
  features: z.array(z.string()),
  weights: z.array(z.number()),
  intercept: z.number(),
});

const threshold = z.object({ value: z.number().min(0).max(1.01), note: z.string() });

export const answerWeightsSchema = z
  .object({
    fitted: z.object({
      at: z.string(),
      sets: z.array(z.string()),
      questions: z.number().int(),
      sentenceRows: z.number().int(),
      candidateRows: z.number().int(),
      note: z.string(),
    }),
    sentence: model,
    answer: model,
    thresholds: z.object({
      /** Below this the best article's probability says nothing in the bulletins speaks of the question (no model call). */
      gate: threshold,
      /** Below this the best article's coverage of the question's topic (places aside) says the question is about something else. */
      topicGate: threshold,
      /** An article answers when the answer model's probability reaches this. */
      answer: threshold,
      /** Between this and `answer` the reply says it is not sure and shows the closest sentences. */
      unsure: threshold,
      /** A part's second sentence is quoted when its probability is at least this share of the first's (it may hold the asked fact as likely). */
      secondSentence: threshold,
      /** Sentences within this share of a part's best score are read for the hard checks. */
      choiceShare: threshold,
    }),
  })
  .refine((w) => w.sentence.features.length === w.sentence.weights.length && w.answer.features.length === w.answer.weights.length, {
    message: 'every model needs one weight per feature',
  });

export type AnswerWeights = z.infer<typeof answerWeightsSchema>;
export type Thresholds = AnswerWeights['thresholds'];

export const WEIGHTS_FILE = 'answer-weights.json';

let cached: AnswerWeights | null = null;

/** The committed weights, read and validated once. */
export function defaultWeights(): AnswerWeights {
  if (cached) return cached;
  cached = readJsonFileSync(dataPath(WEIGHTS_FILE), answerWeightsSchema);
  return cached;
}

export function asModel(m: AnswerWeights['sentence']): LogisticModel {
  return m;
}
