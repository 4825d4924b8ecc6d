import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Answer } from '../answer/types.js';
import type { BulletinSummary } from '../domain/corpus.js';
import { citationJson, type CitationJson } from '../answer/contract.js';
import type { EvalQuestion } from '../eval/score.js';

/** A case saved from the REPL: a question in the dev.jsonl format, with the tester's verdict. */
export interface SavedCase extends EvalQuestion {
  must: string[];
  verdict: 'good' | 'bad';
  note?: string;
  /** What to fill in before the case can score (targets and must of a bad answer). */
  todo?: string;
  answer: string;
  found: boolean;
  citations: CitationJson[];
  mode: string;
  saved: string;
}

const KIND_OF_INTENT: Record<string, string> = {
  where: 'locate',
  list: 'aggregate',
  compare: 'aggregate',
  value: 'fact',
  masthead: 'meta',
  meta: 'meta',
};
/** Figures with their units, as a must-list starts ("500万元", "85%", "2000家"). */
const FIGURE = /\d+(?:\.\d+)?\s*(?:%|％|万亿元|亿元|万元|元|万户|亿户|万人|亿人|万家|家|个|项|条|台|座|场|亿|万)/g;

/**
 * The case for the last answer. A good answer's targets are the articles it cites and its must
 * the figures of its first quote (to check and trim); a bad answer's are left to fill in.
 */
export function caseFor(
  question: string,
  context: string[],
  answer: Answer,
  verdict: 'good' | 'bad',
  note: string,
  bulletins: BulletinSummary[],
  mode: string,
): SavedCase {
  const intent = answer.explain?.decision.path === 'meta' ? 'meta' : (answer.explain?.intent.kind ?? 'general');
  const good = verdict === 'good';
  const targets = good ? targetsOf(answer, bulletins) : [];
  const quote = answer.citations[0]?.quote ?? '';
  const must = good ? [...new Set(quote.match(FIGURE) ?? [])].slice(0, 3).map((m) => m.replace(/\s+/g, '')) : [];
  const kind = good && !answer.found ? 'unanswerable' : (KIND_OF_INTENT[intent] ?? 'detail');
  // The earlier questions matter only to a question read as a follow-up.
  const leaned = answer.explain && answer.explain.followUp.how !== 'none' ? context : [];
  return {
    q: question,
    kind,
    targets,
    must,
    evidence: good ? quote : '',
    ...(leaned.length ? { context: leaned } : {}),
    verdict,
    ...(note ? { note } : {}),
    ...(good ? {} : { todo: 'fill in targets (seed, toc_page, title) and must, or set kind to unanswerable' }),
    answer: answer.text,
    found: answer.found,
    citations: answer.citations.map(citationJson),
    mode,
    saved: new Date().toISOString(),
  };
}

function targetsOf(answer: Answer, bulletins: BulletinSummary[]): EvalQuestion['targets'] {
  const out: EvalQuestion['targets'] = [];
  for (const c of answer.citations) {
    const b = bulletins.find((x) => x.cover.total === c.issue.total);
    if (!b) continue;
    const entry = b.toc.find((e) => e.page <= c.pages[0] && c.pages[0] <= (e.endPage ?? Infinity)) ?? b.toc[0];
    if (!entry || out.some((t) => t.seed === b.file && t.toc_page === entry.page)) continue;
    out.push({ seed: b.file, toc_page: entry.page, title: entry.title });
  }
  return out;
}

export function appendCase(file: string, saved: SavedCase): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  appendFileSync(file, JSON.stringify(saved) + '\n');
}
