import { citationFor } from '../../domain/citation.js';
import { formatDate, formatWhere } from '../../domain/format.js';
import { levelLabel } from '../../knowledge/places.js';
import { matchesFilters } from '../../search/retriever.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import { contains, type QuestionTerms, type WeightedTerm } from './terms.js';
import { answerSentences, isDebris } from '../sentence-quality.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import { hasCriteria, listCriteria, matchIssuer, type ListCriteria } from './list-criteria.js';
import type { ListEvidence, ListMatch } from './types.js';

/**
 * Share of the topic's weight one sentence of an article must hold for the article to speak of the
 * topic. Set at 0.75 so that a topic of two words may lose the lighter one ("推行首席数据官制度" is
 * matched by "建立首席数据官制度"), checked on the committed list questions (data/eval); the
 * heaviest word of the topic is always required.
 */
const TOPIC_SENTENCE_SHARE = 0.75;
/** A title holding this share of the topic speaks of it without a sentence. */
const TOPIC_TITLE_SHARE = 0.8;

/**
 * Every article that a list question asks for: by its title, issuer, level, column or kind, and by
 * what its text says (not only its title or lead): an article speaks of the topic when one of its
 * sentences holds the topic's words (with synonyms) and the dates it names. Each match has its best
 * sentence and its catalogue line.
 */
export function listEvidence(q: QuestionAnalysis, catalog: ArticleCatalog, terms: QuestionTerms): ListEvidence {
  const criteria = listCriteria(q);
  if (!hasCriteria(criteria) && !q.filters.category) return { criteria: { ...criteria }, matches: [], empty: true };
  const topic = topicTerms(criteria, terms);
  const matches: ListMatch[] = [];
  for (const a of catalog.all()) {
    if (!matchesFilters(a.chunks[0]!, q.filters)) continue;
    const issuer = matchIssuer(a, criteria, catalog);
    if (issuer === null) continue;
    const spoken = topic.length || criteria.literals.length ? speaksOf(a, topic, criteria.literals, catalog) : { sentence: '', chunk: null, reason: '' };
    if (!spoken) continue;
    const reason = [issuer, spoken.reason].filter(Boolean).join('，') || (q.filters.category ? `“${q.filters.category}”栏目` : '符合条件');
    const citation = citationFor(a.bulletin.cover, a.toc, spoken.sentence || a.toc.title, 1);
    matches.push({ article: a, sentence: spoken.sentence, chunk: spoken.chunk, reason, citation, catalogue: catalogueLine(a) });
  }
  matches.sort((x, y) => x.article.bulletin.cover.date.localeCompare(y.article.bulletin.cover.date) || x.article.toc.page - y.article.toc.page);
  return { criteria: { ...criteria, topic: topic.map((t) => t.term) }, matches, empty: false };
}

/** The topic's words as weighted terms (their synonyms with them), heaviest first. */
function topicTerms(criteria: ListCriteria, terms: QuestionTerms): WeightedTerm[] {
  return criteria.topic
    .map((t) => terms.terms.find((x) => x.term === t) ?? { term: t, weight: 1, variants: [t], known: true })
    .sort((a, b) => b.weight - a.weight);
}

function speaksOf(
  a: ArticleProfile,
  topic: WeightedTerm[],
  literals: string[],
  catalog: ArticleCatalog,
): { sentence: string; chunk: ListMatch['chunk']; reason: string } | null {
  const total = topic.reduce((n, t) => n + t.weight, 0) || 1;
  const held = (text: string) => topic.filter((t) => t.variants.some((v) => contains(text, v)));
  const title = a.toc.title.toLowerCase();
  if (!literals.length && topic.length && held(title).reduce((n, t) => n + t.weight, 0) / total >= TOPIC_TITLE_SHARE)
    return { sentence: '', chunk: null, reason: `标题讲${topic.map((t) => t.term).join('、')}` };
  // Cheap first: the whole article must hold the heaviest word and every literal at all.
  const text = catalog.compactText(a);
  if (topic.length && !topic[0]!.variants.some((v) => contains(text, v.replace(/\s+/g, '')))) return null;
  if (literals.some((l) => !text.includes(l))) return null;
  let best: { sentence: string; chunk: ListMatch['chunk']; share: number } | null = null;
  for (const chunk of a.chunks) {
    for (const sentence of answerSentences(chunk.text)) {
      if (isDebris(sentence)) continue;
      const lower = sentence.toLowerCase();
      const compact = lower.replace(/\s+/g, '');
      if (literals.some((l) => !compact.includes(l))) continue;
      const has = held(lower);
      if (topic.length && !has.includes(topic[0]!)) continue;
      const share = topic.length ? has.reduce((n, t) => n + t.weight, 0) / total : 1;
      if (share >= TOPIC_SENTENCE_SHARE && (!best || share > best.share || (share === best.share && sentence.length < best.sentence.length)))
        best = { sentence, chunk, share };
    }
  }
  if (!best) return null;
  return { sentence: best.sentence, chunk: best.chunk, reason: '' };
}

/** An article as a catalogue knows it: issue and pages, date, column, issuer and level. */
export function catalogueLine(a: ArticleProfile): string {
  const c = citationFor(a.bulletin.cover, a.toc, a.toc.title, 1);
  const issuer = a.titlePlaces.length ? `${a.titlePlaces.map((m) => m.text).join('')}（${levelLabel(a.titlePlaces.at(-1)!.places[0]!)}）` : '国家层面';
  return `《${a.toc.title}》——${formatWhere(c)}，${formatDate(a.bulletin.cover.date)}，“${a.toc.category}”栏目，${issuer}`;
}
