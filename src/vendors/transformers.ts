import { existsSync } from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { ModelUnavailableError, lengthBatches, type Embedder } from '../embedding/embedder.js';
import { resolveModelSettings, type EmbeddingModelSettings } from '../embedding/settings.js';
import { writeFileAtomic } from '../store/atomic.js';
import { errorMessage } from '../util/app-error.js';

export interface TransformersEmbedderOptions {
  modelId: string;
  /** Local models folder; downloads are cached here too, so a fetched model is found offline. */
  modelsDir: string;
  remoteHost: string;
  allowRemote: boolean;
  quantized: boolean;
  batchSize: number;
  /** ONNX Runtime intra-op threads; 0 leaves its default (all cores). */
  threads: number;
}

let sessionPatched = false;

/**
 * transformers.js 2.x creates ONNX sessions without options, so the thread count is set by
 * wrapping onnxruntime-node's session factory, which it shares.
 */
function limitThreads(threads: number): void {
  if (threads <= 0 || sessionPatched) return;
  const create = ort.InferenceSession.create.bind(ort.InferenceSession) as (...args: unknown[]) => Promise<ort.InferenceSession>;
  (ort.InferenceSession as unknown as { create: (...args: unknown[]) => Promise<ort.InferenceSession> }).create = (
    buffer: unknown,
    options?: unknown,
  ) => create(buffer, { ...(options as object), intraOpNumThreads: threads, interOpNumThreads: 1 });
  sessionPatched = true;
}

function configure(options: TransformersEmbedderOptions): void {
  env.localModelPath = path.resolve(options.modelsDir) + path.sep;
  env.cacheDir = path.resolve(options.modelsDir);
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemote;
  env.remoteHost = options.remoteHost.endsWith('/') ? options.remoteHost : `${options.remoteHost}/`;
  env.useFSCache = true;
  limitThreads(options.threads);
}

/** transformers.js logs a warning for every file it does not find locally; those are expected here. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await work();
  } finally {
    console.warn = warn;
  }
}

/** Loads (or downloads into MODELS_DIR) the configured model; a failure becomes ModelUnavailableError. */
export async function loadTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  configure(options);
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await quietly(() => pipeline('feature-extraction', options.modelId, { quantized: options.quantized }));
  } catch (error) {
    const local = path.join(options.modelsDir, options.modelId);
    const reason = !options.allowRemote ? 'downloads are off' : errorMessage(error).split('\n')[0]!.slice(0, 200);
    throw new ModelUnavailableError(options.modelId, options.modelsDir, existsSync(local) ? `incomplete local copy; ${reason}` : reason);
  }
  if (options.allowRemote) await fetchSettingsFile(options);
  const settings = resolveModelSettings(options.modelId, options.modelsDir);
  return new TransformersEmbedder(extractor, settings, options.batchSize);
}

/**
 * A model that is not built in describes its pooling and prefix in embedding.json, which
 * transformers.js does not download; it is fetched beside the model files when the host has one.
 */
async function fetchSettingsFile(options: TransformersEmbedderOptions): Promise<void> {
  const target = path.join(options.modelsDir, options.modelId, 'embedding.json');
  if (existsSync(target)) return;
  const url = `${env.remoteHost}${options.modelId}/resolve/main/embedding.json`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) await writeFileAtomic(target, Buffer.from(await response.arrayBuffer()));
  } catch {
    // Optional file: known models have built-in settings, and resolveModelSettings names what is missing.
  }
}

class TransformersEmbedder implements Embedder {
  constructor(
    private readonly extractor: FeatureExtractionPipeline,
    readonly settings: EmbeddingModelSettings,
    private readonly batchSize: number,
  ) {}

  async embedDocuments(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    let done = 0;
    for (const batch of lengthBatches(texts, this.batchSize)) {
      const vectors = await this.run(batch.map((i) => texts[i]!));
      batch.forEach((i, k) => (out[i] = vectors[k]!));
      done += batch.length;
      onBatch?.(done);
    }
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.run([this.settings.queryPrefix + text]))[0]!;
  }

  countTokens(text: string): number {
    // encode() neither pads nor truncates, unlike the pipeline's own call: the full length is what is wanted here.
    return this.extractor.tokenizer.encode(text).length;
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    const output = await this.extractor(texts, { pooling: this.settings.pooling, normalize: this.settings.normalize });
    const [rows, dim] = output.dims as [number, number];
    if (dim !== this.settings.dimension)
      throw new Error(`model ${this.settings.id} gives ${dim}-dimension vectors, its settings say ${this.settings.dimension}`);
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, r) => data.slice(r * dim, (r + 1) * dim));
  }
}
