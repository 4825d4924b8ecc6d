import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, errorMessage } from '../util/app-error.js';
import { parseJson } from '../util/json-file.js';

/** How a model's token vectors become a text vector, and what queries carry that documents do not. */
export interface EmbeddingModelSettings {
  id: string;
  dimension: number;
  pooling: 'cls' | 'mean';
  normalize: boolean;
  /** Prefixed to queries only (bge's retrieval instruction); documents are embedded as they are. */
  queryPrefix: string;
  /** Tokens the model reads of a text (its position embeddings); the tokenizer cuts a longer text off, and ingest names such chunks. */
  maxTokens: number;
  /** Weight of this model's ranking in reciprocal rank fusion, by how well it ranks (FUSION_DENSE_WEIGHT overrides). */
  denseWeight: number;
}

/** Settings of models known to work; a model folder's embedding.json describes any other. */
export const KNOWN_MODELS: Record<string, Omit<EmbeddingModelSettings, 'id'>> = {
  'Xenova/bge-small-zh-v1.5': {
    dimension: 512,
    pooling: 'cls',
    normalize: true,
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    maxTokens: 512,
    denseWeight: 1,
  },
  'Xenova/bge-base-zh-v1.5': {
    dimension: 768,
    pooling: 'cls',
    normalize: true,
    queryPrefix: '为这个句子生成表示以用于检索相关文章：',
    maxTokens: 512,
    denseWeight: 1,
  },
};

const fileSchema = z.object({
  dimension: z.number().int().positive(),
  pooling: z.enum(['cls', 'mean']),
  normalize: z.boolean().default(true),
  queryPrefix: z.string().default(''),
  maxTokens: z.number().int().positive().default(512),
  denseWeight: z.number().min(0).max(10).default(1),
});

export class ModelSettingsError extends AppError {
  override readonly name = 'ModelSettingsError';
}

/**
 * The model's own settings: embedding.json in its folder under MODELS_DIR when there is one,
 * else the built-in entry for a known model.
 */
export function resolveModelSettings(modelId: string, modelsDir: string): EmbeddingModelSettings {
  const file = path.join(modelsDir, modelId, 'embedding.json');
  let raw: string | null = null;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    raw = null;
  }
  if (raw !== null) {
    try {
      return { id: modelId, ...parseJson(raw, fileSchema, file) };
    } catch (error) {
      throw new ModelSettingsError(errorMessage(error), { cause: error });
    }
  }
  const known = KNOWN_MODELS[modelId];
  if (!known) throw new ModelSettingsError(`unknown embedding model ${modelId}: add ${file} with its dimension and pooling`);
  return { id: modelId, ...known };
}
