import { sameSource } from '../citation.js';
import type { Citation } from '../types.js';

export function uniqueSources(citations: Citation[]): Citation[] {
  return citations.filter((c, i) => citations.findIndex((d) => sameSource(c, d)) === i);
}
