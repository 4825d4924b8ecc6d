import { writeFileSync } from 'node:fs';
import { defaultWeights, WEIGHTS_FILE } from '../src/answer/decision/weights.js';
import { fitWeights } from '../src/eval/fit.js';
import { readSuite } from '../src/eval/manifest.js';
import { enginesWith, loadSuite } from '../src/eval/suite.js';
import { traceAll } from '../src/eval/traces.js';
import { dataPath } from '../src/util/paths.js';

/**
 * `npm run fit`: fits the answer core's weights (sentence model, answer model, thresholds) on every
 * committed question set (data/eval/sets.json) and writes data/answer-weights.json.
 */
async function main(): Promise<void> {
  const suite = readSuite();
  for (const m of suite.missing) process.stderr.write(`skipped ${m.set}: ${m.path} is missing\n`);
  if (!suite.sets.length) throw new Error('no question set can run here (see the lines above)');
  const data = await loadSuite(suite);
  try {
    const sets = suite.sets.map((s) => s.name);
    const weights = await fitWeights(
      (w, keepAll) => traceAll(data.questions, enginesWith(data, w), { keepAllSentences: keepAll }),
      defaultWeights(),
      sets,
    );
    writeFileSync(dataPath(WEIGHTS_FILE), JSON.stringify(weights, null, 1) + '\n');
    process.stdout.write(
      `wrote ${dataPath(WEIGHTS_FILE)}: ${weights.fitted.questions} questions, ${weights.fitted.sentenceRows} sentence rows, ${weights.fitted.candidateRows} candidate rows\n`,
    );
    for (const [k, t] of Object.entries(weights.thresholds)) process.stdout.write(`  ${k} = ${t.value}  (${t.note})\n`);
  } finally {
    data.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
