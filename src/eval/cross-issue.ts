import type { AnswerWeights } from '../answer/decision/weights.js';
import { fitWeights } from './fit.js';
import { enginesWith, evaluate, figures, type Figures, type ScoredQuestion, type SuiteData } from './suite.js';
import { issuesOf, traceAll, type LabelledQuestion, type QuestionTrace } from './traces.js';

export interface FoldResult {
  /** The issue left out (a bulletin file name). */
  issue: string;
  train: number;
  test: number;
  figures: Figures;
}

export interface CrossIssueResult {
  folds: FoldResult[];
  /** Every left-out question once, scored with the weights fitted without its issue. */
  heldOut: Figures;
  heldOutQuestions: ScoredQuestion[];
  /** Fitted on all, scored on all. */
  inSample: Figures;
  weights: AnswerWeights;
}

/**
 * Leave one issue out: for each issue in turn, the weights are fitted on the questions about the
 * other issues and the questions about it are answered with them. A question about several issues
 * (a list, a comparison) is tested with its first issue and left out of the fitting of each of its
 * issues; a question about none (off-topic) is spread over the folds in turn.
 */
export async function crossIssue(
  data: SuiteData,
  start: AnswerWeights,
  sets: string[],
  progress: (line: string) => void = () => {},
): Promise<CrossIssueResult> {
  const questions = data.questions;
  const issues = [...new Set(questions.flatMap((lq) => issuesOf(lq.q)))].sort();
  const home = new Map<LabelledQuestion, string>();
  let spread = 0;
  for (const lq of questions) home.set(lq, issuesOf(lq.q)[0] ?? issues[spread++ % issues.length]!);
  const about = (lq: LabelledQuestion, issue: string) => home.get(lq) === issue || issuesOf(lq.q).includes(issue);

  // The sentence features do not depend on the weights: one pass with every sentence kept serves every fold.
  const sentencePass = await traceAll(questions, enginesWith(data, start), { keepAllSentences: true });
  const byQuestion = new Map(sentencePass.map((t) => [t.lq, t]));
  const trainer = (subset: LabelledQuestion[]) => (weights: AnswerWeights, keepAll: boolean) =>
    traceAll(subset, enginesWith(data, weights), { keepAllSentences: keepAll });
  const subsetTraces = (subset: LabelledQuestion[]): QuestionTrace[] => subset.map((lq) => byQuestion.get(lq)!);

  const folds: FoldResult[] = [];
  const heldOutQuestions: ScoredQuestion[] = [];
  for (const issue of issues) {
    const train = questions.filter((lq) => !about(lq, issue));
    const test = questions.filter((lq) => home.get(lq) === issue);
    const weights = await fitWeights(trainer(train), start, sets, subsetTraces(train));
    const scored = await evaluate(data, test, weights);
    heldOutQuestions.push(...scored);
    folds.push({ issue, train: train.length, test: test.length, figures: figures(scored) });
    progress(`fold ${issue}: fitted on ${train.length}, tested on ${test.length}`);
  }
  const weights = await fitWeights(trainer(questions), start, sets, sentencePass);
  const inSample = figures(await evaluate(data, questions, weights));
  return { folds, heldOut: figures(heldOutQuestions), heldOutQuestions, inSample, weights };
}
