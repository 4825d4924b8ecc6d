import type { Bm25Index } from '../search/bm25.js';
import type { CorpusData } from '../domain/corpus.js';
import type { Retriever } from '../search/retriever.js';
import { silentLogger, type Logger } from '../util/log.js';
import { AppError } from '../util/app-error.js';
import { texts } from './texts.js';
import { PendingAnswer, type AnswerEvent } from './pending.js';
import type { Answer, Conversation, Turn } from './types.js';
import { ArticleCatalog } from './articles.js';
import { normalizeQuestion } from './question/normalize.js';
import { detectLanguage } from '../search/query.js';
import { defaultWeights, type AnswerWeights } from './decision/weights.js';
import type { AnswerWriter, AskOptions, EngineSettings, QuestionRewriter, RetrievalMode } from './engine-types.js';
import type { Config } from '../config/schema.js';
import { defaultConfig } from '../config/defaults.js';
import { Answerer, type AnswerTrace } from './answerer.js';

/** Chunks fetched from the retriever for a question (not a setting: the candidates read at most a few articles). */
const RETRIEVE_LIMIT = 40;

/** The engine's settings from the configuration's keys (their defaults live in the config schema only). */
export function engineSettingsFrom(
  config: Pick<Config, 'CONTEXT_MAX_CHARS' | 'ANSWER_MIN_CONFIDENCE' | 'MAX_QUESTION_CHARS' | 'HISTORY_TURNS' | 'HISTORY_MAX_CHARS'>,
): EngineSettings {
  return {
    contextMaxChars: config.CONTEXT_MAX_CHARS,
    answerMinConfidence: config.ANSWER_MIN_CONFIDENCE,
    maxQuestionChars: config.MAX_QUESTION_CHARS,
    retrieveLimit: RETRIEVE_LIMIT,
    historyTurns: config.HISTORY_TURNS,
    historyChars: config.HISTORY_MAX_CHARS,
  };
}

export interface AnswerEngineDeps {
  corpus: CorpusData;
  keyword: Bm25Index;
  /** The configured retriever. */
  retriever: Retriever;
  /** Every retriever available for this index, by mode (the REPL's /mode and /compare switch among them). */
  retrievers?: Partial<Record<RetrievalMode, Retriever>>;
  log?: Logger;
  settings?: Partial<EngineSettings>;
  writer?: AnswerWriter | null;
  rewriter?: QuestionRewriter | null;
  /** The fitted decision weights (data/answer-weights.json unless given: the evaluation fits its own). */
  weights?: AnswerWeights;
}

/** The one entry point of the core: a question (and its conversation) in, one answer object out. */
export interface AnswerEngine {
  answer(question: string, conversation?: Conversation): Promise<Answer>;
  /** The same answer, offered as a stream of text while it is written. */
  ask(question: string, conversation?: Conversation, options?: AskOptions): PendingAnswer;
  readonly corpus: CorpusData;
  readonly retrievalMode: string;
  /** The retrieval modes this index and model allow. */
  readonly retrievalModes: RetrievalMode[];
  readonly answerMode: 'generated' | 'extractive';
  /** The answer with its analysis, evidence and decision (the evaluation reads them). */
  trace(question: string, conversation?: Conversation, options?: AskOptions): Promise<AnswerTrace>;
}

/** A question the engine cannot take (empty, too long): its message is the sentence the user gets. */
export class InputError extends AppError {}

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const settings = { ...engineSettingsFrom(defaultConfig()), ...deps.settings };
  const log = deps.log ?? silentLogger;
  const catalog = new ArticleCatalog(deps.corpus);
  const retrievers: Partial<Record<RetrievalMode, Retriever>> = {
    [deps.retriever.mode as RetrievalMode]: deps.retriever,
    ...deps.retrievers,
  };
  const answerer = new Answerer({
    corpus: deps.corpus,
    keyword: deps.keyword,
    retriever: deps.retriever,
    retrievers,
    catalog,
    settings,
    weights: withBar(deps.weights ?? defaultWeights(), settings.answerMinConfidence),
    writer: deps.writer ?? null,
    rewriter: deps.rewriter ?? null,
    log,
  });

  async function produce(
    rawQuestion: string,
    conversation: Conversation | undefined,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<AnswerTrace> {
    const typed = normalizeQuestion(rawQuestion);
    const language = detectLanguage(typed);
    if (!typed) throw new InputError(texts(language).emptyQuestion);
    if (typed.length > settings.maxQuestionChars) throw new InputError(texts(language).tooLong(settings.maxQuestionChars));

    const started = performance.now();
    const result = await answerer.answer(rawQuestion, conversation, emit, options);
    const q = result.question;
    const retrievedAt = result.retrievedAt;
    let answer = result.answer;
    const timings = { retrieveMs: round(retrievedAt - started), generateMs: round(performance.now() - retrievedAt) };
    answer = { ...answer, timings };
    if (q.standalone !== q.normalized) answer = { ...answer, standaloneQuestion: q.standalone };
    if (conversation) remember(conversation, { question: q.original, answer }, settings);
    return { ...result, answer };
  }

  return {
    corpus: deps.corpus,
    retrievalMode: deps.retriever.mode,
    retrievalModes: (['keyword', 'dense', 'hybrid'] as const).filter((m) => retrievers[m]),
    answerMode: deps.writer ? 'generated' : 'extractive',
    ask(question, conversation, options = {}) {
      return new PendingAnswer(async (emit) => (await produce(question, conversation, emit, options)).answer);
    },
    answer(question, conversation) {
      return this.ask(question, conversation).answer;
    },
    trace(question, conversation, options = {}) {
      return produce(question, conversation, () => {}, options);
    },
  };
}

/** The weights with the operator's bar (ANSWER_MIN_CONFIDENCE) in place of the fitted one. */
function withBar(weights: AnswerWeights, bar: number | undefined): AnswerWeights {
  if (bar === undefined) return weights;
  const t = weights.thresholds;
  return {
    ...weights,
    thresholds: {
      ...t,
      answer: { value: bar, note: 'ANSWER_MIN_CONFIDENCE' },
      unsure: { ...t.unsure, value: Math.min(t.unsure.value, bar) },
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
