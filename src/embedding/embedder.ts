import type { EmbeddingModelSettings } from './settings.js';
import { AppError } from '../util/app-error.js';

/** Turns texts into unit vectors (when the model normalises). Implemented over transformers.js in src/vendors. */
export interface Embedder {
  readonly settings: EmbeddingModelSettings;
  /** Documents, in the given order; `onBatch` reports how many are done. */
  embedDocuments(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  /** A query: the model's query prefix is added here and only here. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Tokens the model's tokenizer makes of a document, special tokens included, before any truncation. */
  countTokens?(text: string): number;
}

/** Raised when the configured model is neither in MODELS_DIR nor downloadable. */
export class ModelUnavailableError extends AppError {
  override readonly name = 'ModelUnavailableError';
  constructor(
    readonly modelId: string,
    readonly modelsDir: string,
    /** Why, in a few words (downloads are off, the mirror's answer). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `embedding model ${modelId} is not available (looked in ${modelsDir}/${modelId}; download failed: ${reason}); ` +
        `run \`npm run fetch-model\` on a machine with a network (or set MODEL_REMOTE_HOST to a mirror) — using keyword retrieval meanwhile`,
      options,
    );
  }
}

/**
 * Orders texts into batches of similar length: padding a batch to its longest text costs up to
 * 10× on CPU. Returns the batches as lists of original indices.
 */
export function lengthBatches(texts: string[], batchSize: number): number[][] {
  const order = texts.map((t, i) => ({ i, n: t.length })).sort((a, b) => a.n - b.n || a.i - b.i);
  const batches: number[][] = [];
  for (let k = 0; k < order.length; k += batchSize) batches.push(order.slice(k, k + batchSize).map((o) => o.i));
  return batches;
}
