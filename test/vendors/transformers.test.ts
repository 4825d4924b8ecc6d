import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTransformersEmbedder, type TransformersEmbedderOptions } from '../../src/vendors/transformers.js';
import { ModelUnavailableError, lengthBatches } from '../../src/embedding/embedder.js';
import { errorMessage } from '../../src/util/app-error.js';
import { tokenUpperBound } from '../../src/embedding/token-budget.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { startFakeModelHub, type FakeModelHub } from '../helpers/model-server.js';

const MODELS = path.join(ROOT, 'test', 'fixtures', 'models');
const options = (over: Partial<TransformersEmbedderOptions> = {}): TransformersEmbedderOptions => ({
  modelId: 'test/tiny-zh',
  modelsDir: MODELS,
  remoteHost: 'http://127.0.0.1:9/',
  allowRemote: false,
  quantized: true,
  batchSize: 4,
  threads: 1,
  ...over,
});
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (norm(a) * norm(b));

describe('the test model through transformers.js', () => {
  it('embeds documents into unit vectors of the model dimension, in input order', async () => {
    const embedder = await loadTransformersEmbedder(options());
    expect(embedder.settings).toMatchObject({ id: 'test/tiny-zh', dimension: 64, pooling: 'mean', normalize: true, queryPrefix: '查询：' });
    const texts = [
      '广东省专精特新企业',
      '量子计算白皮书',
      '广东培育专精特新小巨人企业',
      'industrial software 2023',
      '数据要素市场化配置改革',
    ];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(5);
    for (const v of vectors) {
      expect(v).toHaveLength(64);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(cosine(vectors[0]!, vectors[2]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[1]!));
    // Batching by length must not change a text's vector.
    const alone = await embedder.embedDocuments([texts[2]!]);
    expect(Array.from(alone[0]!)).toEqual(Array.from(vectors[2]!));
  });

  it('puts the query prefix on queries only', async () => {
    const embedder = await loadTransformersEmbedder(options());
    const [doc, prefixed] = await embedder.embedDocuments(['数据跨境流动', '查询：数据跨境流动']);
    const query = await embedder.embedQuery('数据跨境流动');
    expect(Array.from(query)).toEqual(Array.from(prefixed!));
    expect(Array.from(query)).not.toEqual(Array.from(doc!));
  });

  it('counts the tokens the model reads, special tokens included and nothing cut off', async () => {
    const embedder = await loadTransformersEmbedder(options());
    // By hand: [CLS] 《 星 海 》 低 空 2 ##0 ##3 ##1 [SEP] (the vocabulary holds single characters and ##-pieces).
    expect(embedder.countTokens!('《星海》\n低空 2031')).toBe(12);
    // [CLS] d ##i ##g ##i ##t ##a ##l [SEP]
    expect(embedder.countTokens!('digital')).toBe(9);
    // Past model_max_length (512) too: the pipeline truncates, the count does not.
    expect(embedder.countTokens!('数'.repeat(600))).toBe(602);
    for (const text of ['《星海》\n低空 2031', 'digital', '数'.repeat(600), '广东省 AI+制造 行动方案（2024—2026年）'])
      expect(tokenUpperBound(text)).toBeGreaterThanOrEqual(embedder.countTokens!(text));
  });

  it('batches texts of similar length together', () => {
    const texts = ['a'.repeat(300), 'b', 'c'.repeat(290), 'd'.repeat(2), 'e'.repeat(150)];
    expect(lengthBatches(texts, 2)).toEqual([[1, 3], [4, 2], [0]]);
  });
});

describe('model availability', () => {
  let hub: FakeModelHub | null = null;
  afterAll(async () => hub?.close());

  it('says which model, where it looked and how to fix it when the model is missing and downloads are off', async () => {
    const dir = tempDir();
    const error = await loadTransformersEmbedder(options({ modelId: 'Xenova/bge-small-zh-v1.5', modelsDir: dir })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(errorMessage(error)).toContain('Xenova/bge-small-zh-v1.5');
    expect(errorMessage(error)).toContain(path.join(dir, 'Xenova/bge-small-zh-v1.5'));
    expect(errorMessage(error)).toContain('npm run fetch-model');
  });

  it('fails the same way when the mirror does not have the model (real HTTP to a local fake mirror)', async () => {
    hub = await startFakeModelHub(null);
    const error = await loadTransformersEmbedder(
      options({ modelId: 'Xenova/bge-small-zh-v1.5', modelsDir: tempDir(), remoteHost: hub.url, allowRemote: true }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect(hub.requests.some((r) => r.startsWith('/Xenova/bge-small-zh-v1.5/resolve/main/'))).toBe(true);
    await hub.close();
    hub = null;
  });

  it('downloads a model from the configured mirror into MODELS_DIR, where it is then found offline', async () => {
    hub = await startFakeModelHub(MODELS);
    const modelsDir = tempDir();
    const downloaded = await loadTransformersEmbedder(options({ modelsDir, remoteHost: hub.url, allowRemote: true }));
    expect(hub.requests).toEqual(
      expect.arrayContaining(['/test/tiny-zh/resolve/main/onnx/model_quantized.onnx', '/test/tiny-zh/resolve/main/tokenizer.json']),
    );
    expect(existsSync(path.join(modelsDir, 'test/tiny-zh/onnx/model_quantized.onnx'))).toBe(true);
    await hub.close();
    hub = null;
    const offline = await loadTransformersEmbedder(options({ modelsDir, allowRemote: false }));
    expect(Array.from(await offline.embedQuery('算力'))).toEqual(Array.from(await downloaded.embedQuery('算力')));
  });
});
