/**
 * `npm run bench`: prints speed figures (nothing is asserted).
 *   - ingest of the corpus into a fresh index, and a second no-op ingest;
 *   - warm keyword retrieval and whole-answer latency, p50/p95 over the dev questions.
 * Corpus: BULLETINS_DIR or --corpus (default ../shared/bulletins); questions: --set (default ../shared/eval/dev.jsonl).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ingest } from '../src/ingest/ingest.js';
import { loadIndex } from '../src/store/load.js';
import { KeywordRetriever } from '../src/search/keyword-retriever.js';
import { analyzeQuery } from '../src/search/query.js';
import { createAnswerEngine } from '../src/answer/engine.js';
import { flagValue } from '../src/config/load.js';

const argv = process.argv.slice(2);
const corpusDir = flagValue(argv, '--corpus') ?? process.env.BULLETINS_DIR ?? '../shared/bulletins';
const setFile = flagValue(argv, '--set') ?? '../shared/eval/dev.jsonl';
const rounds = Number(flagValue(argv, '--rounds') ?? 20);

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, samples: number[]): void {
  console.log(`${name.padEnd(28)} n=${String(samples.length).padEnd(5)} p50=${percentile(samples, 50).toFixed(2)} ms  p95=${percentile(samples, 95).toFixed(2)} ms  max=${Math.max(...samples).toFixed(2)} ms`);
}

const indexDir = mkdtempSync(path.join(os.tmpdir(), 'bench-index-'));
try {
  const cold = await ingest({ corpusDir, indexDir });
  console.log(`ingest (cold)                ${cold.issues} issues, ${cold.articles} articles, ${cold.chunks} chunks in ${cold.seconds.toFixed(2)} s (${(cold.chunks / cold.seconds).toFixed(0)} chunks/s)`);
  const warm = await ingest({ corpusDir, indexDir });
  console.log(`ingest (unchanged corpus)    ${warm.seconds.toFixed(3)} s, index written: ${warm.changed}`);

  const loadStart = performance.now();
  const index = await loadIndex(indexDir);
  console.log(`index load                   ${(performance.now() - loadStart).toFixed(1)} ms`);

  const questions = readFileSync(setFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { q: string }).q);
  const retriever = new KeywordRetriever(index.corpus.chunks, index.keyword);
  const engine = createAnswerEngine({ corpus: index.corpus, keyword: index.keyword, retriever });
  for (const q of questions) await engine.answer(q); // warm-up: jieba, glossary, caches

  const retrieval: number[] = [];
  const answers: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      let t = performance.now();
      retriever.searchSync(analyzeQuery(q), 40);
      retrieval.push(performance.now() - t);
      t = performance.now();
      await engine.answer(q);
      answers.push(performance.now() - t);
    }
  }
  report('keyword retrieval (warm)', retrieval);
  report('whole answer (warm)', answers);
  const mem = process.memoryUsage();
  console.log(`memory                       rss=${(mem.rss / 2 ** 20).toFixed(0)} MiB heapUsed=${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(indexDir, { recursive: true, force: true });
}
