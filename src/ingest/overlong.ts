import type { Chunk } from '../domain/chunk.js';
import { formatIssue } from '../domain/format.js';
import type { Embedder } from '../embedding/embedder.js';
import { overlongTexts } from '../embedding/token-budget.js';
import type { Logger } from '../util/log.js';

/** Chunks named in the log one by one; past this, a count (settings that make every chunk too long would flood it). */
const OVERLONG_NAMED = 20;

/**
 * Names each chunk longer than the model reads, with its article: its vector covers only the first
 * maxTokens tokens. Such a chunk is flagged, not split: chunk i is keyword document i and graph
 * label i, and splitting by the model's tokenizer would make the chunks (and the keyword index and
 * citations) depend on which model is loaded. The chunker's maxChars keeps chunk text well inside
 * the limit; what can push it over is a long title and headings, or chunk settings raised.
 */
export function reportOverlong(chunks: Chunk[], texts: string[], embedder: Embedder, log: Logger): number {
  const overlong = overlongTexts(texts, embedder);
  const max = embedder.settings.maxTokens;
  for (const o of overlong.slice(0, OVERLONG_NAMED)) {
    const c = chunks[o.index]!;
    const counted = o.counted === 'tokenizer' ? 'by its tokenizer' : 'at most, counted from characters';
    log.warn(
      `chunk longer than ${embedder.settings.id} reads: ${c.file} ${formatIssue(c.issue)}《${c.title}》 chunk ${c.ordinal + 1}, ${o.tokens} tokens (${counted}) > ${max}; its vector covers only the first ${max}`,
    );
  }
  if (overlong.length > OVERLONG_NAMED) log.warn(`… and ${overlong.length - OVERLONG_NAMED} more chunks longer than ${max} tokens`);
  return overlong.length;
}
