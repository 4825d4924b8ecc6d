/**
 * `node --expose-gc --import tsx scripts/profile-start.ts --corpus DIR --index DIR`: where the start
 * of `ask` spends its time and memory, phase by phase (the same steps as src/app/build.ts, keyword
 * retrieval): module imports, the start-up ingest check, loading the index, building the answer
 * engine, the first answer. Memory after each phase is measured after a full garbage collection
 * (heap = JS objects, external = buffers and typed arrays such as the postings).
 */
const started = performance.now();
let last = started;
const gc = (globalThis as { gc?: () => void }).gc;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`.padStart(8);
function phase(name: string): void {
  gc?.();
  const now = performance.now();
  const m = process.memoryUsage();
  console.log(
    `${name.padEnd(34)} ${((now - last) / 1000).toFixed(2)} s  (at ${((now - started) / 1000).toFixed(2)} s)   rss ${mib(m.rss)}  heap ${mib(m.heapUsed)}  external ${mib(m.external)}`,
  );
  last = now;
}
if (!gc) console.log('(run with node --expose-gc for memory after collection)');

phase('node + tsx');
const { loadConfig } = await import('../src/config/load-config.js');
const { createLogger } = await import('../src/util/log.js');
phase('import config (zod)');
const { createAnswerEngine } = await import('../src/answer/engine.js');
phase('import answer engine');
const { extractiveGeneration } = await import('../src/app/extractive.js');
phase('import prompt check');
const { ingest } = await import('../src/ingest/ingest.js');
const { loadIndex } = await import('../src/store/load-index.js');
const { KeywordRetriever } = await import('../src/search/keyword-retriever.js');
phase('import ingest, store, search');

const config = loadConfig({ argv: process.argv.slice(2), env: { ...process.env, RETRIEVAL_MODE: 'keyword' } });
const log = createLogger('warn');
// As build.ts does without LLM_API_KEY (with a key, src/app/generation.ts loads LangChain: ≈0.7 s more).
const generation = extractiveGeneration(config, log);
phase('prompts checked');
await ingest({ corpusDir: config.BULLETINS_DIR, indexDir: config.INDEX_DIR }, { log });
phase('start-up ingest (nothing changed)');
const index = await loadIndex(config.INDEX_DIR);
phase(`load index (${index.corpus.chunks.length} chunks)`);
const engine = createAnswerEngine({
  corpus: index.corpus,
  keyword: index.keyword,
  retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
  ...generation,
});
phase('answer engine built');
await engine.answer('星海市低空物流航线每架次补贴多少？');
phase('first answer (jieba loads here)');
await engine.answer('到2033年全国算力总规模目标是多少？');
phase('second answer');
