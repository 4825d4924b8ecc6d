import { sameSource, type Citation } from '../../domain/citation.js';

export function uniqueSources(citations: Citation[]): Citation[] {
  return citations.filter((c, i) => citations.findIndex((d) => sameSource(c, d)) === i);
}
