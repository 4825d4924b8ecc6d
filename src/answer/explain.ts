import type { RankedChunk } from '../search/retriever.js';
import { formatIssue } from '../domain/format.js';
import type { QuestionAnalysis } from './question/analyze.js';
import type { Candidate, Evidence } from './evidence/types.js';
import type { GroupDecision } from './decision/decide.js';
import type { Thresholds } from './decision/weights.js';
import type { Retrieval } from './search.js';
import type { Explain, ExplainCandidate, ExplainPassage } from './explain-data.js';
import { citationFromChunk } from '../domain/citation.js';
import { formatCitation } from '../domain/format.js';

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
    parts: q.parts.map((p) => p.text),
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
    score: r3(c.score),
    sentences: c.sentences.map((list) => list.slice(0, 3).map((s) => ({ sentence: s.sentence, score: r3(s.score) }))),
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

export function explainDecision(d: GroupDecision, path: Explain['decision']['path'], t: Thresholds): Explain['decision'] {
  return {
    path,
    answered: d.outcome === 'answer',
    reason: d.reason,
    bar: { name: 'answer', value: t.answer.value, measure: 'answer model probability', measured: r3(d.probability) },
    ...(d.nearMiss ? { failedCheck: { name: d.nearMiss.check.name, detail: d.nearMiss.check.detail } } : {}),
  };
}

/** The evidence set as /why lists it: each passage's role, source and size. */
export function explainEvidence(evidence: Evidence): ExplainPassage[] {
  return evidence.passages.map((p) => ({
    role: p.role,
    source: formatCitation(citationFromChunk(p.chunk, '', 0)),
    chars: p.text.length,
    text: p.text.length > 120 ? `${p.text.slice(0, 120)}…` : p.text,
  }));
}

export function explainList(evidence: Evidence): Explain['list'] {
  const list = evidence.list;
  if (!list) return undefined;
  return {
    criteria: list.criteria,
    matched: list.matches.length,
    articles: list.matches.slice(0, 50).map((m) => ({
      title: m.article.toc.title,
      issue: formatIssue(m.article.bulletin.cover),
      reason: m.reason,
      sentence: m.sentence,
    })),
  };
}
