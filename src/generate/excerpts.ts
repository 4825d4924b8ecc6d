import type { RankedChunk } from '../search/retriever.js';
import { citationFromChunk } from '../domain/citation.js';
import { formatCitation } from '../domain/format.js';
import type { ShownExcerpt } from './verify-answer.js';

/**
 * The excerpts the model is shown, by marker: the source line and the passage, exactly as they go
 * between the <excerpt> tags (what the model's answer is checked against). Text that could close
 * the fence is neutralised, so a bulletin cannot end the data block and speak as the user.
 */
export function shownExcerpts(passages: RankedChunk[]): ShownExcerpt[] {
  return passages.map((p, i) => {
    const source = formatCitation(citationFromChunk(p.chunk, '', 0));
    const section = p.chunk.sectionPath.length ? `（${p.chunk.sectionPath.join(' > ')}）` : '';
    return { marker: i + 1, text: `出处：${source}${section}\n${neutralise(p.chunk.text)}` };
  });
}

/** The numbered excerpts given to the model, each fenced and labelled with its source. */
export function formatExcerpts(excerpts: ShownExcerpt[]): string {
  return excerpts.map((e) => `<excerpt id="${e.marker}">\n${e.text}\n</excerpt>`).join('\n');
}

export function neutralise(text: string): string {
  return text.replace(/<\s*\/?\s*(excerpts?|question|history|system)[^>]*>/gi, (tag) => tag.replace(/</g, '‹').replace(/>/g, '›'));
}
