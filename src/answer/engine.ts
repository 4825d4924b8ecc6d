import type { Bm25Index } from '../search/bm25.js';
import type { CorpusData } from '../store/corpus-data.js';
import { detectLanguage, type Language } from '../search/query.js';
import type { Retriever } from '../search/retriever.js';
import { silentLogger, type Logger } from '../util/log.js';
import { answerMeta } from './meta.js';
import { standaloneQuestion } from './follow-up.js';
import { texts } from './texts.js';
import { SearchAnswerer, type SearchOutcome } from './search-answer.js';
import { PendingAnswer, type AnswerEvent } from './pending.js';
import type { Answer, Conversation, Turn } from './types.js';

export interface EngineSettings {
  /** Below this share of the question's weighted terms in the best passage, the bot says it found nothing. */
  minCoverage: number;
  maxQuestionChars: number;
  /** Chunks fetched from the retriever before diversifying. */
  retrieveLimit: number;
  /** Turns kept per conversation. */
  historyTurns: number;
  /** Characters of history kept per conversation (oldest turns go first). */
  historyChars: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  minCoverage: 0.52,
  maxQuestionChars: 500,
  retrieveLimit: 40,
  historyTurns: 10,
  historyChars: 4000,
};

/** Writes the answer from the passages search found (a language model); absent, answers stay extractive. */
export interface AnswerWriter {
  write(input: {
    question: string;
    standalone: string;
    language: Language;
    outcome: Extract<SearchOutcome, { kind: 'answer' }>;
    emit: (e: AnswerEvent) => void;
    signal?: AbortSignal;
  }): Promise<Answer>;
}

/** Turns a follow-up into a standalone question; null when it cannot (the heuristic is used then). */
export interface QuestionRewriter {
  rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string | null>;
}

export interface AnswerEngineDeps {
  corpus: CorpusData;
  keyword: Bm25Index;
  retriever: Retriever;
  log?: Logger;
  settings?: Partial<EngineSettings>;
  writer?: AnswerWriter | null;
  rewriter?: QuestionRewriter | null;
}

/** The one entry point of the core: a question (and its conversation) in, one answer object out. */
export interface AnswerEngine {
  answer(question: string, conversation?: Conversation): Promise<Answer>;
  /** The same answer, offered as a stream of text while it is written. */
  ask(question: string, conversation?: Conversation, options?: { signal?: AbortSignal }): PendingAnswer;
  readonly corpus: CorpusData;
  readonly retrievalMode: string;
  readonly answerMode: 'generated' | 'extractive';
}

export class InputError extends Error {
  override readonly name = 'InputError';
}

const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const settings = { ...DEFAULT_ENGINE_SETTINGS, ...deps.settings };
  const log = deps.log ?? silentLogger;
  const search = new SearchAnswerer(deps.corpus, deps.keyword, deps.retriever, settings, log);

  async function standalone(question: string, conversation: Conversation | undefined, signal?: AbortSignal): Promise<string> {
    if (!conversation?.history.length) return question;
    if (deps.rewriter && question.length <= 120) {
      const rewritten = await deps.rewriter.rewrite(question, conversation.history, signal).catch((error) => {
        log.warn('follow-up rewrite failed; using the heuristic', { error: (error as Error).message });
        return null;
      });
      if (rewritten) return rewritten;
    }
    return standaloneQuestion(question, conversation.history);
  }

  async function produce(
    rawQuestion: string,
    conversation: Conversation | undefined,
    emit: (e: AnswerEvent) => void,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const question = rawQuestion.replace(INVISIBLE, '').trim();
    const language = detectLanguage(question);
    if (!question) throw new InputError(texts(language).emptyQuestion);
    if (question.length > settings.maxQuestionChars) throw new InputError(texts(language).tooLong(settings.maxQuestionChars));

    const started = performance.now();
    const searchText = await standalone(question, conversation, signal);
    let answer = answerMeta(searchText, language, deps.corpus.bulletins);
    let retrieved = performance.now();
    if (answer) answer = { ...answer, question };
    else {
      const outcome = await search.search(question, searchText, language);
      retrieved = performance.now();
      // Nothing above the bar: the model is not asked; the bot refuses directly.
      answer =
        outcome.kind === 'answer' && deps.writer
          ? await deps.writer.write({ question, standalone: searchText, language, outcome, emit, signal })
          : outcome.answer;
    }
    const timings = { retrieveMs: round(retrieved - started), generateMs: round(performance.now() - retrieved) };
    answer = { ...answer, timings };
    if (searchText !== question) answer = { ...answer, standaloneQuestion: searchText };
    if (conversation) remember(conversation, { question, answer }, settings);
    return answer;
  }

  return {
    corpus: deps.corpus,
    retrievalMode: deps.retriever.mode,
    answerMode: deps.writer ? 'generated' : 'extractive',
    ask(question, conversation, options) {
      return new PendingAnswer((emit) => produce(question, conversation, emit, options?.signal));
    },
    answer(question, conversation) {
      return this.ask(question, conversation).answer;
    },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Keeps the conversation within its bounds in turns and characters. */
function remember(conversation: Conversation, turn: Turn, settings: EngineSettings): void {
  conversation.history.push(turn);
  const size = (t: Turn) => t.question.length + t.answer.text.length;
  while (
    conversation.history.length > settings.historyTurns ||
    (conversation.history.length > 1 && conversation.history.reduce((n, t) => n + size(t), 0) > settings.historyChars)
  ) {
    conversation.history.shift();
  }
}
