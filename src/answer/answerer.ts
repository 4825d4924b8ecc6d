import type { Bm25Index } from '../search/bm25.js';
import type { Retriever, RankedChunk } from '../search/retriever.js';
import type { CorpusData } from '../store/corpus-data.js';
import type { Logger } from '../util/log.js';
import type { AnswerEvent } from './pending.js';
import type { Answer, Conversation } from './types.js';
import type { AnswerWriter, AskOptions, EngineSettings } from './engine.js';
import type { ArticleCatalog } from './articles.js';
import { analyzeStandalone, type QuestionAnalysis } from './question/analyze.js';
import { retrieve, type Retrieval } from './search.js';
import { buildCandidates, type Candidate } from './answerability/candidates.js';
import { decide, type Decision } from './answerability/decide.js';
import { QuestionTerms } from './answerability/terms.js';
import { explainCandidate, explainDecision, explainQuestion, explainRetrieval, type Explain } from './explain.js';
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
  catalog: ArticleCatalog;
  settings: EngineSettings;
  writer: AnswerWriter | null;
  log: Logger;
}

/** Passages handed to a language model. */
const MODEL_PASSAGES = 6;

/** Answers an analysed question by its intent; every answer carries its `explain`. */
export class Answerer {
  constructor(private readonly deps: AnswererDeps) {}

  async answer(
    q: QuestionAnalysis,
    conversation: Conversation | undefined,
    emit: (e: AnswerEvent) => void,
    options: AskOptions,
  ): Promise<{ answer: Answer; retrievedAt: number }> {
    const base = explainQuestion(q);
    const issues = this.deps.corpus.bulletins.length;
    if (q.intent.kind === 'masthead') {
      const masthead = mastheadAnswer(q, this.deps.corpus.bulletins);
      if (masthead)
        return done({
          ...masthead,
          explain: { ...base, candidates: [], decision: { path: 'masthead', answered: true, reason: 'a field of the masthead' } },
        });
    }
    const preferred = q.followUp.how === 'none' ? [] : this.citedArticles(conversation);
    const r = await retrieve(q, this.deps.retriever, this.deps.keyword, this.deps.catalog, this.deps.settings.retrieveLimit, preferred);
    const retrievedAt = performance.now();
    const explainBase = { ...base, retrieval: explainRetrieval(r, this.deps.retriever.mode) };
    const finish = (answer: Answer) => ({ answer, retrievedAt });

    if (q.intent.kind === 'list' || asksWhetherCollected(q)) {
      const list = listAnswer(q, this.deps.catalog, r.terms, r.retrieved);
      if (list) {
        const yesNo = q.intent.kind !== 'list';
        const reason = `${list.matched} articles match ${JSON.stringify(list.criteria)}`;
        if (!list.matched) {
          const refusal = refusalAnswer(q.original, q.language, issues, r.retrieved);
          return finish({
            ...refusal,
            text: yesNo ? `没有。${refusal.text}` : refusal.text,
            explain: { ...explainBase, candidates: [], decision: { path: 'list', answered: false, reason } },
          });
        }
        const text = yesNo ? `有。${list.answer.text}` : list.answer.text;
        return finish({
          ...list.answer,
          text,
          explain: { ...explainBase, candidates: [], decision: { path: 'list', answered: true, reason } },
        });
      }
    }

    if (q.intent.kind === 'compare') {
      const subjects = compareSubjects(q);
      if (subjects.length >= 2) return finish(await this.compare(q, subjects, r, explainBase, emit, options));
    }

    const candidates = buildCandidates(q, r.terms, r.ranked, this.deps.catalog);
    const decision = decide(candidates, q.intent.kind, this.deps.settings);
    const explain: Explain = {
      ...explainBase,
      candidates: candidates.map(explainCandidate),
      decision: explainDecision(decision, 'refusal'),
    };
    const refusal = { ...refusalAnswer(q.original, q.language, issues, r.retrieved, decision), explain };
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
    if (!this.deps.writer || options.extractiveOnly || q.intent.kind === 'where') return finish(extractive);

    // With a language model, only clearly unrelated questions stop here; the model sees the rest.
    const related = Math.max(0, ...candidates.map((c) => c.topicCoverage));
    if (related < this.deps.settings.topicCoverage) {
      return finish({
        ...extractive,
        explain: {
          ...extractive.explain!,
          model: { called: false, reason: `unrelated: topic coverage ${related.toFixed(3)} < ${this.deps.settings.topicCoverage}` },
        },
      });
    }
    const passages = passagesFor(candidates, decision, r.ranked);
    const written = await this.deps.writer.write({
      question: q.original,
      standalone: q.standalone,
      language: q.language,
      outcome: { kind: 'answer', answer: extractive, passages, refusal },
      emit,
      signal: options.signal,
    });
    return finish({
      ...written,
      explain: {
        ...explain,
        decision: {
          ...explain.decision,
          path: written.generated ? 'model' : written.found ? explain.decision.path : 'refusal',
          answered: written.found,
        },
        model: { called: true, reason: `topic coverage ${related.toFixed(3)} ≥ ${this.deps.settings.topicCoverage}` },
      },
    });
  }

  private async compare(
    q: QuestionAnalysis,
    subjects: Array<{ subject: string; question: string }>,
    r: Retrieval,
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
      const sr = await retrieve(valueSub, this.deps.retriever, this.deps.keyword, this.deps.catalog, this.deps.settings.retrieveLimit);
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
    if (!this.deps.writer || options.extractiveOnly) return { ...answer, explain };
    const passages = dedupe(results.flatMap((x) => passagesFor(x.candidates, x.decision, []).slice(0, 3)));
    const refusal = refusalAnswer(q.original, q.language, this.deps.corpus.bulletins.length, r.retrieved);
    const written = await this.deps.writer.write({
      question: q.original,
      standalone: q.standalone,
      language: q.language,
      outcome: { kind: 'answer', answer: { ...answer, explain }, passages, refusal },
      emit,
      signal: options.signal,
    });
    return { ...written, explain: { ...explain, model: { called: true, reason: 'comparison' } } };
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

/** The chosen candidate's chunk first, then the other candidates', then the rest of the ranking. */
function passagesFor(candidates: Candidate[], decision: Decision, ranked: RankedChunk[]): RankedChunk[] {
  const first = decision.chosen ? [decision.chosen, ...candidates.filter((c) => c !== decision.chosen)] : candidates;
  return dedupe([...first.map((c) => ({ ...c.retrieval, chunk: c.chunk })), ...ranked]).slice(0, MODEL_PASSAGES);
}

function dedupe(passages: RankedChunk[]): RankedChunk[] {
  return passages.filter((p, i) => passages.findIndex((o) => o.chunk.id === p.chunk.id) === i);
}
