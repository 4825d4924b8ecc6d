import type { EvalResult, KindSummary } from './run.js';

const pct = (x: number | null) => (x === null ? '  –  ' : x.toFixed(2).padStart(5));

function table(title: string, groups: Record<string, KindSummary>): string[] {
  const lines = [`${title.padEnd(14)}   n  answered refused  must  hit@5`];
  for (const [k, s] of Object.entries(groups)) {
    lines.push(
      `${k.padEnd(14)} ${String(s.questions).padStart(3)}  ${pct(s.answered_when_answerable)}    ${pct(s.refused_when_unanswerable)}  ${pct(s.must_in_answer)}  ${pct(s['hit@5'])}`,
    );
  }
  return lines;
}

/** The per-kind and per-intent summary and every miss with its /why in short, for a terminal. */
export function formatEvalReport(result: EvalResult): string {
  const s = result.summary;
  const misses = result.rows.filter((r) =>
    r.kind === 'unanswerable' ? !r.ok : !r.found || !r.hit5 || (r.must !== null && r.must !== undefined && r.must < 1),
  );
  const lines = [
    `questions ${s.questions} · answered when answerable ${pct(s.answered_when_answerable)} · refused when unanswerable ${pct(s.refused_when_unanswerable)} · must ${pct(s.must_in_answer)} · hit@5 ${pct(s['hit@5'])} · citations valid ${pct(s.citations_valid)}`,
    '',
    ...table('kind (set)', s.by_kind),
    '',
    ...table('intent (read)', s.by_intent),
    '',
    `misses (${misses.length}):`,
    ...misses.map((r) => {
      const what =
        r.kind === 'unanswerable'
          ? 'answered an unanswerable'
          : !r.found
            ? 'refused'
            : !r.hit5
              ? `target not in top 5 (rank ${r.rank ?? '–'})`
              : `must ${r.must?.toFixed(2)}`;
      return `- [${r.kind}] ${r.q}\n    ${what} · ${r.why}`;
    }),
  ];
  return lines.join('\n');
}
