import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startService, type Service } from '../../src/server/service.js';
import { healthOf } from '../../src/server/health.js';
import { ingest } from '../../src/ingest/ingest.js';
import { createLogger } from '../../src/util/log.js';
import { FIXTURE_BULLETINS, fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { FakeFeishu } from '../helpers/fake-feishu.js';
import { jsonObject, manifestOf } from '../helpers/json.js';
import { IN_PROCESS } from '../helpers/service.js';

async function until(predicate: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run serve: one process, health, reload', () => {
  let service: Service | null = null;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await service?.stop();
    service = null;
    for (const c of closers.splice(0)) await c();
  });

  it('starts Telegram and Feishu over one index, reports health, and logs latency by stage as JSON', async () => {
    const telegram = await new FakeTelegram().start();
    const feishu = await new FakeFeishu().start();
    closers.push(
      () => telegram.close(),
      () => feishu.close(),
    );
    const lines: string[] = [];
    const config = testConfig({
      BULLETINS_DIR: fixtureCorpus('issue-a.txt'),
      INDEX_DIR: tempDir(),
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      TELEGRAM_BOT_TOKEN: '123456:SERVE-test',
      TELEGRAM_API_ROOT: telegram.url,
      FEISHU_APP_ID: 'cli_serve',
      FEISHU_APP_SECRET: 'serve-secret',
      FEISHU_DOMAIN: feishu.url,
      FEISHU_MODE: 'webhook',
      FEISHU_WEBHOOK_HOST: '127.0.0.1',
      FEISHU_WEBHOOK_PORT: '0',
      FEISHU_VERIFICATION_TOKEN: 'tok',
      FEISHU_ENCRYPT_KEY: 'key',
      STATE_DIR: tempDir(),
    });
    service = await startService(
      config,
      createLogger('info', (l) => lines.push(l), 'json'),
      IN_PROCESS,
    );
    const res = await fetch(`http://127.0.0.1:${service.healthPort}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      indexLoaded: true,
      issuesIndexed: 1,
      retrievalMode: 'hybrid',
      modelMode: { answers: 'extractive', embedding: 'test/tiny-zh' },
      channels: { telegram: 'up', feishu: 'up' },
    });
    telegram.push(telegram.textMessage('全国量子计算相关企业有多少家？'));
    await telegram.waitFor(() => telegram.sent().length >= 1);
    await until(() => lines.some((l) => l.includes('"msg":"answered"')));
    const answered = jsonObject(lines.find((l) => l.includes('"msg":"answered"'))!);
    expect(answered).toMatchObject({ level: 'info', channel: 'telegram', found: true });
    for (const stage of ['retrieveMs', 'generateMs', 'sendMs', 'totalMs']) expect(typeof answered[stage]).toBe('number');
    expect(lines.join('\n')).not.toContain('serve-secret');
    expect(lines.join('\n')).not.toContain('SERVE-test');
  });

  it('answers 503 until ready and while a configured channel is down; 200 "degraded" with the problem when durability is lost', () => {
    const base = { engine: null, manifest: null, embeddingModel: null, startedAt: Date.now() };
    const channel = (state: 'starting' | 'up' | 'down', problems: string[] = []) => ({ state, problems, rejected: {} });
    expect(healthOf({ ...base, phase: 'starting', channels: { telegram: channel('starting'), feishu: 'off' } }).status).toBe(503);
    const engine = { corpus: { bulletins: [], chunks: [] }, retrievalMode: 'keyword', answerMode: 'extractive' } as never;
    expect(healthOf({ ...base, engine, phase: 'ready', channels: { telegram: channel('down'), feishu: 'off' } })).toMatchObject({
      status: 503,
      body: { status: 'degraded' },
    });
    expect(healthOf({ ...base, engine, phase: 'ready', channels: { telegram: channel('up'), feishu: 'off' } })).toMatchObject({
      status: 200,
      body: { status: 'ok', channels: { telegram: 'up', feishu: 'off' }, problems: [] },
    });
    expect(
      healthOf({
        ...base,
        engine,
        phase: 'ready',
        channels: { telegram: channel('up'), feishu: channel('up', ['state store not writable']) },
      }),
    ).toMatchObject({
      status: 200,
      body: { status: 'degraded', problems: ['feishu: state store not writable'] },
    });
    expect(healthOf({ ...base, engine, phase: 'stopping', channels: { telegram: channel('up'), feishu: 'off' } }).status).toBe(503);
  });

  it('switches to a new index when ingest writes one, and keeps serving when index files are damaged', async () => {
    const corpus = fixtureCorpus('issue-a.txt');
    const indexDir = tempDir();
    const lines: string[] = [];
    const config = testConfig({
      BULLETINS_DIR: corpus,
      INDEX_DIR: indexDir,
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
      RETRIEVAL_MODE: 'keyword',
    });
    service = await startService(
      config,
      createLogger('info', (l) => lines.push(l)),
      IN_PROCESS,
    );
    const health = async () => (await (await fetch(`http://127.0.0.1:${service!.healthPort}/healthz`)).json()) as { issuesIndexed: number };
    expect((await health()).issuesIndexed).toBe(1);
    const engine = service.state.engine!;
    expect((await engine.answer('1-2月软件业务收入是多少？')).found).toBe(false);

    copyFileSync(path.join(FIXTURE_BULLETINS, 'issue-b.md'), path.join(corpus, 'issue-b.md'));
    await ingest({ corpusDir: corpus, indexDir });
    await until(async () => (await health()).issuesIndexed === 2);
    expect((await engine.answer('1-2月软件业务收入是多少？')).text).toContain('18640亿元');

    // Damaged files on disk: what is served is in memory; a reload that fails keeps it.
    const manifest = manifestOf(indexDir);
    rmSync(path.join(indexDir, Object.values(manifest.files)[0]!.segment));
    writeFileSync(path.join(indexDir, manifest.corpusFile), '{"truncated');
    await service.reload();
    expect(lines.join('\n')).toContain('index reload failed; still serving the previous index');
    expect((await engine.answer('1-2月软件业务收入是多少？')).text).toContain('18640亿元');
    expect((await health()).issuesIndexed).toBe(2);
  });
});
