import type { Bm25Index } from '../search/bm25.js';
import type { Retriever, RankedChunk } from '../search/retriever.js';
import type { CorpusData } from '../domain/corpus.js';
import type { Logger } from '../util/log.js';
import type { AnswerEvent } from './pending.js';
import type { Answer, Conversation } from './types.js';
import type { AnswerWriter, AskOptions, EngineSettings, QuestionRewriter, RetrievalMode } from './engine-types.js';
import type { ArticleCatalog } from './articles.js';
import type { QuestionAnalysis } from './question/analyze.js';
import type { AnswerWeights } from './decision/weights.js';
import type { Evidence } from './evidence/types.js';
import { analyse } from './stages/analyse.js';
import { gatherEvidence } from './evidence/gather.js';
import { decide, type Decision } from './decision/decide.js';
import { shapeAnswer } from './shapes/shape.js';
import { catalogueAnswer } from './shapes/catalogue.js';
import { refusalAnswer } from './shapes/refusal.js';
import { passagesOfAnswer } from './passages.js';
import { explainCandidate, explainDecision, explainEvidence, explainList, explainQuestion, explainRetrieval } from './explain.js';
import type { Explain } from './explain-data.js';

/** An answer with what the stages made of it (for the evaluation and the fitting of the weights). */
export interface AnswerTrace {
  answer: Answer;
  question: QuestionAnalysis;
  /** Null for questions answered from the catalogue (covers, tables of contents, masthead). */
  evidence: Evidence | null;
  decision: Decision | null;
}

export interface AnswererDeps {
  corpus: CorpusData;
  keyword: Bm25Index;
  retriever: Retriever;
  retrievers: Partial<Record<RetrievalMode, Retriever>>;
  catalog: ArticleCatalog;
  settings: EngineSettings;
  weights: AnswerWeights;
  writer: AnswerWriter | null;
  rewriter: QuestionRewriter | null;
  log: Logger;
}

/**
 * Answers a question in four stages with typed inputs and outputs, none changing what it reads:
 * analyse → gather the evidence → decide → shape; then, with a language
 * model, the model writes the answer from the same evidence. Questions about the bulletins
 * themselves (issues, tables of contents, the masthead) are answered from the catalogue.
 */
export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  async answer(
    raw: string,
    conversation: Conversation | undefined,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<AnswerTrace & { retrievedAt: number }> {
    const q = await analyse(raw, conversation, this.deps, options.signal);
    const catalogued = catalogueAnswer(q, this.deps.corpus.bulletins);
    if (catalogued)
      return {
        answer: await this.written(q, catalogued, passagesOfAnswer(catalogued), emit, options),
        question: q,
        evidence: null,
        decision: null,
        retrievedAt: now(),
      };

    const evidence = await this.gather(q, conversation, options);
    const retrievedAt = now();
    const decision = decide(evidence, this.deps.weights.thresholds);
    const shaped = shapeAnswer(q, evidence, decision, this.deps.corpus.bulletins.length);
    const answer = { ...shaped.answer, explain: this.explain(q, evidence, decision, shaped.path, this.retrieverFor(options).mode) };
    return { answer: await this.withModel(q, answer, evidence, decision, emit, options), question: q, evidence, decision, retrievedAt };
  }

  private gather(q: QuestionAnalysis, conversation: Conversation | undefined, options: AskOptions): Promise<Evidence> {
    const { settings } = this.deps;
    const retriever = this.retrieverFor(options);
    const overhead = this.deps.writer && !options.extractiveOnly ? (this.deps.writer.promptChars?.(q.standalone) ?? 0) : 0;
    return gatherEvidence(
      q,
      {
        keyword: this.deps.keyword,
        catalog: this.deps.catalog,
        weights: this.deps.weights,
        retrieveLimit: settings.retrieveLimit,
        contextMaxChars: Math.max(0, settings.contextMaxChars - overhead),
      },
      {
        retriever,
        preferred: q.followUp.how === 'none' ? [] : this.citedArticles(conversation),
        keepAllSentences: options.keepAllSentences,
      },
    );
  }

  /** The retriever of the mode asked for (the REPL's /mode), when the index has it; the configured one otherwise. */
  private retrieverFor(options: AskOptions): Retriever {
    return (options.retrievalMode && this.deps.retrievers[options.retrievalMode]) || this.deps.retriever;
  }

  /**
   * With a language model, every question the gate lets through is answered by the model from the
   * evidence set (lists and comparisons included); the core's own answer is the fallback when the
   * model fails, and its refusal is given when the model finds no answer.
   */
  private async withModel(
    q: QuestionAnalysis,
    own: Answer,
    evidence: Evidence,
    decision: Decision,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<Answer> {
    if (!this.deps.writer || options.extractiveOnly) return own;
    if (decision.unrelated) {
      const reason = 'unrelated: nothing in the bulletins speaks of the question (gate)';
      return { ...own, explain: { ...own.explain!, model: { called: false, reason } } };
    }
    const passages: RankedChunk[] = evidence.passages.map((p) => ({ chunk: { ...p.chunk, text: p.text }, score: 1 }));
    const refusal = own.found
      ? {
          ...refusalAnswer(q.original, q.language, this.deps.corpus.bulletins.length, own.retrieved),
          explain: own.explain,
        }
      : own;
    return this.written(q, own, passages, emit, options, refusal);
  }

  /**
   * The answer a language model writes from the passages, when one is configured; the core's own
   * answer otherwise, and whenever the model fails. The model's "not found" becomes the refusal.
   */
  private async written(
    q: QuestionAnalysis,
    own: Answer,
    passages: RankedChunk[],
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
    refusal?: Answer,
  ): Promise<Answer> {
    if (!this.deps.writer || options.extractiveOnly || !passages.length || (!own.found && !refusal)) return own;
    const notFound = refusal ?? {
      ...refusalAnswer(q.original, q.language, this.deps.corpus.bulletins.length, own.retrieved),
      explain: own.explain,
    };
    const written = await this.deps.writer.write({
      question: q.original,
      // The model reads the question as asked; a follow-up, as resolved (it has no history).
      standalone: q.followUp.how === 'none' ? q.original : q.standalone,
      language: q.language,
      outcome: { kind: 'answer', answer: own, passages, refusal: notFound },
      emit,
      signal: options.signal,
    });
    const explain = own.explain;
    if (!explain) return written;
    return {
      ...written,
      explain: {
        ...explain,
        decision: {
          ...explain.decision,
          path: written.generated ? 'model' : written.found ? explain.decision.path : 'refusal',
          answered: written.found,
        },
        model: {
          called: true,
          reason: written.generated
            ? `written by the model from ${passages.length} passages`
            : written.found
              ? 'the model failed; the core answered'
              : 'the model found no answer in the passages',
        },
      },
    };
  }

  private explain(q: QuestionAnalysis, evidence: Evidence, decision: Decision, path: Explain['decision']['path'], mode: string): Explain {
    const first = decision.groups[0];
    const listDecision = {
      path,
      answered: decision.listFound ?? false,
      reason: `${evidence.list?.matches.length ?? 0} articles speak of the topic`,
    };
    return {
      ...explainQuestion(q),
      retrieval: explainRetrieval(evidence.retrieval, mode),
      candidates: evidence.groups.flatMap((g) => g.candidates.slice(0, evidence.groups.length > 1 ? 3 : 6).map(explainCandidate)),
      evidence: explainEvidence(evidence),
      list: explainList(evidence),
      decision: path === 'list' ? listDecision : first ? explainDecision(first, path, this.deps.weights.thresholds) : listDecision,
      ...(evidence.groups.length > 1
        ? {
            subjects: evidence.groups.map((g, i) => ({
              subject: g.subject,
              question: g.question.focus,
              answered: decision.groups[i]!.outcome === 'answer',
              reason: decision.groups[i]!.reason,
            })),
          }
        : {}),
    };
  }

  private citedArticles(conversation: Conversation | undefined): string[] {
    const last = conversation?.history.at(-1)?.answer;
    if (!last) return [];
    const cited = [...last.citations, ...last.retrieved.slice(0, 1)];
    return this.deps.catalog
      .all()
      .filter((a) => cited.some((c) => c.issue.total === a.bulletin.cover.total && c.title === a.toc.title))
      .map((a) => a.key);
  }
}

const now = () => performance.now();
