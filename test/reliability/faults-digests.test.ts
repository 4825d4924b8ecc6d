import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startService, type Service } from '../../src/server/service.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';

const TOKEN = '123456:DIGEST-retry-token';

/**
 * A new issue arrives while STATE_DIR cannot be written (made a plain file in the folder's place:
 * chmod would not stop root). Its digest cannot be recorded, so it is not sent; /healthz says so;
 * after a restart with STATE_DIR writable again it goes out, once.
 */
describe('digests while STATE_DIR cannot be written', () => {
  let service: Service | null = null;
  let api: FakeTelegram;
  afterEach(async () => {
    await service?.stop();
    await api?.close();
  });

  it('a digest that could not be recorded stays due, is listed as overdue with the reason, and goes out once after a restart', async () => {
    api = await new FakeTelegram().start();
    const corpus = fixtureCorpus('issue-a.txt');
    const stateDir = tempDir('state-');
    const config = testConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: api.url,
      BULLETINS_DIR: corpus,
      INDEX_DIR: tempDir('index-'),
      STATE_DIR: stateDir,
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      RETRIEVAL_MODE: 'keyword',
      INGEST_DEBOUNCE_MS: '200',
    });
    service = await startService(config, createLogger('silent'));
    api.push(api.textMessage('/subscribe', 61, undefined, { entities: [{ type: 'bot_command', offset: 0, length: 10 }] }));
    await api.waitFor(() => api.sent().some((p) => p.chat_id === 61));

    renameSync(stateDir, `${stateDir}.away`);
    writeFileSync(stateDir, 'not a folder');
    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    type Health = { issuesIndexed: number; problems: string[]; digestsOverdue?: Array<{ total: number; reason: string }> };
    const health = async () => (await (await fetch(`http://127.0.0.1:${service!.healthPort}/healthz`)).json()) as Health;
    // Once the new issue is served, its digest is due (and cannot be recorded).
    const until = Date.now() + 60_000;
    while ((await health()).issuesIndexed !== 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 500));
    const overdue = (await health()).digestsOverdue ?? [];
    const h = await health();
    expect(overdue).toMatchObject([
      {
        total: 302,
        chats: 1,
        reason: expect.stringMatching(/^cannot record it: digests\.json could not be written: .*(ENOTDIR|EEXIST)/) as string,
      },
    ]);
    expect(h.problems).toContainEqual(expect.stringMatching(/^digest of 总第302期 not yet sent to 1 chat\(s\)/) as string);
    expect(h.issuesIndexed).toBe(2);
    const digests = () => api.sent().filter((p) => p.chat_id === 61 && String(p.text).includes('已发布'));
    expect(digests()).toEqual([]);

    await service.stop();
    rmSync(stateDir);
    renameSync(`${stateDir}.away`, stateDir);
    service = await startService(config, createLogger('silent'));
    await api.waitFor(() => digests().length > 0, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(digests()).toHaveLength(1);
    expect(String(digests()[0]!.text)).toContain('《大数据发展动态》2031年第10期（总第302期）已发布');
    expect((await health()).digestsOverdue).toEqual([]);
    observeFault(
      'digestRetry',
      `while unwritable: 0 sent, /healthz overdue “${overdue[0]!.reason.slice(0, 70)}…”; after the restart: ${digests().length} digest sent`,
    );
  });
});
