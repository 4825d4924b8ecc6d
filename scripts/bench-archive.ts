/**
 * `npm run bench -- --only archive --issues 500 [--json] [--rounds N] [--repeat N] [--no-dense] [--keep DIR]`:
 * a synthetic archive of N issues (scripts/archive.ts, from the invented fixtures only), indexed and
 * queried with the real commands. Measures full ingest (keyword; keyword + test-model embeddings +
 * HNSW), adding one issue, removing one, cold start of `ask` to its first answer, resident memory of
 * `ask` and `serve`, and warm latency (p50/p95) of keyword retrieval, fused retrieval and the whole
 * answer. With the speed-only model generated (`npm run make-speed-model`), the same with a
 * bge-small-shaped model (scripts/bench-speed.ts).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadIndex } from '../src/store/load-index.js';
import { analyzeQuery } from '../src/search/query.js';
import { createAnswerEngine } from '../src/answer/engine.js';
import { loadConfig } from '../src/config/load-config.js';
import { createRetriever, loadEmbedder } from '../src/app/retrieval.js';
import { embeddingText } from '../src/ingest/dense.js';
import { createLogger } from '../src/util/log.js';
import { ARCHIVE_QUESTIONS, writeArchive } from './archive.js';
import { runAsk, runCommand, runServe, type AskFigures, type ProcessFigures } from './bench-process.js';
import { benchSpeedModel } from './bench-speed.js';

export interface ArchiveBenchOptions {
  issues: number;
  rounds: number;
  /** Runs of adding/removing an issue and of `ask`'s cold start; the median is reported. */
  repeat: number;
  dense: boolean;
  /** Keep the archive and indexes here instead of a temporary folder. */
  keep?: string;
  /** Progress and human-readable figures. */
  say: (line: string) => void;
}

const log = createLogger('warn');
const TEST_MODEL = { EMBEDDING_MODEL: 'test/tiny-zh', MODELS_DIR: 'test/fixtures/models' };

export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const mib = (x: number | null) => (x === null ? null : Math.round(x));
const median = (xs: number[]) => pct(xs, 50);
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

function folderMiB(dir: string): number {
  let bytes = 0;
  for (const f of readdirSync(dir, { recursive: true }).map(String)) {
    const s = statSync(path.join(dir, f));
    if (s.isFile()) bytes += s.size;
  }
  return bytes / 2 ** 20;
}

/** The CLI's summary line says how many chunks and how long ingest() itself took. */
function ingestSummary(stderr: string): { chunks: number; seconds: number } {
  const m = stderr.match(/(\d+) chunks in ([\d.]+) s/);
  return { chunks: Number(m?.[1] ?? NaN), seconds: Number(m?.[2] ?? NaN) };
}

export async function benchArchive(o: ArchiveBenchOptions): Promise<Record<string, number | string | null>> {
  const root = o.keep ?? mkdtempSync(path.join(os.tmpdir(), 'bench-archive-'));
  const corpus = path.join(root, 'corpus');
  const aside = path.join(root, 'aside');
  const keywordIndex = path.join(root, 'index-keyword');
  const denseIndex = path.join(root, 'index-hybrid');
  const figures: Record<string, number | string | null> = {};
  try {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(aside, { recursive: true });
    o.say(`archive: generating ${o.issues} issues (+1 to add) from the fixture bulletins in ${root}`);
    const names = writeArchive(corpus, { issues: o.issues + 1 });
    const extra = names.at(-1)!;
    renameSync(path.join(corpus, extra), path.join(aside, extra));
    const env = {
      BULLETINS_DIR: corpus,
      INDEX_DIR: keywordIndex,
      RETRIEVAL_MODE: 'keyword',
      LOG_LEVEL: 'info',
      MODEL_ALLOW_DOWNLOAD: 'false',
    };
    figures.issues = o.issues;
    // Other work on the machine moves every wall time here: the load average at start and end says how much.
    figures.load_average = os.loadavg()[0]!.toFixed(2);

    const full = await runCommand('src/cli/ingest.ts', [], env);
    figures.chunks = ingestSummary(full.stderr).chunks;
    figures.ingest_s = round(full.seconds);
    figures.ingest_peak_mib = Math.round(full.peakMiB);
    figures.index_mib = Math.round(folderMiB(keywordIndex));
    o.say(
      `full ingest, keyword: ${figures.chunks} chunks in ${figures.ingest_s} s, peak ${figures.ingest_peak_mib} MiB, index ${figures.index_mib} MiB`,
    );

    const noop = await runCommand('src/cli/ingest.ts', [], env);
    figures.noop_s = round(noop.seconds);
    // Start-up costs dominate these and another process on the machine shifts them: each is run
    // `repeat` times and the median reported (with the fastest run).
    const adds: ProcessFigures[] = [];
    const removes: ProcessFigures[] = [];
    for (let r = 0; r < o.repeat; r++) {
      cpSync(path.join(aside, extra), path.join(corpus, extra));
      adds.push(await runCommand('src/cli/ingest.ts', [], env));
      rmSync(path.join(corpus, extra));
      removes.push(await runCommand('src/cli/ingest.ts', [], env));
    }
    figures.add_one_s = round(median(adds.map((a) => a.seconds)));
    figures.add_one_min_s = round(Math.min(...adds.map((a) => a.seconds)));
    figures.add_one_ingest_s = median(adds.map((a) => ingestSummary(a.stderr).seconds));
    figures.add_one_cpu_s = round(median(adds.map((a) => a.cpuSeconds)));
    figures.add_one_peak_mib = Math.round(Math.max(...adds.map((a) => a.peakMiB)));
    figures.remove_one_s = round(median(removes.map((r) => r.seconds)));
    o.say(
      `incremental ingest (whole command, median of ${o.repeat}): unchanged ${figures.noop_s} s; add one issue ${figures.add_one_s} s (fastest ${figures.add_one_min_s} s; ingest itself ${figures.add_one_ingest_s} s; ${figures.add_one_cpu_s} s of CPU; peak ${figures.add_one_peak_mib} MiB); remove one ${figures.remove_one_s} s`,
    );

    const asks: AskFigures[] = [];
    for (let r = 0; r < o.repeat; r++) asks.push(await runAsk(ARCHIVE_QUESTIONS, env));
    figures.cold_start_s = round(median(asks.map((a) => a.firstAnswerSeconds)));
    figures.cold_start_min_s = round(Math.min(...asks.map((a) => a.firstAnswerSeconds)));
    figures.cold_start_cpu_s = round(median(asks.map((a) => a.firstAnswerCpuSeconds ?? NaN)));
    figures.rss_mib = mib(Math.max(...asks.map((a) => a.rssMiB ?? 0)) || null);
    figures.ask_peak_mib = Math.round(Math.max(...asks.map((a) => a.peakMiB)));
    o.say(
      `ask --jsonl (median of ${o.repeat}): first answer ${figures.cold_start_s} s after start (fastest ${figures.cold_start_min_s} s; ${figures.cold_start_cpu_s} s of CPU); after ${ARCHIVE_QUESTIONS.length} answers rss ${figures.rss_mib} MiB (peak ${figures.ask_peak_mib})`,
    );
    // serve, and its switch to a new generation while it runs (an issue added).
    const serve = await runServe(env, async () => {
      cpSync(path.join(aside, extra), path.join(corpus, extra));
      await runCommand('src/cli/ingest.ts', [], env);
    });
    figures.serve_ready_s = round(serve.readySeconds);
    figures.serve_rss_mib = mib(serve.rssMiB);
    figures.serve_switch_s = serve.switchSeconds === null ? null : round(serve.switchSeconds);
    figures.serve_rss_after_switch_mib = mib(serve.rssAfterSwitchMiB);
    figures.serve_peak_mib = Math.round(serve.peakMiB);
    rmSync(path.join(corpus, extra));
    await runCommand('src/cli/ingest.ts', [], env);
    o.say(
      `serve: ready in ${figures.serve_ready_s} s, rss ${figures.serve_rss_mib} MiB; switched to the next generation ${figures.serve_switch_s} s after ingest wrote it, rss then ${figures.serve_rss_after_switch_mib} MiB (peak ${figures.serve_peak_mib})`,
    );

    const t = performance.now();
    const index = await loadIndex(keywordIndex);
    figures.load_s = round((performance.now() - t) / 1000);
    const keywordConfig = loadConfig({ env: { ...env, INDEX_DIR: keywordIndex }, argv: [], envFile: null });
    const keyword = await createRetriever(keywordConfig, index, null, log);
    Object.assign(figures, await latency('keyword', keyword, index, o));

    if (o.dense) {
      const denseEnv = { ...env, ...TEST_MODEL, RETRIEVAL_MODE: 'hybrid', INDEX_DIR: denseIndex };
      const denseFull = await runCommand('src/cli/ingest.ts', [], denseEnv);
      cpSync(path.join(aside, extra), path.join(corpus, extra));
      const denseAdd = await runCommand('src/cli/ingest.ts', [], denseEnv);
      figures.dense_ingest_s = round(denseFull.seconds);
      figures.dense_add_one_s = round(denseAdd.seconds);
      o.say(`full ingest with test-model embeddings and HNSW: ${figures.dense_ingest_s} s; add one issue: ${figures.dense_add_one_s} s`);
      const config = loadConfig({ env: denseEnv, argv: [], envFile: null });
      const hybridIndex = await loadIndex(denseIndex);
      const fused = await createRetriever(config, hybridIndex, await loadEmbedder(config, log), log);
      if (fused.mode !== 'hybrid') throw new Error(`expected a hybrid retriever, got ${fused.mode}`);
      const f = await latency('fused', fused, hybridIndex, o);
      Object.assign(figures, f);
    }
    if (o.dense) {
      renameSync(path.join(corpus, extra), path.join(aside, extra));
      Object.assign(
        figures,
        await benchSpeedModel({
          ...o,
          root,
          corpus,
          keywordIndex,
          extraFile: path.join(aside, extra),
          texts: index.corpus.chunks.map(embeddingText),
        }),
      );
    }
    figures.load_average_end = os.loadavg()[0]!.toFixed(2);
    return figures;
  } finally {
    if (!o.keep) rmSync(root, { recursive: true, force: true });
  }
}

type Retriever = Awaited<ReturnType<typeof createRetriever>>;

/** Warm latency of one retriever and of the whole answer over it, over the archive questions. */
export async function latency(
  name: string,
  retriever: Retriever,
  index: Awaited<ReturnType<typeof loadIndex>>,
  o: ArchiveBenchOptions,
): Promise<Record<string, number>> {
  const engineStart = performance.now();
  const engine = createAnswerEngine({ corpus: index.corpus, keyword: index.keyword, retriever });
  const engineMs = performance.now() - engineStart;
  for (const q of ARCHIVE_QUESTIONS) await engine.answer(q);
  const retrieval: number[] = [];
  const answers: number[] = [];
  for (let r = 0; r < o.rounds; r++) {
    for (const q of ARCHIVE_QUESTIONS) {
      let t = performance.now();
      await retriever.search(analyzeQuery(q), 40);
      retrieval.push(performance.now() - t);
      t = performance.now();
      await engine.answer(q);
      answers.push(performance.now() - t);
    }
  }
  const answer = name === 'keyword' ? 'answer' : `${name}_answer`;
  const out = {
    [`${name}_p50_ms`]: round(pct(retrieval, 50)),
    [`${name}_p95_ms`]: round(pct(retrieval, 95)),
    [`${answer}_p50_ms`]: round(pct(answers, 50)),
    [`${answer}_p95_ms`]: round(pct(answers, 95)),
    [`${name}_engine_ms`]: round(engineMs, 0),
  };
  o.say(
    `warm, ${name} (${retrieval.length} questions): retrieval p50 ${out[`${name}_p50_ms`]} ms / p95 ${out[`${name}_p95_ms`]} ms; whole answer p50 ${out[`${answer}_p50_ms`]} ms / p95 ${out[`${answer}_p95_ms`]} ms; answer engine built in ${out[`${name}_engine_ms`]} ms`,
  );
  return out;
}
