import { loadTransformersEmbedder } from '../vendors/transformers.js';
import { isEntryPoint, runAsProcess, startup, type Command } from './common.js';

/**
 * `npm run fetch-model`: downloads EMBEDDING_MODEL from MODEL_REMOTE_HOST into MODELS_DIR (where
 * transformers.js looks first), so that a server without a network can run it.
 */
export const fetchModel: Command = async (io) => {
  const { config, log } = startup(io);
  log.info(`fetching ${config.EMBEDDING_MODEL} from ${config.MODEL_REMOTE_HOST} into ${config.MODELS_DIR}`);
  const started = performance.now();
  const embedder = await loadTransformersEmbedder({
    modelId: config.EMBEDDING_MODEL,
    modelsDir: config.MODELS_DIR,
    remoteHost: config.MODEL_REMOTE_HOST,
    allowRemote: true,
    quantized: config.EMBEDDING_QUANTIZED,
    batchSize: 1,
    threads: config.EMBEDDING_THREADS,
  });
  const vector = await embedder.embedQuery('数据要素市场');
  log.info(
    `${config.EMBEDDING_MODEL} is ready in ${config.MODELS_DIR} (${vector.length} dimensions, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return 0;
};

if (isEntryPoint(import.meta.url)) runAsProcess(fetchModel);
