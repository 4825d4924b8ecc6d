import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Embedder } from '../../src/embedding/embedder.js';
import { lengthBatches } from '../../src/embedding/embedder.js';
import { overlongTexts, tokensOf, tokenUpperBound } from '../../src/embedding/token-budget.js';

/** An embedder that only has settings (and, when given, a tokenizer's count). */
function embedderWith(maxTokens: number, countTokens?: (text: string) => number): Embedder {
  return {
    settings: { id: 'x', dimension: 4, pooling: 'mean', normalize: true, queryPrefix: '', maxTokens, denseWeight: 1 },
    embedDocuments: () => Promise.resolve([]),
    embedQuery: () => Promise.resolve(new Float32Array(4)),
    ...(countTokens ? { countTokens } : {}),
  };
}

describe('the token budget', () => {
  it('bounds the tokens of a text by its characters that are not white space, plus [CLS] and [SEP]', () => {
    // Counted by hand: 数 据 要 素 = 4; A I = 2; 1 2 = 2.
    expect(tokenUpperBound('数据 要素')).toBe(6);
    expect(tokenUpperBound(' AI\t12\n')).toBe(6);
    expect(tokenUpperBound('')).toBe(2);
  });

  it('counts with the model’s tokenizer when it has one, else with the bound', () => {
    expect(
      tokensOf(
        '数据要素',
        embedderWith(512, () => 3),
      ),
    ).toEqual({ tokens: 3, counted: 'tokenizer' });
    expect(tokensOf('数据要素', embedderWith(512))).toEqual({ tokens: 6, counted: 'bound' });
  });

  it('names the texts longer than the model reads, by position', () => {
    // Bounds: 一二三 → 5, 一二三四 → 6, 一 → 3; the model reads 5.
    expect(overlongTexts(['一二三', '一二三四', '一'], embedderWith(5))).toEqual([{ index: 1, tokens: 6, counted: 'bound' }]);
  });

  it('batches every text exactly once, at most `size` a batch, shorter texts in earlier batches', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (texts, size) => {
        const batches = lengthBatches(texts, size);
        expect(batches.flat().sort((a, b) => a - b)).toEqual(texts.map((_, i) => i));
        for (const b of batches) expect(b.length).toBeLessThanOrEqual(size);
        const lengths = batches.flat().map((i) => texts[i]!.length);
        expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      }),
    );
  });
});
