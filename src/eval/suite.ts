import { answerJson } from '../answer/contract.js';
import type { AnswerEngine } from '../answer/engine.js';
import type { AnswerWeights } from '../answer/decision/weights.js';
import { readSet } from './run.js';
import { indexCorpus, type CorpusIndex } from './corpus-engine.js';
import { readTruth, type Suite } from './manifest.js';
import { correctness, scoreRow, verdictOf, type Row, type Verdict } from './score.js';
import { traceAll, type LabelledQuestion, type QuestionTrace } from './traces.js';

export interface SuiteData {
  questions: LabelledQuestion[];
  indexes: Map<string, CorpusIndex>;
  dispose(): void;
}

/** Reads every set of the suite and indexes each corpus they are asked over, once. */
export async function loadSuite(suite: Suite): Promise<SuiteData> {
  const indexes = new Map<string, CorpusIndex>();
  const questions: LabelledQuestion[] = [];
  for (const set of suite.sets) {
    if (!indexes.has(set.corpus.name)) indexes.set(set.corpus.name, await indexCorpus(set.corpus));
    const truth = readTruth(set.corpus.issues);
    for (const q of readSet(set.file)) questions.push({ q, set: set.name, corpus: set.corpus.name, truth });
  }
  return { questions, indexes, dispose: () => indexes.forEach((i) => i.dispose()) };
}

/** One engine per corpus, all with the same weights. */
export function enginesWith(data: SuiteData, weights?: AnswerWeights): (corpus: string) => AnswerEngine {
  const engines = new Map<string, AnswerEngine>();
  return (corpus) => {
    let e = engines.get(corpus);
    if (!e) engines.set(corpus, (e = data.indexes.get(corpus)!.engine(weights)));
    return e;
  };
}

export interface ScoredQuestion {
  lq: LabelledQuestion;
  row: Row;
  verdict: Verdict;
  trace: QuestionTrace['trace'];
}

export function scoreTraces(traces: QuestionTrace[]): ScoredQuestion[] {
  return traces.map((t) => {
    const row = scoreRow(t.lq.truth, t.lq.q, answerJson(t.trace.answer));
    return { lq: t.lq, row, verdict: verdictOf(row), trace: t.trace };
  });
}

/** Answers and scores questions with some weights. */
export async function evaluate(data: SuiteData, questions: LabelledQuestion[], weights?: AnswerWeights): Promise<ScoredQuestion[]> {
  return scoreTraces(await traceAll(questions, enginesWith(data, weights)));
}

export type Figures = ReturnType<typeof correctness>;

export function figures(scored: ScoredQuestion[]): Figures {
  return correctness(scored.map((s) => s.row));
}
