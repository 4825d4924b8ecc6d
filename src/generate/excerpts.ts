import type { RankedChunk } from '../search/retriever.js';
import { citationFromChunk } from '../domain/citation.js';
import { formatCitation } from '../domain/format.js';

/**
 * The numbered excerpts given to the model, each fenced and labelled with its source. Text that
 * could close the fence is neutralised, so a bulletin cannot end the data block and speak as the user.
 */
export function formatExcerpts(passages: RankedChunk[]): string {
  return passages
    .map((p, i) => {
      const source = formatCitation(citationFromChunk(p.chunk, '', 0));
      const section = p.chunk.sectionPath.length ? `（${p.chunk.sectionPath.join(' > ')}）` : '';
      return `<excerpt id="${i + 1}">\n出处：${source}${section}\n${neutralise(p.chunk.text)}\n</excerpt>`;
    })
    .join('\n');
}

export function neutralise(text: string): string {
  return text.replace(/<\s*\/?\s*(excerpts?|question|history|system)[^>]*>/gi, (tag) => tag.replace(/</g, '‹').replace(/>/g, '›'));
}
