import { foldWidth } from '../bulletin/normalize.js';
import { loadWordList } from '../search/tokenize.js';

let places: string[] | null = null;

/** Place names (provinces, regions, major cities) that a question names, longest first. */
export function placesIn(question: string): string[] {
  places ??= [...loadWordList('places.txt')].sort((a, b) => b.length - a.length);
  const text = foldWidth(question);
  const found: string[] = [];
  for (const p of places) if (text.includes(p) && !found.some((f) => f.includes(p))) found.push(p);
  return found;
}
