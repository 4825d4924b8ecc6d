import { telegramChannelWith, type TelegramOptions } from '../../src/channels/telegram/run.js';
import { feishuChannel } from '../../src/channels/feishu/run.js';

/**
 * The Telegram bot without the waits of Telegram's send limits: tests of what the bot says and does
 * need not wait a second between two messages to a chat. The spacing itself, with Telegram's limits,
 * is tested on its own with fake timers (test/vendors/grammy.test.ts).
 */
export const UNTHROTTLED: TelegramOptions = { limits: { perChatMs: 0, perGroupPerMinute: 1_000_000, perSecond: 1_000_000 } };

/** The registry's channels, the Telegram one unthrottled, for tests that start the service. */
export const TEST_CHANNELS = [telegramChannelWith(UNTHROTTLED), feishuChannel];
