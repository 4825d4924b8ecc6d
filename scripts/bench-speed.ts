/**
 * The archive benchmark with a bge-small-shaped model (the speed-only model of
 * `npm run make-speed-model`: bge-small-zh's shapes, random weights), when it has been generated.
 * Embedding the whole archive would take most of an hour on two cores, so:
 * - throughput is measured on 256 of the archive's chunks and the full ingest is projected from it;
 * - the graph is built from stored vectors that are random unit vectors (512-d, as bge-small's), which
 *   is what ingest does when the vectors are already stored; random vectors are harder for HNSW
 *   than real ones, so the build time is an upper bound;
 * - adding one issue is then measured for real: its chunks embedded by the model, added to the graph,
 *   and the graph saved as the new generation's file.
 */
import { cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createRetriever, denseDeps, loadEmbedder } from '../src/app/retrieval.js';
import { vectorFileFor } from '../src/ingest/dense.js';
import { loadIndex } from '../src/store/load-index.js';
import { manifestSchema } from '../src/store/manifest.js';
import { readJsonFileSync } from '../src/util/json-file.js';
import { writeFileAtomic } from '../src/store/atomic.js';
import { createLogger } from '../src/util/log.js';
import { runCommand } from './bench-process.js';
import { latency, round, type ArchiveBenchOptions } from './bench-archive.js';

const SPEED_MODEL = 'speed/bge-small-shape';
const ROOT = path.resolve(import.meta.dirname, '..');

interface SpeedContext extends ArchiveBenchOptions {
  root: string;
  corpus: string;
  /** The keyword index of the archive, copied to start from. */
  keywordIndex: string;
  /** The issue to add (outside the corpus folder). */
  extraFile: string;
  texts: string[];
}

export async function benchSpeedModel(c: SpeedContext): Promise<Record<string, number>> {
  const indexDir = path.join(c.root, 'index-speed');
  const env = {
    BULLETINS_DIR: c.corpus,
    INDEX_DIR: indexDir,
    RETRIEVAL_MODE: 'hybrid',
    EMBEDDING_MODEL: SPEED_MODEL,
    MODELS_DIR: path.join(ROOT, 'models'),
    MODEL_ALLOW_DOWNLOAD: 'false',
    LOG_LEVEL: 'info',
  };
  const config = loadConfig({ env, argv: [], envFile: null });
  const log = createLogger('silent');
  const embedder = await loadEmbedder(config, log).catch(() => null);
  if (!embedder) {
    c.say('speed-only model: not generated (`npm run make-speed-model`), so no bge-small-sized figures');
    return {};
  }
  const figures: Record<string, number> = {};
  const sample = c.texts.filter((_, i) => i % Math.max(1, Math.floor(c.texts.length / 256)) === 0).slice(0, 256);
  await embedder.embedDocuments(sample.slice(0, 16));
  const t = performance.now();
  await embedder.embedDocuments(sample);
  const perSecond = sample.length / ((performance.now() - t) / 1000);
  figures.speed_model_chunks_per_s = round(perSecond, 1);
  figures.speed_model_full_ingest_s_projected = Math.round(c.texts.length / perSecond);
  c.say(
    `speed-only model (bge-small shape): ${figures.speed_model_chunks_per_s} chunks/s; embedding all ${c.texts.length} chunks would take ≈${figures.speed_model_full_ingest_s_projected} s (projected, not run)`,
  );

  // The archive's segments without the extra issue, with stored (random) vectors for each.
  cpSync(c.keywordIndex, indexDir, { recursive: true });
  await runCommand('src/cli/ingest.ts', [], { ...env, RETRIEVAL_MODE: 'keyword' });
  const manifest = readJsonFileSync(path.join(indexDir, 'manifest.json'), manifestSchema);
  const deps = denseDeps(config, embedder)!;
  const dim = embedder.settings.dimension;
  let seed = 15;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (const entry of Object.values(manifest.files)) {
    const vectors = new Float32Array(entry.chunks * dim);
    for (let i = 0; i < entry.chunks; i++) {
      const v = vectors.subarray(i * dim, (i + 1) * dim);
      for (let k = 0; k < dim; k++) v[k] = random();
      const norm = Math.hypot(...v);
      for (let k = 0; k < dim; k++) v[k] = v[k]! / norm;
    }
    await writeFileAtomic(path.join(indexDir, vectorFileFor(entry.segment, deps)), new Uint8Array(vectors.buffer));
  }
  const build = await runCommand('src/cli/ingest.ts', [], env);
  figures.speed_graph_build_s = round(build.seconds);
  renameSync(c.extraFile, path.join(c.corpus, path.basename(c.extraFile)));
  const add = await runCommand('src/cli/ingest.ts', [], env);
  figures.speed_add_one_s = round(add.seconds);
  figures.speed_add_one_peak_mib = Math.round(add.peakMiB);
  c.say(
    `graph of ${Object.values(manifest.files).reduce((n, f) => n + f.chunks, 0)} stored 512-d vectors built in ${figures.speed_graph_build_s} s (whole command); add one issue with the model: ${figures.speed_add_one_s} s (peak ${figures.speed_add_one_peak_mib} MiB)`,
  );

  const index = await loadIndex(indexDir);
  const fused = await createRetriever(config, index, embedder, log);
  if (fused.mode !== 'hybrid') throw new Error(`expected a hybrid retriever, got ${fused.mode}`);
  Object.assign(figures, await latency('speed_fused', fused, index, c));
  return figures;
}
