import type { Bm25Index } from '../search/bm25.js';
import type { Retriever, RankedChunk } from '../search/retriever.js';
import { dedupe, passagesFor, passagesOfAnswer } from './passages.js';
import { answerMeta } from './meta.js';
import { texts } from './texts.js';
import type { CorpusData } from '../domain/corpus.js';
import type { Logger } from '../util/log.js';
import type { AnswerEvent } from './pending.js';
import type { Answer, Conversation } from './types.js';
import type { AnswerWriter, AskOptions, EngineSettings, RetrievalMode } from './engine-types.js';
import type { ArticleCatalog } from './articles.js';
import { analyzeStandalone, type QuestionAnalysis } from './question/analyze.js';
import { retrieve, type Retrieval } from './search.js';
import { buildCandidates } from './answerability/candidates.js';
import { decide } from './answerability/decide.js';
import { explainCandidate, explainDecision, explainQuestion, explainRetrieval } from './explain.js';
import type { Explain } from './explain-data.js';
import { mastheadAnswer } from './shapes/masthead.js';
import { whereAnswer } from './shapes/where.js';
import { listAnswer } from './shapes/list.js';
import { compareAnswer, compareSubjects, type SubjectResult } from './shapes/compare.js';
import { extractiveAnswer } from './shapes/extractive.js';
import { refusalAnswer } from './shapes/refusal.js';
import { yesNoLead, asksWhetherCollected } from './shapes/yes-no.js';

export interface AnswererDeps {
  corpus: CorpusData;
  keyword: Bm25Index;
  retriever: Retriever;
  retrievers: Partial<Record<RetrievalMode, Retriever>>;
  catalog: ArticleCatalog;
  settings: EngineSettings;
  writer: AnswerWriter | null;
  log: Logger;
}

/** Answers an analysed question by its intent; every answer carries its `explain`. */
export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  async answer(
    analysis: QuestionAnalysis,
    conversation: Conversation | undefined,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<{ answer: Answer; retrievedAt: number }> {
    let q = analysis;
    const base = explainQuestion(q);
    const issues = this.deps.corpus.bulletins.length;
    // "[1,2,3]", stray bytes, punctuation: nothing to search for, and nothing to cite.
    if (!/\p{Script=Han}|[A-Za-z]{2,}/u.test(q.standalone)) {
      const explain: Explain = {
        ...base,
        candidates: [],
        decision: { path: 'refusal', answered: false, reason: 'no Chinese or English words in the question' },
      };
      return done({
        question: q.original,
        text: texts(q.language).notAQuestion,
        found: false,
        citations: [],
        retrieved: [],
        language: q.language,
        kind: 'refusal',
        explain,
      });
    }
    const meta = answerMeta(q.standalone, q.language, this.deps.corpus.bulletins);
    if (meta) {
      const explain: Explain = {
        ...base,
        candidates: [],
        decision: { path: 'meta', answered: meta.found, reason: 'answered from the covers and tables of contents' },
      };
      return done(await this.written(q, { ...meta, question: q.original, explain }, passagesOfAnswer(meta), emit, options));
    }
    if (q.intent.kind === 'masthead') {
      const masthead = mastheadAnswer(q, this.deps.corpus.bulletins);
      if (masthead) {
        const explain: Explain = {
          ...base,
          candidates: [],
          decision: { path: 'masthead', answered: true, reason: 'a field of the masthead' },
        };
        return done(await this.written(q, { ...masthead, explain }, passagesOfAnswer(masthead), emit, options));
      }
    }
    const retriever = (options.retrievalMode && this.deps.retrievers[options.retrievalMode]) || this.deps.retriever;
    const preferred = q.followUp.how === 'none' ? [] : this.citedArticles(conversation);
    const r = await retrieve(q, retriever, this.deps.keyword, this.deps.catalog, this.deps.settings.retrieveLimit, preferred);
    const retrievedAt = performance.now();
    const explainBase = { ...base, retrieval: explainRetrieval(r, retriever.mode) };
    const finish = (answer: Answer) => ({ answer, retrievedAt });

    if (q.intent.kind === 'list' || asksWhetherCollected(q)) {
      const list = listAnswer(q, this.deps.catalog, r.terms, r.retrieved);
      if (list) {
        const yesNo = q.intent.kind !== 'list';
        const reason = `${list.matched} articles match ${JSON.stringify(list.criteria)}`;
        if (!list.matched) {
          const refusal = refusalAnswer(q.original, q.language, issues, r.retrieved, undefined, resolvedAsked(q));
          return finish({
            ...refusal,
            text: yesNo ? `没有。${refusal.text}` : refusal.text,
            explain: { ...explainBase, candidates: [], decision: { path: 'list', answered: false, reason } },
          });
        }
        const text = yesNo ? `有。${list.answer.text}` : list.answer.text;
        const answer = {
          ...list.answer,
          text,
          explain: { ...explainBase, candidates: [], decision: { path: 'list' as const, answered: true, reason } },
        };
        return finish(await this.written(q, answer, passagesOfAnswer(answer), emit, options));
      }
    }

    if (q.intent.kind === 'compare') {
      const subjects = compareSubjects(q);
      if (subjects.length >= 2) return finish(await this.compare(q, subjects, r, retriever, explainBase, emit, options));
      // "归集量和开放数据集分别达到多少": two figures of one subject are a value question.
      q = { ...q, intent: { ...q.intent, kind: 'value' } };
    }

    const candidates = buildCandidates(q, r.terms, r.ranked, this.deps.catalog);
    const decision = decide(candidates, q.intent.kind, this.deps.settings);
    const explain: Explain = {
      ...explainBase,
      candidates: candidates.map(explainCandidate),
      decision: explainDecision(decision, 'refusal'),
    };
    const refusal = { ...refusalAnswer(q.original, q.language, issues, r.retrieved, decision, resolvedAsked(q)), explain };
    let extractive: Answer = refusal;
    if (decision.answer && decision.chosen) {
      const chosen = decision.chosen;
      const path = q.intent.kind === 'where' ? 'where' : 'extractive';
      const made =
        path === 'where'
          ? whereAnswer(q, chosen, r.terms, r.retrieved)
          : extractiveAnswer(
              q,
              chosen,
              candidates,
              r.terms,
              r.retrieved,
              q.intent.kind === 'yesno' ? yesNoLead(q.focus, chosen.window.sentence) : '',
            );
      extractive = { ...made, explain: { ...explain, decision: explainDecision(decision, path) } };
    }
    // With a language model, only clearly unrelated questions stop here; the model sees the rest.
    const related = Math.max(0, ...candidates.map((c) => c.topicCoverage));
    // "推荐几本好看的书" shares a word or two with some article, but no article is about it.
    const aboutNothing = candidates.length > 0 && candidates.every((c) => c.checks.some((k) => k.name === 'about' && !k.ok));
    if (this.deps.writer && !options.extractiveOnly && (related < this.deps.settings.topicCoverage || aboutNothing)) {
      const reason = aboutNothing
        ? 'unrelated: no candidate article is about the question'
        : `unrelated: topic coverage ${related.toFixed(3)} < ${this.deps.settings.topicCoverage}`;
      return finish({ ...extractive, explain: { ...extractive.explain!, model: { called: false, reason } } });
    }
    return finish(await this.written(q, extractive, passagesFor(candidates, decision, r.ranked), emit, options, refusal));
  }

  /**
   * The answer a language model writes from the passages, when one is configured and the answer is
   * not a refusal of an unrelated question; the core's own answer otherwise, and whenever the model
   * fails. The model's "not found" becomes the refusal (found: false).
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
    const explain = own.explain!;
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
            ? 'written by the model from the passages'
            : written.found
              ? 'the model failed; the core answered'
              : 'the model found no answer in the passages',
        },
      },
    };
  }

  private async compare(
    q: QuestionAnalysis,
    subjects: Array<{ subject: string; question: string }>,
    r: Retrieval,
    retriever: Retriever,
    explainBase: Omit<Explain, 'candidates' | 'decision'>,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<Answer> {
    const results: SubjectResult[] = [];
    for (const s of subjects) {
      const sub = analyzeStandalone(
        s.question,
        s.question,
        { standalone: s.question, how: 'none', detail: '' },
        this.deps.catalog.extraPlaces(),
      );
      const valueSub: QuestionAnalysis = {
        ...sub,
        intent: { ...sub.intent, kind: sub.intent.kind === 'compare' ? 'value' : sub.intent.kind },
      };
      const sr = await retrieve(valueSub, retriever, this.deps.keyword, this.deps.catalog, this.deps.settings.retrieveLimit);
      const candidates = buildCandidates(valueSub, sr.terms, sr.ranked, this.deps.catalog);
      results.push({ ...s, decision: decide(candidates, valueSub.intent.kind, this.deps.settings), candidates });
    }
    const answer = compareAnswer(q, results, r.retrieved);
    const explain: Explain = {
      ...explainBase,
      candidates: results.flatMap((x) => x.candidates.slice(0, 3).map(explainCandidate)),
      decision: {
        path: 'compare',
        answered: answer.found,
        reason: `${results.filter((x) => x.decision.answer).length} of ${results.length} subjects answered`,
      },
      subjects: results.map((x) => ({ subject: x.subject, question: x.question, answered: x.decision.answer, reason: x.decision.reason })),
    };
    const passages = dedupe(results.flatMap((x) => passagesFor(x.candidates, x.decision, []).slice(0, 3)));
    const refusal = { ...refusalAnswer(q.original, q.language, this.deps.corpus.bulletins.length, r.retrieved), explain };
    return this.written(q, { ...answer, explain }, passages, emit, options, refusal);
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

const done = (answer: Answer) => ({ answer, retrievedAt: performance.now() });

/** A follow-up's refusal names the question it was read as ("那武汉呢？" → "武汉元宇宙…规模目标是多少？"). */
function resolvedAsked(q: QuestionAnalysis): string | undefined {
  return q.followUp.how === 'none' ? undefined : q.standalone;
}
