import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Config } from '../../config/schema.js';
import { closeServer } from '../../server/http.js';
import { errorMessage } from '../../util/app-error.js';
import type { Logger } from '../../util/log.js';
import { createGrammyBot, startPolling, type SendLimits } from '../../vendors/grammy.js';
import type { ChannelDefinition, ChannelStartDeps } from '../core/definition.js';
import { ChannelRuntime, ChannelSetupError, channelStartDeps, coreSettingsFor, type Running } from '../core/runtime.js';
import { MemoryDeliveryLog } from '../seen-store.js';
import { TelegramAdapter } from './adapter.js';
import { installUpdateHandlers } from './updates.js';
import { startTelegramWebhook } from './webhook.js';

export type RunningTelegram = Running<{
  bot: Bot;
  /** The webhook server's address, in webhook mode. */
  address?: { host: string; port: number };
}>;

export interface TelegramOptions {
  /** What the bot may send how often (Telegram's limits by default). */
  limits?: SendLimits;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** The command menu, in Chinese for everyone and in English for users whose Telegram is in English. */
const COMMAND_MENU = {
  zh: [
    { command: 'help', description: '使用说明和提问示例' },
    { command: 'sources', description: '上一个回答的来源和原文摘录' },
    { command: 'issues', description: '已收录的各期简报' },
    { command: 'reset', description: '清空对话，重新开始' },
    { command: 'subscribe', description: '订阅：新一期收录后推送本期要目' },
    { command: 'unsubscribe', description: '取消订阅新一期推送' },
  ],
  en: [
    { command: 'help', description: 'How to ask, with examples' },
    { command: 'sources', description: 'Sources and quotes of the last answer' },
    { command: 'issues', description: 'The bulletin issues indexed' },
    { command: 'reset', description: 'Forget the conversation' },
    { command: 'subscribe', description: 'Get the contents of every new issue here' },
    { command: 'unsubscribe', description: 'Stop the new-issue messages' },
  ],
};

const NEEDS = 'TELEGRAM_BOT_TOKEN is not set (get one from @BotFather; see .env.example)';

/** The Telegram channel of the registry; `telegramChannelWith` makes one with other options (tests). */
export function telegramChannelWith(options: TelegramOptions = {}): ChannelDefinition {
  return {
    name: 'telegram',
    needs: NEEDS,
    isConfigured: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),
    start: (config, deps) => startTelegram(config, deps, options),
  };
}

export const telegramChannel = telegramChannelWith();

/** Starts the Telegram bot: long polling by default, or a webhook server with a secret token. */
export async function startTelegram(config: Config, startDeps: ChannelStartDeps, options: TelegramOptions = {}): Promise<RunningTelegram> {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new ChannelSetupError(NEEDS);
  const deps = await channelStartDeps('telegram', config, startDeps);
  const { log } = deps;
  const bot = createGrammyBot({
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    maxRetryAfterSeconds: config.TELEGRAM_MAX_RETRY_AFTER_S,
    log,
    limits: options.limits,
  });
  const apiRoot = config.TELEGRAM_API_ROOT.replace(/\/+$/, '');
  const adapter = new TelegramAdapter(bot.api, { url: (filePath) => `${apiRoot}/file/bot${token}/${filePath}` });
  const runtime = new ChannelRuntime(deps, {
    adapter,
    seen: new MemoryDeliveryLog(),
    settings: coreSettingsFor('telegram', config, null),
  });
  const updates = installUpdateHandlers(bot, {
    core: runtime.core,
    adapter,
    seen: runtime.seen,
    rejections: runtime.rejections,
    log,
    settings: { allowedUsers: config.TELEGRAM_ALLOWED_USERS, groups: config.TELEGRAM_GROUPS },
  });
  await bot.init();
  log.info(`telegram: signed in as @${bot.botInfo.username}`);
  await registerCommandMenu(bot, log);

  if (config.TELEGRAM_MODE === 'polling') {
    await bot.api.deleteWebhook();
    const runner = startPolling(bot, ALLOWED_UPDATES);
    log.info('telegram: long polling');
    runner.task()?.catch((error: unknown) => {
      runtime.state = 'down';
      log.error('telegram: polling stopped', { error: adapter.describeError(error) });
    });
    return runtime.running({ bot }, async () => {
      await runner.stop();
      await confirmUpdates(bot, updates.lastUpdateId(), log);
    });
  }

  const webhook = await startTelegramWebhook({
    host: config.TELEGRAM_WEBHOOK_HOST,
    port: config.TELEGRAM_WEBHOOK_PORT,
    path: config.TELEGRAM_WEBHOOK_PATH,
    secret: config.TELEGRAM_WEBHOOK_SECRET!,
    rejections: runtime.rejections,
    log,
    onUpdate: (update: Update) => bot.handleUpdate(update),
  });
  if (config.TELEGRAM_WEBHOOK_URL)
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  log.info(`telegram: webhook on ${webhook.host}:${webhook.port}${config.TELEGRAM_WEBHOOK_PATH}`);
  return runtime.running({ bot, address: { host: webhook.host, port: webhook.port } }, async () => {
    await closeServer(webhook.server);
    // Updates just acknowledged reach the core within a tick; then the core drains them all.
    await new Promise((resolve) => setImmediate(resolve));
  });
}

/** The menu Telegram shows for "/"; a Bot API server without setMyCommands (an emulator) only costs a warning. */
async function registerCommandMenu(bot: Bot, log: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands(COMMAND_MENU.zh);
    await bot.api.setMyCommands(COMMAND_MENU.en, { language_code: 'en' });
  } catch (error) {
    log.warn('telegram: the command menu could not be registered', { error: errorMessage(error) });
  }
}

/**
 * The runner confirms an update only by asking for the next ones: the last batch is confirmed
 * here on shutdown, or Telegram would deliver it again after a restart.
 */
async function confirmUpdates(bot: Bot, lastUpdateId: number | null, log: Logger): Promise<void> {
  if (lastUpdateId === null) return;
  await bot.api
    .getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 })
    .catch((error: unknown) => log.warn('telegram: could not confirm the last updates', { error: errorMessage(error) }));
}
