import { articleKey, type RankedChunk } from '../search/retriever.js';
import type { Evidence } from './evidence.js';

/** "哪些地方…", "分别是…", "有哪几份…", "which provinces…": the answer is a list of articles. */
const ASKS_FOR_LIST =
  /哪些(地方|省|市|城市|地区|部门|文件|政策|文章|报告|白皮书|方案|措施)|哪几(个|份|篇|项|家)|分别(是|在|出自)|都有哪些|有哪些(省|市|地方)|列出|which (provinces|cities|regions|documents|articles|reports|policies)|list (the|all)/i;

export function asksForList(question: string): boolean {
  return ASKS_FOR_LIST.test(question);
}

export interface ArticleHit {
  best: RankedChunk;
  coverage: number;
}

/**
 * The distinct articles that answer a list question: each article's best chunk, kept while its
 * score stays within `relative` of the top article's and its passage covers the question enough.
 */
export function relevantArticles(ranked: RankedChunk[], evidence: Evidence, minCoverage: number, relative = 0.55, max = 8): ArticleHit[] {
  const seen = new Set<string>();
  const hits: ArticleHit[] = [];
  const top = ranked[0]?.score ?? 0;
  for (const r of ranked) {
    const key = articleKey(r.chunk);
    if (seen.has(key)) continue;
    seen.add(key);
    if (r.score < top * relative) break;
    const coverage = evidence.bestWindowCoverage(r.chunk);
    if (coverage >= minCoverage) hits.push({ best: r, coverage });
    if (hits.length >= max) break;
  }
  return hits;
}
