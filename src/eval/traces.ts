import type { AnswerEngine } from '../answer/engine.js';
import type { AnswerTrace } from '../answer/answerer.js';
import type { ArticleProfile } from '../answer/articles.js';
import { newConversation } from '../answer/types.js';
import type { AskOptions } from '../answer/engine-types.js';
import type { EvalQuestion, IssueTruth } from './score.js';

/** A question of a committed set, with the corpus it is asked over and that corpus's ground truth. */
export interface LabelledQuestion {
  q: EvalQuestion;
  set: string;
  corpus: string;
  truth: Record<string, IssueTruth>;
}

export interface QuestionTrace {
  lq: LabelledQuestion;
  trace: AnswerTrace;
}

/** Answers every question (a follow-up after its context, in one conversation) and keeps what the stages made of it. */
export async function traceAll(
  questions: LabelledQuestion[],
  engineFor: (corpus: string) => AnswerEngine,
  options: AskOptions = {},
): Promise<QuestionTrace[]> {
  const out: QuestionTrace[] = [];
  for (const lq of questions) {
    const engine = engineFor(lq.corpus);
    const conversation = lq.q.context?.length ? newConversation('eval') : undefined;
    for (const before of lq.q.context ?? []) await engine.answer(before, conversation).catch(() => undefined);
    out.push({ lq, trace: await engine.trace(lq.q.q, conversation, options) });
  }
  return out;
}

/** Whether an article is one the question's answer should cite. */
export function isTarget(article: ArticleProfile, lq: LabelledQuestion): boolean {
  return lq.q.targets.some((t) => {
    const issue = lq.truth[t.seed];
    return !!issue && issue.total === article.bulletin.cover.total && (t.toc_page === 0 || t.toc_page === article.toc.page);
  });
}

const compact = (s: string) => s.replace(/\s+/g, '');

/** Which of the question's must strings a text holds (whitespace aside, as score.py compares). */
export function mustHits(text: string, must: string[]): boolean[] {
  const t = compact(text);
  return must.map((m) => t.includes(compact(m)));
}

/** The issues (bulletin file names) a question is about: its targets', else the article it nearly matches. */
export function issuesOf(q: EvalQuestion): string[] {
  const seeds = q.targets.map((t) => t.seed);
  if (q.near) seeds.push(q.near.seed);
  return [...new Set(seeds)];
}
