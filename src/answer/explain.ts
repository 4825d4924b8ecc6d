import type { RankedChunk } from '../search/retriever.js';
import { formatIssue } from '../domain/format.js';
import type { QuestionAnalysis } from './question/analyze.js';
import type { Candidate } from './answerability/candidates.js';
import type { Decision } from './answerability/decide.js';
import type { Retrieval } from './search.js';
import type { Explain, ExplainCandidate } from './explain-data.js';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function explainQuestion(q: QuestionAnalysis): Omit<Explain, 'candidates' | 'decision'> {
  const c = q.constraints;
  return {
    normalized: q.normalized,
    standalone: q.standalone,
    followUp: { how: q.followUp.how, detail: q.followUp.detail },
    focus: q.focus,
    intent: { ...q.intent },
    filters: q.filters,
    constraints: {
      years: c.years,
      months: c.months,
      places: c.places.map((m) => ({ text: m.text, level: m.places[0]!.level, province: m.places[0]!.province })),
      level: c.level,
      excluded: c.excluded.map((m) => m.text),
      documents: c.documents,
      institutions: c.institutions.map((i) => i.text),
      attribute: q.attribute.map((g) => g.terms),
      quotes: c.quotes,
    },
  };
}

export function explainRetrieval(r: Retrieval, mode: string): Explain['retrieval'] {
  return { mode, tokens: r.query.tokens, expansions: r.expansions };
}

export function explainCandidate(c: Candidate): ExplainCandidate {
  const s = signalsOf(c.retrieval);
  return {
    rank: c.rank,
    title: c.article.toc.title,
    issue: formatIssue(c.article.bulletin.cover),
    pages: [c.article.toc.page, c.article.toc.endPage],
    ...s,
    coverage: r3(c.coverage),
    articleCoverage: r3(c.articleCoverage),
    topicCoverage: r3(c.topicCoverage),
    sentence: c.window.sentence,
    checks: c.checks.map((k) => ({ name: k.name, ok: k.ok, detail: k.detail })),
    passed: c.passed,
  };
}

function signalsOf(r: RankedChunk): Pick<ExplainCandidate, 'keyword' | 'dense' | 'fused'> {
  const s = r.signals;
  const out: Pick<ExplainCandidate, 'keyword' | 'dense' | 'fused'> = {};
  if (s?.keyword) out.keyword = { rank: s.keyword.rank, score: r3(s.keyword.score) };
  if (s?.dense) out.dense = { rank: s.dense.rank, score: r3(s.dense.score) };
  if (s?.keyword && s?.dense) out.fused = { score: Math.round(r.score * 10000) / 10000 };
  if (!s) out.keyword = { rank: 0, score: r3(r.score) };
  return out;
}

export function explainDecision(d: Decision, path: Explain['decision']['path']): Explain['decision'] {
  return {
    path,
    answered: d.answer,
    reason: d.reason,
    bar: d.bar,
    ...(d.nearMiss ? { failedCheck: { name: d.nearMiss.check.name, detail: d.nearMiss.check.detail } } : {}),
  };
}
