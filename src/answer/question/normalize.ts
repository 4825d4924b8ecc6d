import * as OpenCC from 'opencc-js/t2cn';
import { normalizeText } from '../../text/normalize.js';
import { foldAlphanumerics } from '../../bulletin/normalize.js';
import { resolveCapitals } from '../../knowledge/places.js';

/** Control characters, zero-width and bidi marks that a pasted question may carry. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/g;

// Character-level conversion only ('t' → 'cn'): the phrase tables ('twp') also rewrite simplified
// words (文件 → 文档, 核心 → 内核), which would damage a question typed in simplified Chinese.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * A question as the rest of the core reads it: the bulletins' normalisation (look-alike radicals,
 * zero-width characters), traditional characters in simplified form (黑龍江 → 黑龙江), full-width
 * letters and digits in ASCII, a capital named by its province as the city (陕西省会 → 西安),
 * whitespace collapsed. Chinese punctuation stays as typed.
 */
export function normalizeQuestion(raw: string): string {
  const text = normalizeText(raw).replace(INVISIBLE, ' ');
  return resolveCapitals(foldAlphanumerics(toSimplified(text)))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}
