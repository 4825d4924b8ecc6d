import { splitSentences } from '../text/sentences.js';

/** The first sentences of a passage, as the quote of a retrieval result. */
export function leadQuote(text: string): string {
  let quote = '';
  for (const s of splitSentences(text)) {
    if (quote && quote.length + s.length > 160) break;
    quote += s;
  }
  return quote.slice(0, 240);
}
