/**
 * `npm run bench`: prints speed and memory figures (nothing is asserted).
 *   corpus  ingest throughput and warm query latency (keyword, dense, fused) on the bulletins,
 *           with the committed test model;
 *   hnsw    HNSW alone on 100k synthetic 512-d vectors: build, memory, p50, recall@10 per efSearch;
 *   speed   embedding speed with the speed-only bge-small-shaped model, when generated
 *           (`npm run make-speed-model`);
 *   pdf     ingest of a generated 60-page PDF bulletin;
 *   page    查看原文: a cited page rendered cold and from the cache, an article cut, the renderer's peak memory.
 * Flags: --only corpus|hnsw|speed|pdf|page, --corpus DIR (default ../shared/bulletins), --set FILE,
 * --rounds N, --hnsw-count N.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '../src/ingest/ingest.js';
import { loadIndex } from '../src/store/load-index.js';
import { analyzeQuery } from '../src/search/query.js';
import { createAnswerEngine } from '../src/answer/engine.js';
import { flagValue, loadConfig } from '../src/config/load-config.js';
import { createRetriever, denseDeps, loadEmbedder } from '../src/app/retrieval.js';
import { embeddingText } from '../src/ingest/dense.js';
import { chunkBulletin } from '../src/ingest/chunk.js';
import { parseBulletin } from '../src/bulletin/parse.js';
import { createLogger } from '../src/util/log.js';
import { parseJson } from '../src/util/json-file.js';
import { z } from 'zod';
import { readCorpus } from '../src/ingest/corpus.js';
import { benchHnsw } from './bench-hnsw.js';
import { benchPdf } from './bench-pdf.js';
import { benchPage } from './bench-page.js';
import { benchArchive } from './bench-archive.js';

const argv = process.argv.slice(2);
const only = flagValue(argv, '--only');
const corpusDir = flagValue(argv, '--corpus') ?? '../shared/bulletins';
const setFile = flagValue(argv, '--set') ?? '../shared/eval/dev.jsonl';
const rounds = Number(flagValue(argv, '--rounds') ?? 10);
const log = createLogger('warn');

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
function report(name: string, samples: number[]): void {
  console.log(
    `  ${name.padEnd(26)} n=${String(samples.length).padEnd(5)} p50=${pct(samples, 50).toFixed(2)} ms  p95=${pct(samples, 95).toFixed(2)} ms`,
  );
}

const testModel = { EMBEDDING_MODEL: 'test/tiny-zh', MODELS_DIR: 'test/fixtures/models', MODEL_ALLOW_DOWNLOAD: 'false' };

async function benchCorpus(): Promise<void> {
  const questions = readFileSync(setFile, 'utf8')
    .trim()
    .split('\n')
    .map((l, i) => parseJson(l, z.object({ q: z.string() }), `${setFile}:${i + 1}`).q);
  for (const mode of ['keyword', 'hybrid'] as const) {
    const indexDir = mkdtempSync(path.join(os.tmpdir(), 'bench-index-'));
    try {
      const config = loadConfig({
        env: { ...testModel, RETRIEVAL_MODE: mode, BULLETINS_DIR: corpusDir, INDEX_DIR: indexDir },
        argv: [],
        envFile: null,
      });
      const embedder = await loadEmbedder(config, log);
      const cold = await ingest({ corpusDir, indexDir }, { log, dense: denseDeps(config, embedder) });
      console.log(
        `ingest, ${mode === 'keyword' ? 'keyword only' : 'keyword + test-model embeddings + HNSW'}: ${cold.issues} issues, ${cold.chunks} chunks in ${cold.seconds.toFixed(2)} s (${(cold.chunks / cold.seconds).toFixed(0)} chunks/s)`,
      );
      const warm = await ingest({ corpusDir, indexDir }, { log, dense: denseDeps(config, embedder) });
      console.log(`  re-ingest of an unchanged corpus: ${(warm.seconds * 1000).toFixed(0)} ms, ${warm.embedded} chunks embedded`);
      if (mode === 'keyword') continue;

      const index = await loadIndex(indexDir);
      console.log(`warm query latency over ${questions.length} questions × ${rounds} rounds (test model):`);
      for (const retrievalMode of ['keyword', 'dense', 'hybrid'] as const) {
        const c = loadConfig({ env: { ...testModel, RETRIEVAL_MODE: retrievalMode, INDEX_DIR: indexDir }, argv: [], envFile: null });
        const retriever = await createRetriever(c, index, embedder, log);
        const engine = createAnswerEngine({ corpus: index.corpus, keyword: index.keyword, retriever });
        for (const q of questions) await engine.answer(q);
        const retrieval: number[] = [];
        const answers: number[] = [];
        for (let r = 0; r < rounds; r++) {
          for (const q of questions) {
            let t = performance.now();
            await retriever.search(analyzeQuery(q), 40);
            retrieval.push(performance.now() - t);
            t = performance.now();
            await engine.answer(q);
            answers.push(performance.now() - t);
          }
        }
        report(`${retrievalMode} retrieval`, retrieval);
        report(`${retrievalMode} whole answer`, answers);
      }
    } finally {
      rmSync(indexDir, { recursive: true, force: true });
    }
  }
  const mem = process.memoryUsage();
  console.log(`memory: rss=${(mem.rss / 2 ** 20).toFixed(0)} MiB heapUsed=${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

async function benchSpeedModel(): Promise<void> {
  const id = 'speed/bge-small-shape';
  if (!existsSync(path.join('models', id))) {
    console.log(`speed-only model: not generated (run \`npm run make-speed-model\` to time a bge-small-shaped model on this CPU)`);
    return;
  }
  const files = await readCorpus(corpusDir);
  const texts = files.flatMap((f) => chunkBulletin(parseBulletin(f.name, f.bytes.toString('utf8')))).map(embeddingText);
  for (const quantized of [true, false]) {
    const config = loadConfig({
      env: { EMBEDDING_MODEL: id, MODELS_DIR: 'models', MODEL_ALLOW_DOWNLOAD: 'false', EMBEDDING_QUANTIZED: String(quantized) },
      argv: [],
      envFile: null,
    });
    const embedder = await loadEmbedder(config, log);
    if (!embedder) continue;
    const sample = texts.slice(0, 128);
    await embedder.embedDocuments(sample.slice(0, 16));
    const t = performance.now();
    await embedder.embedDocuments(sample);
    const seconds = (performance.now() - t) / 1000;
    const queries: number[] = [];
    for (let i = 0; i < 30; i++) {
      const q = performance.now();
      await embedder.embedQuery(`广东到2027年要培育多少家专精特新企业 ${i}`);
      queries.push(performance.now() - q);
    }
    console.log(
      `speed-only bge-small shape (${quantized ? 'int8' : 'float32'}): ${(sample.length / seconds).toFixed(1)} chunks/s for ingest (batch ${config.EMBEDDING_BATCH_SIZE}, ${texts.length} chunks would take ${(texts.length / (sample.length / seconds)).toFixed(0)} s), query p50=${pct(queries, 50).toFixed(1)} ms`,
    );
  }
}

if (only === 'archive') {
  const json = argv.includes('--json');
  const figures = await benchArchive({
    issues: Number(flagValue(argv, '--issues') ?? 100),
    rounds: Number(flagValue(argv, '--rounds') ?? 5),
    repeat: Number(flagValue(argv, '--repeat') ?? 3),
    dense: !argv.includes('--no-dense'),
    keep: flagValue(argv, '--keep'),
    say: (line) => (json ? process.stderr : process.stdout).write(line + '\n'),
  });
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
}
if (!only || only === 'corpus') await benchCorpus();
if (!only || only === 'speed') await benchSpeedModel();
if (!only || only === 'pdf') await benchPdf({ rounds: 5, print: true });
if (!only || only === 'page') await benchPage({ print: true });
if (!only || only === 'hnsw')
  await benchHnsw({
    count: Number(flagValue(argv, '--hnsw-count') ?? 100_000),
    dimension: 512,
    queries: 200,
    efSearch: [16, 32, 64, 128, 256],
  });
