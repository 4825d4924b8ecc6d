import { describe, expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startService } from '../../src/server/service.js';
import { ingest } from '../../src/ingest/ingest.js';
import { createLogger } from '../../src/util/log.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';
import { record } from './figures.js';

describe('index files deleted or corrupted while serving', () => {
  it('keeps answering from memory, refuses the broken index, and switches once ingest rebuilds it', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const logs: string[] = [];
    const service = await startService(
      testConfig({ BULLETINS_DIR: corpus, INDEX_DIR: indexDir, HEALTH_PORT: '0', HEALTH_HOST: '127.0.0.1' }),
      createLogger('info', (l) => logs.push(l)),
    );
    const engine = service.state.engine!;
    const ask = async () => (await engine.answer('全国量子计算相关企业有多少家？')).text.includes('318家');
    let answered = 0;
    try {
      expect(await ask()).toBe(true);
      for (const f of readdirSync(indexDir, { recursive: true }).map(String))
        if (f.endsWith('.json') && !f.includes('manifest')) writeFileSync(path.join(indexDir, f), '{"corrupt": ');
      await service.reload();
      for (let i = 0; i < 20; i++) answered += Number(await ask());
      rmSync(indexDir, { recursive: true, force: true });
      await service.reload();
      for (let i = 0; i < 20; i++) answered += Number(await ask());
      expect(answered).toBe(40);
      expect(logs.filter((l) => l.includes('index reload failed'))).toHaveLength(2);
      const health = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as { problems: string[] };
      // Serving from memory while the index on disk cannot be loaded: answering, and saying so.
      expect(health).toMatchObject({ status: 'degraded', issuesIndexed: 2 });
      expect(health.problems).toEqual([
        expect.stringMatching(/^the index on disk could not be loaded \(.*\); still serving the previous one$/) as string,
      ]);

      rmSync(path.join(corpus, 'issue-b.md'));
      await ingest({ corpusDir: corpus, indexDir });
      await service.reload();
      const rebuilt = (await (await fetch(`http://127.0.0.1:${service.healthPort}/healthz`)).json()) as unknown;
      expect(rebuilt).toMatchObject({ issuesIndexed: 1, status: 'ok', problems: [] });
      record('indexDamage', {
        messages: 40,
        errors: 40 - answered,
        note: `${logs.filter((l) => l.includes('index reload failed')).length} failed reloads kept the index in memory; the rebuilt one was switched to`,
      });
    } finally {
      await service.stop();
    }
  });
});
