import type { Language } from '../domain/language.js';
import type { SearchOutcome } from './outcome.js';
import type { AnswerEvent } from './pending.js';
import type { Answer, Turn } from './types.js';

/*
 * The engine's settings and the seams it is built with (a language model that writes answers, one
 * that rewrites follow-ups). Apart from engine.ts so that the Answerer, which the engine builds,
 * can name them without importing the engine.
 */

export interface EngineSettings {
  maxQuestionChars: number;
  /** Characters a language model is shown: the evidence with the prompt's own text (CONTEXT_MAX_CHARS). */
  contextMaxChars: number;
  /** The operator's bar on the answer model's probability (ANSWER_MIN_CONFIDENCE); the fitted one when unset. */
  answerMinConfidence?: number;
  /** Chunks fetched from the retriever for a question. */
  retrieveLimit: number;
  /** Turns kept per conversation. */
  historyTurns: number;
  /** Characters of history kept per conversation (oldest turns go first). */
  historyChars: number;
}

/** Writes the answer from the passages search found (a language model); absent, answers stay extractive. */
export interface AnswerWriter {
  write(input: {
    question: string;
    standalone: string;
    language: Language;
    outcome: SearchOutcome;
    emit: (e: AnswerEvent) => void;
    signal?: AbortSignal;
  }): Promise<Answer>;
  /** Characters of the prompt besides the evidence (system prompt, template, the question). */
  promptChars?(question: string): number;
}

/** Turns a follow-up into a standalone question; null when it cannot (the heuristic is used then). */
export interface QuestionRewriter {
  rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string | null>;
}

export type RetrievalMode = 'keyword' | 'dense' | 'hybrid';

export interface AskOptions {
  signal?: AbortSignal;
  /** Answer extractively even when a language model is configured (the REPL's /model off). */
  extractiveOnly?: boolean;
  /** Retrieve with this mode instead of the configured one, when available. */
  retrievalMode?: RetrievalMode;
  /** Keep every scored sentence in the evidence (the fitting of the weights reads them all). */
  keepAllSentences?: boolean;
}
