import type { Bm25Index } from '../../search/bm25.js';
import { tokenize } from '../../search/tokenize.js';
import { englishToChineseGroups } from '../../search/query.js';
import type { Language } from '../../domain/language.js';
import { foldWidth } from '../../bulletin/normalize.js';
import { variantsOf } from '../../knowledge/synonyms.js';
import { lexicon } from '../../knowledge/lexicon.js';

export interface WeightedTerm {
  term: string;
  weight: number;
  /** The term and its synonyms (data/synonyms.tsv). */
  variants: string[];
  /** The corpus uses the term (or a synonym) at all. */
  known: boolean;
}

/** Weight of a term the corpus never uses: that of a term used once, not more (everyday words, typos). */
function cappedIdf(keyword: Bm25Index, term: string, variants: string[]): number {
  const known = variants.map((v) => keyword.idf(v)).filter((w, i) => keyword.documentFrequency(variants[i]!) > 0);
  if (known.length) return Math.min(...known);
  return keyword.idf(term) * 0.6;
}

/**
 * The question's content words, idf-weighted, with their synonyms, and a coverage measure that
 * tolerates wording: a term counts in full when it or a synonym occurs in the text, and by half
 * the share of its characters that occur when only those do ("体验场馆" against "体验中心").
 */
export class QuestionTerms {
  readonly terms: WeightedTerm[];
  private readonly total: number;

  constructor(text: string, language: Language, keyword: Bm25Index) {
    // Years are checked as constraints of their own (a different year is a different question).
    const asking = lexicon().askingWords;
    const keep = (t: string) => !asking.has(t) && !/^(19|20)\d{2}$/.test(t);
    // An English phrase's Chinese terms are one term with alternatives; a Chinese question's words are each a term.
    const groups =
      language === 'en'
        ? englishToChineseGroups(text, { unmapped: true }).map((g) => g.map((t) => t.toLowerCase()))
        : [...new Set(tokenize(text))].map((t) => [t]);
    const seen = new Set<string>();
    const terms = groups
      .filter((g) => keep(g[0]!) && !seen.has(g[0]!) && seen.add(g[0]!))
      .map((group) => {
        const term = group[0]!;
        const variants = [...new Set(group.flatMap((t) => variantsOf(t)))];
        const known = variants.some((v) => keyword.documentFrequency(v) > 0);
        return { term, weight: cappedIdf(keyword, term, variants), variants, known };
      });
    // An English word the glossary does not map ("iphone", "provincial") counts as much as an average
    // mapped term: what the question is about may lie there, or it may be a word the glossary lacks.
    const mapped = terms.filter((t) => !/^[a-z][a-z'-]*$/.test(t.term));
    const average = mapped.length ? mapped.reduce((n, t) => n + t.weight, 0) / mapped.length : 1;
    this.terms = language === 'en' ? terms.map((t) => (/^[a-z][a-z'-]*$/.test(t.term) ? { ...t, weight: average } : t)) : terms;
    this.total = this.terms.reduce((n, t) => n + t.weight, 0);
  }

  /** The same terms without those inside any of `words` (places, to measure the topic alone). */
  without(words: string[], options: { singleCharacters?: boolean } = {}): QuestionTerms {
    const copy = Object.create(QuestionTerms.prototype) as QuestionTerms;
    const kept = this.terms.filter(
      (t) =>
        !words.some((w) => w.includes(t.term) || t.term.includes(w)) &&
        (options.singleCharacters !== false || !/^\p{Script=Han}$/u.test(t.term)),
    );
    Object.assign(copy, { terms: kept, total: kept.reduce((n, t) => n + t.weight, 0) });
    return copy;
  }

  /** The same terms without those the bulletins never use (a reader's own words). */
  onlyKnown(): QuestionTerms {
    const copy = Object.create(QuestionTerms.prototype) as QuestionTerms;
    const kept = this.terms.filter((t) => t.known);
    Object.assign(copy, { terms: kept, total: kept.reduce((n, t) => n + t.weight, 0) });
    return copy;
  }

  /** The rarest term (highest weight), if any. */
  heaviest(): WeightedTerm | undefined {
    return this.terms.reduce<WeightedTerm | undefined>((a, b) => (!a || b.weight > a.weight ? b : a), undefined);
  }

  get isEmpty(): boolean {
    return this.terms.length === 0;
  }

  /** Share (0–1) of the question's weighted terms that a text holds. `folded` = already width-folded and lower-cased. */
  coverage(text: string, folded = false): number {
    if (!this.total) return 0;
    const haystack = folded ? text : foldWidth(text).toLowerCase();
    let covered = 0;
    for (const t of this.terms) covered += t.weight * termMatch(t, haystack);
    return covered / this.total;
  }

  /**
   * The same, whole words (and synonyms) only: for choosing among sentences, where partial
   * character credit would favour long sentences for the characters they happen to share.
   */
  wholeWordCoverage(text: string): number {
    if (!this.total) return 0;
    const haystack = foldWidth(text).toLowerCase();
    let covered = 0;
    for (const t of this.terms) if (t.variants.some((v) => contains(haystack, v))) covered += t.weight;
    return covered / this.total;
  }

  /** The terms a text lacks, heaviest first (for /why and for refusals that say what is missing). */
  missing(text: string, folded = false): string[] {
    const haystack = folded ? text : foldWidth(text).toLowerCase();
    return this.terms
      .filter((t) => termMatch(t, haystack) < 1)
      .sort((a, b) => b.weight - a.weight)
      .map((t) => t.term);
  }
}

export function termMatch(t: WeightedTerm, haystack: string): number {
  if (t.variants.some((v) => contains(haystack, v))) return 1;
  const chars = [...t.term].filter((c) => /\p{Script=Han}/u.test(c));
  if (chars.length < 2) return 0;
  const present = chars.filter((c) => haystack.includes(c)).length;
  return 0.5 * (present / chars.length);
}

/** Latin words ("ai", "pue") match whole words only. */
export function contains(haystack: string, term: string): boolean {
  if (!/^[a-z0-9.]+$/.test(term)) return haystack.includes(term);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(term, from);
    if (at < 0) return false;
    const before = haystack[at - 1] ?? ' ';
    const after = haystack[at + term.length] ?? ' ';
    if (!/[a-z]/.test(before) && !/[a-z]/.test(after)) return true;
    from = at + 1;
  }
}

/** How often a term occurs in a text, counting up to `cap` (a caller that needs "at least n" stops there). */
export function occurrences(text: string, term: string, cap = Infinity): number {
  let n = 0;
  for (let at = text.indexOf(term); at >= 0 && n < cap; at = text.indexOf(term, at + term.length)) n++;
  return n;
}
