import type { Chunk } from '../../domain/chunk.js';
import type { RankedChunk } from '../../search/retriever.js';
import { foldWidth } from '../../bulletin/normalize.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { ArticleCatalog, ArticleProfile } from '../articles.js';
import { expectedValueOrNumber, holdsValue } from '../answer-type.js';
import { answerSentences, isDebris } from '../sentence-quality.js';
import { yearsIn } from '../question/constraints.js';
import { checkCandidate, type Check, type EvidenceWindow } from './checks.js';
import type { QuestionTerms } from './terms.js';

/** An article that might answer, with the window of text that would, and how it fares. */
export interface Candidate {
  article: ArticleProfile;
  /** Rank of the article in the retrieval results (1 = best). */
  rank: number;
  /** The retriever's score of the article's best chunk, and the per-retriever ranks when fused. */
  retrieval: RankedChunk;
  chunk: Chunk;
  window: EvidenceWindow;
  /** Tolerant coverage (0–1) of the question's weighted terms by the window and the article's title. */
  coverage: number;
  /** The same over the whole article. */
  articleCoverage: number;
  /** Window coverage of the question's topic alone (its places left out): near zero for "明天贵阳会下雨吗". */
  topicCoverage: number;
  checks: Check[];
  /** Every check passed. */
  passed: boolean;
}

/** Chunks of one article looked at, from the top of the ranking. */
const CHUNKS_PER_ARTICLE = 4;
/** Windows considered for the answer: those covering at least this share of the best window's coverage. */
const WINDOW_SHARE = 0.5;
/** Checks that say whether a window holds the answer at all (the others say whether it is the right one). */
const LOCATING = new Set(['value', 'attribute']);
/** Articles read in full (every chunk), from the top of the ranking. */
const FULLY_READ = 3;

/**
 * The best few articles of a ranking as answer candidates. Within each, every sentence of its top
 * chunks is read with its neighbours and the title; the window that covers the question best (a
 * sentence that holds the asked kind of value counts extra) is checked against the question's
 * constraints, and one that passes them is preferred when it covers nearly as well.
 */
export function buildCandidates(
  q: QuestionAnalysis,
  terms: QuestionTerms,
  ranked: RankedChunk[],
  catalog: ArticleCatalog,
  maxArticles = 6,
): Candidate[] {
  const byArticle = new Map<string, RankedChunk[]>();
  for (const r of ranked) {
    const key = catalog.ofChunk(r.chunk).key;
    const list = byArticle.get(key) ?? [];
    if (!list.length && byArticle.size >= maxArticles) continue;
    if (list.length < CHUNKS_PER_ARTICLE) list.push(r);
    byArticle.set(key, list);
  }
  const value = q.intent.kind === 'value' ? expectedValueOrNumber(q.focus) : null;
  // The topic: places left out, and single characters ("帮", "诗"), which sit inside unrelated words.
  const topicTerms = terms.without(
    q.constraints.places.map((p) => p.text),
    { singleCharacters: false },
  );
  // A phrase the question quotes ("“山东科技大市场”") that some candidate holds word for word
  // points at that candidate: the others do not answer.
  const quotes = q.constraints.quotes.filter((x) =>
    [...byArticle.values()].some((c) => catalog.compactText(catalog.ofChunk(c[0]!.chunk)).includes(x)),
  );
  const candidates: Candidate[] = [];
  let rank = 0;
  for (const chunks of byArticle.values()) {
    rank++;
    const article = catalog.ofChunk(chunks[0]!.chunk);
    // The best few articles are read in full: the answering sentence may sit in a chunk retrieval ranked low.
    const read =
      rank <= FULLY_READ
        ? [...chunks, ...article.chunks.filter((c) => !chunks.some((r) => r.chunk.id === c.id)).map((chunk) => ({ chunk, score: 0 }))]
        : chunks;
    // What the question asks beyond the document's name: the title's words identify the article,
    // the rest picks the sentence ("…指导意见，对2030年提出了什么目标" → 2030, 目标).
    const residual = terms.without([article.toc.title.toLowerCase()]);
    const windows = read
      .flatMap((r) => windowsOf(r, q.focus, article, terms, residual, value, q.constraints.years))
      .sort((a, b) => b.score - a.score);
    if (!windows.length) continue;
    const best = windows[0]!;
    // Windows that cover nearly as well as the best are read with the checks: one that passes them
    // all answers; else one that at least holds the asked value and names the asked thing (then
    // its failed constraint is the near miss); else the best window as it is.
    const evaluated = windows
      .filter((w) => w.coverage >= best.coverage * WINDOW_SHARE)
      .slice(0, 12)
      .map((w) => ({
        w,
        checks: [...checkCandidate(q, terms, article, w.window, catalog), ...quoteChecks(quotes, catalog.compactText(article))],
      }));
    const locates = (e: (typeof evaluated)[number]) => e.checks.every((c) => c.ok || !LOCATING.has(c.name));
    const chosen = evaluated.find((e) => e.checks.every((c) => c.ok)) ?? evaluated.find(locates) ?? evaluated[0]!;
    candidates.push({
      article,
      rank,
      retrieval: chunks[0]!,
      chunk: chosen.w.chunk,
      window: chosen.w.window,
      coverage: chosen.w.coverage,
      articleCoverage: terms.coverage(catalog.text(article), true),
      // Whole words only: shared characters ("一首" has 一) say nothing of a topic.
      topicCoverage: topicTerms.wholeWordCoverage(`${article.toc.title} ${chosen.w.window.text}`),
      checks: chosen.checks,
      passed: chosen.checks.every((c) => c.ok),
    });
  }
  return candidates;
}

interface ScoredWindow {
  chunk: Chunk;
  window: EvidenceWindow;
  coverage: number;
  score: number;
}

function quoteChecks(quotes: string[], articleText: string): Check[] {
  return quotes.map((x) => {
    const ok = articleText.includes(x);
    return {
      name: 'quote' as const,
      ok,
      detail: ok ? `the article has “${x}”` : `the article does not have “${x}”, another candidate does`,
      instead: ok ? undefined : `文中没有“${x}”`,
    };
  });
}

/**
 * Part of a whole that a statistics bulletin breaks its figures into: regions, classes of city,
 * the top few. A sentence about one when the question names none is not the national answer.
 */
const SCOPES =
  /东、中、西部|东部地区|中部地区|西部地区|东北地区|副省级中心城市|中心城市|居前\s*\d*\s*名|前\s*[\d一二三四五六七八九十]+\s*名|排名前/;
const NARROWED_PENALTY = 0.3;

export function narrowsScope(sentence: string, question: string): boolean {
  const m = SCOPES.exec(sentence);
  return !!m && !SCOPES.test(question) && !/地区|城市|省份|排名|前几/.test(question);
}

/** "目标是什么", "提出了什么目标": a document states its targets as "到2025年，…" or under 主要目标. */
const ASKS_TARGET = /目标/;
const TARGET_BONUS = 0.3;

export function statesTarget(sentence: string, sectionPath: string[]): boolean {
  return /^[^，。；]{0,12}?到\s*(?:20\d{2}\s*年|“?十[四五]五”?末)/.test(sentence) || sectionPath.some((s) => /目标/.test(s));
}

function windowsOf(
  r: RankedChunk,
  question: string,
  article: ArticleProfile,
  terms: QuestionTerms,
  residual: QuestionTerms,
  value: RegExp | null,
  years: number[],
): ScoredWindow[] {
  const sentences = answerSentences(r.chunk.text);
  const out: ScoredWindow[] = [];
  const asksTarget = ASKS_TARGET.test(question);
  sentences.forEach((sentence, i) => {
    if (sentence.length < 6 || isDebris(sentence)) return;
    const text = `${sentences[i - 1] ?? ''}${sentence}${sentences[i + 1] ?? ''}`;
    const coverage = terms.coverage(foldWidth(`${article.toc.title} ${r.chunk.sectionPath.join(' ')} ${text}`).toLowerCase(), true);
    // The sentence's own words count beside its window's: a window is shared by three sentences, and
    // the answer is the one among them that speaks of the question.
    const own = terms.wholeWordCoverage(sentence);
    const valueBonus = value ? (holdsValue(sentence, value) ? 0.12 : 0) : 0;
    const before = sentences[i - 1] ?? '';
    const hasYear = years.length && yearsIn(before + sentence).some((y) => years.includes(y)) ? 0.25 : 0;
    // The sentence under its headings ("（二）主要目标"), not its neighbour, says what it is about.
    const rest = residual.isEmpty ? 0 : residual.wholeWordCoverage(`${r.chunk.sectionPath.join(' ')} ${sentence}`);
    const narrowed = narrowsScope(sentence, question) ? NARROWED_PENALTY : 0;
    const target = asksTarget && statesTarget(sentence, r.chunk.sectionPath) ? TARGET_BONUS : 0;
    out.push({
      chunk: r.chunk,
      window: { sentence, before, text, passage: r.chunk.text },
      coverage,
      score: coverage + 0.5 * own + 0.8 * rest + valueBonus + hasYear - narrowed + target,
    });
  });
  return out;
}
