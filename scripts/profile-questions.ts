/**
 * Time each question of the archive benchmark, warm, over an existing keyword index: finds which
 * question shapes cost the most at scale (`npx tsx scripts/profile-questions.ts --index DIR`).
 */
import { loadIndex } from '../src/store/load-index.js';
import { KeywordRetriever } from '../src/search/keyword-retriever.js';
import { createAnswerEngine } from '../src/answer/engine.js';
import { ARCHIVE_QUESTIONS } from './archive.js';

const indexDir = process.argv[process.argv.indexOf('--index') + 1] ?? 'index';
const rounds = 3;
const index = await loadIndex(indexDir);
const engine = createAnswerEngine({
  corpus: index.corpus,
  keyword: index.keyword,
  retriever: new KeywordRetriever(index.corpus.chunks, index.keyword),
});
let t = performance.now();
await engine.answer(ARCHIVE_QUESTIONS[0]!);
console.log(`first answer ${(performance.now() - t).toFixed(1)} ms`);
const rows: Array<[string, number]> = [];
for (const q of ARCHIVE_QUESTIONS) {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    t = performance.now();
    await engine.answer(q);
    times.push(performance.now() - t);
  }
  rows.push([q, Math.min(...times)]);
}
for (const [q, ms] of rows.sort((a, b) => b[1] - a[1])) console.log(`${ms.toFixed(1).padStart(8)} ms  ${q}`);
