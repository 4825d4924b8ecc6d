import type { CrossIssueResult } from './cross-issue.js';
import type { Figures, ScoredQuestion } from './suite.js';
import { figures } from './suite.js';

const f2 = (x: number | null) => (x === null ? '   – ' : x.toFixed(3).padStart(6));
const HEAD = `${'set'.padEnd(24)}    n  correct refused precision lists+cmp`;

export function figureLine(name: string, f: Figures): string {
  return `${name.padEnd(24)} ${String(f.n).padStart(4)}  ${f2(f.correct_answerable)}  ${f2(f.refused_unanswerable)}   ${f2(f.precision_when_found)}   ${f2(f.list_compare_correct)}`;
}

/** Figures per committed set and per question kind (correct.py's definitions). */
export function formatSuite(scored: ScoredQuestion[]): string {
  const sets = [...new Set(scored.map((s) => s.lq.set))];
  const kinds = [...new Set(scored.map((s) => s.lq.q.kind))].sort();
  return [
    HEAD,
    ...sets.map((set) => figureLine(set, figures(scored.filter((s) => s.lq.set === set)))),
    figureLine('all', figures(scored)),
    '',
    `${'kind'.padEnd(24)}    n  right  wrongly refused  answered wrong`,
    ...kinds.map((k) => {
      const of = scored.filter((s) => s.lq.q.kind === k);
      const count = (v: string) => of.filter((s) => s.verdict === v).length;
      const wrong = count('answered_wrong_or_incomplete') + count('answered_unanswerable');
      return `${k.padEnd(24)} ${String(of.length).padStart(4)}  ${String(count('ok')).padStart(5)}  ${String(count('wrongly_refused')).padStart(15)}  ${String(wrong).padStart(14)}`;
    }),
  ].join('\n');
}

/** Leave-one-issue-out figures, each fold and pooled, beside the in-sample ones. */
export function formatCrossIssue(r: CrossIssueResult): string {
  return [
    'leave one issue out: fitted on the questions about the other issues, tested on the questions about this one',
    HEAD,
    ...r.folds.map((f) => figureLine(`${f.issue} (${f.train}→${f.test})`.slice(0, 24), f.figures)),
    figureLine('held out, pooled', r.heldOut),
    figureLine('in sample (fit on all)', r.inSample),
  ].join('\n');
}
