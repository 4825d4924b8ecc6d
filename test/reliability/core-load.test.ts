import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/app/build.js';
import { createLogger } from '../../src/util/log.js';
import { SHARED_BULLETINS, SHARED_EVAL, tempDir } from '../helpers/paths.js';
import { describeShared } from '../helpers/shared.js';
import { testConfig } from '../helpers/config.js';
import { memoryPeak, percentile, record } from './figures.js';

describeShared(['bulletins', 'eval'], '200 questions in flight at once through the core (extractive answers, the real bulletins)', () => {
  for (const mode of ['keyword', 'hybrid'] as const) {
    it(`answers every one as it would alone (${mode} retrieval), citing indexed issues, memory bounded`, async () => {
      const questions = readFileSync(path.join(SHARED_EVAL, 'dev.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { q: string }).q);
      const { engine } = await buildApp(
        testConfig({ BULLETINS_DIR: SHARED_BULLETINS, INDEX_DIR: tempDir(), RETRIEVAL_MODE: mode }),
        createLogger('silent'),
      );
      // Each question alone first: what the answers under load must be.
      const alone = new Map<string, string>();
      for (const q of questions) alone.set(q, (await engine.answer(q)).text);

      const batch = Array.from({ length: 200 }, (_, i) => questions[i % questions.length]!);
      const stop = memoryPeak();
      const started = performance.now();
      const latencies: number[] = [];
      const results = await Promise.allSettled(
        batch.map(async (q) => {
          const a = await engine.answer(q);
          latencies.push(performance.now() - started);
          return a;
        }),
      );
      const peakMiB = stop();
      const answers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const errors = results.length - answers.length;
      const differing = answers.filter((a) => a.text !== alone.get(a.question)).length;
      const issues = new Set(engine.corpus.bulletins.map((b) => b.cover.total));
      const badCitations = answers.filter(
        (a) =>
          (a.found && a.citations.length === 0) ||
          a.citations.some((c) => !issues.has(c.issue.total) || c.pages[0] > c.pages[1] || !c.quote.trim()),
      ).length;
      record(mode === 'keyword' ? 'coreKeyword' : 'coreHybrid', {
        messages: 200,
        chats: 200,
        errors,
        lost: 200 - answers.length,
        p50Ms: Math.round(percentile(latencies, 50)),
        p95Ms: Math.round(percentile(latencies, 95)),
        peakRssMiB: peakMiB,
        note: `${answers.filter((a) => a.found).length} found, ${differing} differing from the answer alone`,
      });
      expect(errors).toBe(0);
      expect(differing).toBe(0);
      expect(badCitations).toBe(0);
      expect(answers.some((a) => a.found)).toBe(true);
      expect(peakMiB).toBeLessThan(1024);
    });
  }
});
