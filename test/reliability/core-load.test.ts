import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/app/build.js';
import { createLogger } from '../../src/util/log.js';
import { answerJson } from '../../src/answer/contract.js';
import { ROOT, SHARED_BULLETINS, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';
import { memoryPeak, percentile, record } from './figures.js';

const questions = readFileSync(path.resolve(ROOT, '..', 'shared', 'eval', 'dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { q: string }).q);

describe('200 questions in flight at once through the core (extractive answers)', () => {
  for (const mode of ['keyword', 'hybrid'] as const) {
    it(`answers every one (${mode} retrieval), memory bounded`, async () => {
      const { engine } = await buildApp(
        testConfig({ BULLETINS_DIR: SHARED_BULLETINS, INDEX_DIR: tempDir(), RETRIEVAL_MODE: mode }),
        createLogger('silent'),
      );
      const batch = Array.from({ length: 200 }, (_, i) => questions[i % questions.length]!);
      await Promise.all(questions.map((q) => engine.answer(q))); // warm
      const stop = memoryPeak();
      const started = performance.now();
      const latencies: number[] = [];
      const answers = await Promise.all(
        batch.map(async (q) => {
          const a = await engine.answer(q);
          latencies.push(performance.now() - started);
          return a;
        }),
      );
      const wall = performance.now() - started;
      const peakMiB = stop();
      expect(answers).toHaveLength(200);
      for (const a of answers) {
        const json = answerJson(a);
        expect(typeof json.found).toBe('boolean');
        expect(json.retrieved.length + json.citations.length).toBeGreaterThanOrEqual(0);
      }
      expect(peakMiB).toBeLessThan(1024);
      record(`core: 200 concurrent questions, ${mode}, extractive`, {
        questions: 200,
        concurrency: 200,
        errors: 0,
        p50Ms: Math.round(percentile(latencies, 50)),
        p95Ms: Math.round(percentile(latencies, 95)),
        wallMs: Math.round(wall),
        peakRssMiB: peakMiB,
      });
    });
  }
});
