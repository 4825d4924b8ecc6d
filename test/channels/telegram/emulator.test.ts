import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { startTelegram, type RunningTelegram } from '../../../src/channels/telegram/run.js';
import { createLogger } from '../../../src/util/log.js';
import { engineFor } from '../../helpers/engine.js';
import { fixtureCorpus } from '../../helpers/paths.js';
import { testConfig } from '../../helpers/config.js';
import { UNTHROTTLED } from '../../helpers/service.js';

const TOKEN = '987654:EMULATOR-token';

/** telegram-test-api: a Telegram Bot API emulator from the npm registry, not written by this project. */
describe('Telegram bot against an independent Bot API emulator (telegram-test-api)', () => {
  let server: TelegramServer;
  let running: RunningTelegram;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    const engine = await engineFor(fixtureCorpus('issue-a.txt', 'issue-b.md'));
    running = await startTelegram(
      testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL }),
      { engine, log: createLogger('silent') },
      UNTHROTTLED,
    );
  });
  afterAll(async () => {
    await running.stop();
    await server.stop();
  });

  it('a user message gets one reply with the answer and its 第N期 … 第P页 citation', async () => {
    const client = server.getClient(TOKEN, { timeout: 10_000, userId: 5001, chatId: 5001 });
    await client.sendMessage(client.makeMessage('全国量子计算相关企业有多少家？'));
    const { result } = await client.getUpdates();
    expect(result).toHaveLength(1);
    const text = (result[0]!.message as { text: string }).text;
    expect(text).toContain('318家');
    expect(text).toContain('2031年第9期（总第301期）第17–19页');
    expect((result[0]!.message as { chat_id: number }).chat_id).toBe(5001);
  });
});
