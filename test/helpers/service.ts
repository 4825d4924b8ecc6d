import { telegramChannelWith, type TelegramOptions } from '../../src/channels/telegram/run.js';
import { feishuChannel } from '../../src/channels/feishu/run.js';
import { runIngestJob } from '../../src/server/ingest-job.js';
import type { ServiceDeps } from '../../src/server/service.js';
import { PdfWorkbench } from '../../src/originals/workbench.js';

/**
 * The Telegram bot without the waits of Telegram's send limits: tests of what the bot says and does
 * need not wait a second between two messages to a chat. The spacing itself, with Telegram's limits,
 * is tested on its own with fake timers (test/vendors/grammy.test.ts).
 */
export const UNTHROTTLED: TelegramOptions = { limits: { perChatMs: 0, perGroupPerMinute: 1_000_000, perSecond: 1_000_000 } };

/**
 * The service as tests of its behaviour start it: the registry's channels (Telegram unthrottled),
 * and ingest jobs and 查看原文's pages done in the test's own process rather than a child (the
 * children, and `npm run serve` as a process, are tested in test/server/weekly-process.test.ts,
 * test/server/ingest-process.test.ts and test/originals/renderer.test.ts, tagged `process`).
 */
export const IN_PROCESS: ServiceDeps = {
  channels: [telegramChannelWith(UNTHROTTLED), feishuChannel],
  runIngestJob,
  renderer: new PdfWorkbench(),
};
