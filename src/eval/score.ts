import { z } from 'zod';
import type { AnswerJson, CitationJson } from '../answer/contract.js';

/** Scoring with the definitions of ../shared/eval/score.py, so that figures printed here match it. */

export interface EvalQuestion {
  q: string;
  kind: string;
  targets: Array<{ seed: string; toc_page: number; title: string }>;
  must?: string[];
  /** The sentence that holds the answer (for the reader of the set; not scored). */
  evidence?: string;
  /** Questions asked before this one in the same conversation (follow-ups). */
  context?: string[];
  /** A near miss: the article the unanswerable question is close to (it puts the question in that issue's fold). */
  near?: { seed: string; toc_page: number };
  /** Why an unanswerable question is not answered (for the reader of the set). */
  why?: string;
}

export interface IssueTruth {
  date: string;
  year: number;
  number: number;
  total: number;
  toc: Array<{ page: number; title: string; end: number | null }>;
}

/** A line of a question set (dev.jsonl); keys the scoring does not read (a case's `todo`) are kept. */
export const evalQuestionSchema: z.ZodType<EvalQuestion> = z.looseObject({
  q: z.string(),
  kind: z.string(),
  targets: z.array(z.looseObject({ seed: z.string(), toc_page: z.number().int(), title: z.string() })),
  must: z.array(z.string()).optional(),
  evidence: z.string().optional(),
  context: z.array(z.string()).optional(),
});

/** issues.json: per bulletin file (a set's "seed"), its cover numbers and table of contents. */
export const issuesTruthSchema: z.ZodType<Record<string, IssueTruth>> = z.record(
  z.string(),
  z.object({
    date: z.string(),
    year: z.number().int(),
    number: z.number().int(),
    total: z.number().int(),
    toc: z.array(z.object({ page: z.number().int(), title: z.string(), end: z.number().int().nullable() })),
  }),
);

export interface Row {
  q: string;
  kind: string;
  ok?: boolean;
  rank?: number | null;
  hit1?: boolean;
  hit5?: boolean;
  rr?: number;
  recall10?: number;
  found?: boolean;
  cited_hit?: boolean;
  must?: number | null;
  valid: boolean;
}

const OPEN = 10 ** 6;
type Target = [total: number, start: number, end: number];

function targetRange(issues: Record<string, IssueTruth>, seed: string, page: number): Target {
  const issue = issues[seed];
  if (!issue) throw new Error(`unknown seed ${seed}`);
  const entry = issue.toc.find((e) => e.page === page);
  if (entry) return [issue.total, entry.page, entry.end ?? OPEN];
  if (page === 0) return [issue.total, 0, OPEN];
  throw new Error(`no TOC entry at page ${page} in ${seed}`);
}

function validPages(issues: Record<string, IssueTruth>, c: CitationJson): boolean {
  const total = Number(c?.issue?.total);
  const s = Number(c?.pages?.[0]);
  const e = Number(c?.pages?.at(-1));
  if (![total, s, e].every(Number.isFinite)) return false;
  return Object.values(issues).some((i) => i.total === total && i.toc.some((t) => t.page <= s && e <= (t.end ?? OPEN)));
}

function hits(c: CitationJson, [total, ts, te]: Target): boolean {
  const s = Number(c?.pages?.[0]);
  const e = Number(c?.pages?.at(-1));
  if (Number(c?.issue?.total) !== total) return false;
  return ts === 0 || (s <= te && e >= ts);
}

const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, '');

export function scoreRow(issues: Record<string, IssueTruth>, q: EvalQuestion, a: Partial<AnswerJson>): Row {
  const used = a.citations ?? [];
  const cits = a.retrieved?.length ? a.retrieved : used;
  const row: Row = { q: q.q, kind: q.kind, valid: [...cits, ...used].every((c) => validPages(issues, c)) };
  if (q.kind === 'unanswerable') {
    row.ok = a.found === false;
    return row;
  }
  const targets = q.targets.map((t) => targetRange(issues, t.seed, t.toc_page));
  const ranks = cits.slice(0, 10).flatMap((c, i) => (targets.some((t) => hits(c, t)) ? [i] : []));
  row.rank = ranks.length ? ranks[0]! + 1 : null;
  row.hit1 = ranks[0] === 0;
  row.hit5 = ranks.length > 0 && ranks[0]! < 5;
  row.rr = ranks.length ? 1 / (ranks[0]! + 1) : 0;
  if (targets.length > 1) row.recall10 = targets.filter((t) => cits.slice(0, 10).some((c) => hits(c, t))).length / targets.length;
  row.found = a.found !== false;
  row.cited_hit = used.some((c) => targets.some((t) => hits(c, t)));
  const must = q.must ?? [];
  row.must = must.length ? must.filter((m) => norm(a.answer).includes(norm(m))).length / must.length : null;
  return row;
}

const mean = (xs: Array<number | boolean | null | undefined>) => {
  const v = xs.filter((x): x is number | boolean => x !== null && x !== undefined).map(Number);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
};

export function summarize(rows: Row[]) {
  const answerable = rows.filter((r) => r.kind !== 'unanswerable');
  const single = answerable.filter((r) => r.recall10 === undefined);
  const multi = answerable.filter((r) => r.recall10 !== undefined);
  const unanswerable = rows.filter((r) => r.kind === 'unanswerable');
  const kinds = [...new Set(answerable.map((r) => r.kind))];
  return {
    questions: rows.length,
    'hit@1': mean(single.map((r) => r.hit1)),
    'hit@5': mean(single.map((r) => r.hit5)),
    mrr: mean(single.map((r) => r.rr)),
    'aggregate_recall@10': mean(multi.map((r) => r.recall10)),
    answered_when_answerable: mean(answerable.map((r) => r.found)),
    cited_hit: mean(answerable.map((r) => r.cited_hit)),
    refused_when_unanswerable: mean(unanswerable.map((r) => r.ok)),
    must_in_answer: mean(answerable.map((r) => r.must)),
    citations_valid: mean(rows.map((r) => r.valid)),
    'by_kind_hit@5': Object.fromEntries(kinds.map((k) => [k, mean(answerable.filter((r) => r.kind === k).map((r) => r.hit5))])),
  };
}

/** What a user feels, as ../shared/eval/correct.py reads a row. */
export type Verdict = 'ok' | 'wrongly_refused' | 'answered_wrong_or_incomplete' | 'answered_unanswerable';

export function verdictOf(r: Row): Verdict {
  if (r.kind === 'unanswerable') return r.ok ? 'ok' : 'answered_unanswerable';
  if (!r.found) return 'wrongly_refused';
  return r.cited_hit && (r.must === null || r.must === undefined || r.must === 1) ? 'ok' : 'answered_wrong_or_incomplete';
}

/** The figures of correct.py: correct when answerable, refused when unanswerable, correct among answers given, lists and comparisons. */
export function correctness(rows: Row[]) {
  const verdicts = rows.map((r) => ({ r, v: verdictOf(r) }));
  const answerable = verdicts.filter(({ r }) => r.kind !== 'unanswerable');
  const unanswerable = verdicts.filter(({ r }) => r.kind === 'unanswerable');
  // Answers given: to answerable questions (right or not) and to unanswerable ones.
  const given = verdicts.filter(({ r, v }) => (r.kind !== 'unanswerable' && v !== 'wrongly_refused') || v === 'answered_unanswerable');
  const lists = answerable.filter(({ r }) => r.kind === 'aggregate' || r.kind === 'compare');
  const share = (xs: typeof verdicts, ok: (x: (typeof verdicts)[number]) => boolean) =>
    xs.length ? Math.round((xs.filter(ok).length / xs.length) * 1000) / 1000 : null;
  return {
    n: rows.length,
    correct_answerable: share(answerable, ({ v }) => v === 'ok'),
    refused_unanswerable: share(unanswerable, ({ v }) => v === 'ok'),
    precision_when_found: share(given, ({ v, r }) => v === 'ok' && r.kind !== 'unanswerable'),
    list_compare_correct: share(lists, ({ v }) => v === 'ok'),
  };
}

export function isMiss(r: Row): boolean {
  return r.kind === 'unanswerable' ? !r.ok : !r.hit5;
}
