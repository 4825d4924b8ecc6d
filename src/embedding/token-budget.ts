import type { Embedder } from './embedder.js';

/**
 * An upper bound of the tokens a WordPiece (BERT) tokenizer makes of a text, [CLS] and [SEP]
 * included: every other token covers at least one character that is not white space (a Chinese
 * character is one token, a Latin word one or more of its pieces). For when the model's own
 * tokenizer is not at hand.
 */
export function tokenUpperBound(text: string): number {
  let characters = 0;
  for (const ch of text) if (!/\s/u.test(ch)) characters++;
  return characters + 2;
}

/** Tokens the model reads of a text: its tokenizer's count when it has one, else the bound above. */
export function tokensOf(text: string, embedder: Embedder): { tokens: number; counted: 'tokenizer' | 'bound' } {
  return embedder.countTokens
    ? { tokens: embedder.countTokens(text), counted: 'tokenizer' }
    : { tokens: tokenUpperBound(text), counted: 'bound' };
}

/** The texts (by position) longer than the model reads: past `maxTokens` the tokenizer cuts them off and the vector misses the rest. */
export function overlongTexts(
  texts: string[],
  embedder: Embedder,
): Array<{ index: number; tokens: number; counted: 'tokenizer' | 'bound' }> {
  const max = embedder.settings.maxTokens;
  return texts.flatMap((text, index) => {
    const counted = tokensOf(text, embedder);
    return counted.tokens > max ? [{ index, ...counted }] : [];
  });
}
