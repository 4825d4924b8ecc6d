import { readFileSync } from 'node:fs';
import type { AnswerEngine } from '../answer/engine.js';
import type { AskOptions } from '../answer/engine-types.js';
import { answerJson } from '../answer/contract.js';
import { newConversation, type Answer } from '../answer/types.js';
import { parseJson } from '../util/json-file.js';
import { evalQuestionSchema, scoreRow, summarize, type EvalQuestion, type IssueTruth, type Row } from './score.js';

export interface EvalResult {
  rows: Array<Row & { intent: string; why: string }>;
  answers: Answer[];
  summary: ReturnType<typeof summarize> & { by_kind: Record<string, KindSummary>; by_intent: Record<string, KindSummary> };
}

export interface KindSummary {
  questions: number;
  answered_when_answerable: number | null;
  refused_when_unanswerable: number | null;
  must_in_answer: number | null;
  'hit@5': number | null;
}

/** Reads a question set (dev.jsonl format, one object a line; "context" = earlier questions of a conversation). */
export function readSet(file: string): EvalQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => parseJson(l, evalQuestionSchema, `${file}:${i + 1}`));
}

/**
 * Answers every question of a set through the engine (a follow-up after its context, in one
 * conversation) and scores it with the definitions of score.py, overall, per question kind of the
 * set and per intent the engine read.
 */
export async function runSet(
  engine: AnswerEngine,
  questions: EvalQuestion[],
  issues: Record<string, IssueTruth>,
  options: AskOptions = {},
): Promise<EvalResult> {
  const answers: Answer[] = [];
  for (const q of questions) {
    const conversation = q.context?.length ? newConversation('eval') : undefined;
    for (const before of q.context ?? []) await engine.ask(before, conversation, options).answer.catch(() => undefined);
    answers.push(await engine.ask(q.q, conversation, options).answer);
  }
  const rows = questions.map((q, i) => {
    const a = answers[i]!;
    return { ...scoreRow(issues, q, answerJson(a)), intent: a.explain?.intent.kind ?? 'meta', why: shortWhy(a) };
  });
  const group = (key: (r: (typeof rows)[number]) => string) => {
    const out: Record<string, KindSummary> = {};
    for (const k of [...new Set(rows.map(key))].sort()) out[k] = kindSummary(rows.filter((r) => key(r) === k));
    return out;
  };
  return { rows, answers, summary: { ...summarize(rows), by_kind: group((r) => r.kind), by_intent: group((r) => r.intent) } };
}

function kindSummary(rows: Row[]): KindSummary {
  const mean = (xs: Array<number | boolean | null | undefined>) => {
    const v = xs.filter((x): x is number | boolean => x !== null && x !== undefined).map(Number);
    return v.length ? Math.round((v.reduce((s, x) => s + x, 0) / v.length) * 1000) / 1000 : null;
  };
  const answerable = rows.filter((r) => r.kind !== 'unanswerable');
  return {
    questions: rows.length,
    answered_when_answerable: mean(answerable.map((r) => r.found)),
    refused_when_unanswerable: mean(rows.filter((r) => r.kind === 'unanswerable').map((r) => r.ok)),
    must_in_answer: mean(answerable.map((r) => r.must)),
    'hit@5': mean(answerable.filter((r) => r.recall10 === undefined).map((r) => r.hit5)),
  };
}

/** /why in one line: intent, path, and what decided. */
export function shortWhy(a: Answer): string {
  const e = a.explain;
  if (!e) return 'no explain';
  const top = e.candidates[0];
  const cand = top
    ? ` · top 《${top.title.slice(0, 24)}》 cov ${top.coverage}${
        top.checks.some((c) => !c.ok)
          ? ` ✗${top.checks
              .filter((c) => !c.ok)
              .map((c) => c.name)
              .join(',')}`
          : ''
      }`
    : '';
  return `${e.intent.kind} → ${e.decision.path}${e.decision.answered ? '' : ' (refused)'}: ${e.decision.reason}${cand}`;
}
