import type { Chunk } from '../../domain/chunk.js';
import { citationFromChunk } from '../../domain/citation.js';
import { formatCitation } from '../../domain/format.js';
import type { Candidate, Evidence, EvidencePassage, ScoredSentence } from './types.js';

/** Articles per part (and subject) whose sentences a model is shown, best-scored first. */
const CONTEXT_ARTICLES = 5;
/** Sentences per part and article shown to a model, each with its neighbours. */
const CONTEXT_SENTENCES = 5;
/** What the excerpt tags and labels add to each passage besides its source line and headings (formatExcerpts). */
const EXCERPT_TAG_CHARS = 40;

/** The characters a passage takes in the prompt: its text, its source line, its headings and the tags around it. */
function promptCost(p: EvidencePassage): number {
  const source = formatCitation(citationFromChunk(p.chunk, '', 0));
  return p.text.length + source.length + p.chunk.sectionPath.join(' > ').length + EXCERPT_TAG_CHARS;
}

/**
 * The passages a language model is shown, within `budget` characters: for a list, each matching
 * article's catalogue line with the sentence that speaks of the topic; then, for every part of the
 * question (and every subject of a comparison) in turn, the best sentences of the best-scored
 * articles, each with the sentences around it. Parts take turns, so a two-part question's second
 * part is not crowded out by its first.
 */
export function modelPassages(evidence: Omit<Evidence, 'passages'>, budget: number): EvidencePassage[] {
  const out: EvidencePassage[] = [];
  let used = 0;
  const add = (p: EvidencePassage): boolean => {
    const cost = promptCost(p);
    if (used + cost > budget) return false;
    out.push(p);
    used += cost;
    return true;
  };
  for (const m of evidence.list?.matches ?? []) {
    const chunk = m.chunk ?? m.article.chunks[0]!;
    if (!add({ chunk, text: m.sentence ? `${m.catalogue}\n${m.sentence}` : m.catalogue, role: 'list' })) return out;
  }
  const streams = evidence.groups.flatMap((g) =>
    g.parts.map((_, p) => ({ role: g.subject ? `subject ${g.subject}` : `part ${p + 1}`, items: ranked(g.candidates, p) })),
  );
  const shown = new Set<string>();
  for (let round = 0; streams.some((s) => round < s.items.length); round++) {
    for (const stream of streams) {
      const s = stream.items[round];
      if (!s) continue;
      const key = `${s.chunk.id}|${s.sentence}`;
      if (shown.has(key)) continue;
      const text = `${s.before}${s.sentence}${s.after}`;
      // A window that repeats one already shown is skipped; the budget is kept for new text.
      if (out.some((p) => p.chunk.id === s.chunk.id && p.text.includes(s.sentence))) continue;
      shown.add(key);
      if (!add({ chunk: s.chunk, text, role: stream.role })) return out;
    }
  }
  return out;
}

/** A part's sentences across the best-scored articles: each article's best first, then each one's next best. */
function ranked(candidates: Candidate[], part: number): Array<ScoredSentence & { chunk: Chunk }> {
  const best = [...candidates].sort((a, b) => b.score - a.score).slice(0, CONTEXT_ARTICLES);
  // The sentence chosen to answer (the best that passes the hard checks) comes first.
  const lists = best.map((c) => {
    const chosen = c.chosen[part];
    return [...(chosen ? [chosen] : []), ...(c.sentences[part] ?? []).filter((s) => s !== chosen)];
  });
  const out: ScoredSentence[] = [];
  for (let k = 0; k < CONTEXT_SENTENCES; k++)
    for (const list of lists) {
      const s = list[k];
      if (s) out.push(s);
    }
  return out;
}
