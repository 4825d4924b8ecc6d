import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { AnswerEngine } from '../../answer/engine.js';
import type { Config } from '../../config/schema.js';
import { closeServer } from '../../server/http.js';
import type { Logger } from '../../util/log.js';
import { createGrammyBot, startPolling } from '../../vendors/grammy.js';
import { ChannelCore } from '../core/channel-core.js';
import type { ChannelDefinition, ChannelHealth, RunningChannel } from '../core/definition.js';
import type { ChannelServices } from '../core/services.js';
import type { Digest } from '../../subscriptions/digest.js';
import { RejectionLog } from '../core/rejections.js';
import { MemoryDeliveryLog } from '../seen-store.js';
import { TelegramAdapter } from './adapter.js';
import { installUpdateHandlers } from './updates.js';
import { startTelegramWebhook } from './webhook.js';
import { errorMessage } from '../../util/app-error.js';

export interface RunningTelegram extends RunningChannel {
  bot: Bot;
  /** The webhook server's address, in webhook mode. */
  address?: { host: string; port: number };
  /** Resolves true once no message is being handled (tests, and the drain). */
  idle(timeoutMs: number): Promise<boolean>;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** How long answers in flight may take to finish on shutdown before they are cancelled. */
const DRAIN_GRACE_MS = 15_000;

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

export const telegramChannel: ChannelDefinition = {
  name: 'telegram',
  needs: 'TELEGRAM_BOT_TOKEN is not set (get one from @BotFather; see .env.example)',
  isConfigured: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),
  start: (config, { engine, log, services }) => startTelegram(config, engine, log, services),
};

/** Starts the Telegram bot: long polling by default, or a webhook server with a secret token. */
export async function startTelegram(
  config: Config,
  engine: AnswerEngine,
  log: Logger,
  services?: ChannelServices,
): Promise<RunningTelegram> {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error(telegramChannel.needs);
  const bot = createGrammyBot({
    token: config.TELEGRAM_BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    maxRetryAfterSeconds: config.TELEGRAM_MAX_RETRY_AFTER_S,
    log,
  });
  const apiRoot = config.TELEGRAM_API_ROOT.replace(/\/+$/, '');
  const token = config.TELEGRAM_BOT_TOKEN;
  const adapter = new TelegramAdapter(bot.api, { url: (filePath) => `${apiRoot}/file/bot${token}/${filePath}` });
  const rejections = new RejectionLog('telegram', log);
  const seen = new MemoryDeliveryLog();
  const core = new ChannelCore({
    adapter,
    engine,
    log,
    seen,
    rejections,
    settings: {
      ratePerMinute: config.TELEGRAM_RATE_LIMIT_PER_MINUTE,
      editIntervalMs: config.TELEGRAM_EDIT_INTERVAL_MS,
      maxMessageAgeMs: null,
      admins: config.TELEGRAM_ADMIN_IDS,
    },
    services,
  });
  const updates = installUpdateHandlers(bot, {
    core,
    adapter,
    seen,
    rejections,
    log,
    settings: { allowedUsers: config.TELEGRAM_ALLOWED_USERS, groups: config.TELEGRAM_GROUPS },
  });
  await bot.init();
  log.info(`telegram: signed in as @${bot.botInfo.username}`);
  await registerCommandMenu(bot, log);

  let state: ChannelHealth['state'] = 'up';
  const health = (): ChannelHealth => ({ state, problems: [], rejected: rejections.counts() });
  const idle = (timeoutMs: number) => core.idle(timeoutMs);
  const notify = (chatId: string, digest: Digest) => core.notify(chatId, digest);

  if (config.TELEGRAM_MODE === 'polling') {
    await bot.api.deleteWebhook();
    const runner = startPolling(bot, ALLOWED_UPDATES);
    log.info('telegram: long polling');
    runner.task()?.catch((error: unknown) => {
      state = 'down';
      log.error('telegram: polling stopped', { error: adapter.describeError(error) });
    });
    return {
      bot,
      health,
      idle,
      notify,
      async stop() {
        await runner.stop();
        await confirmUpdates(bot, updates.lastUpdateId(), log);
        await core.drain(DRAIN_GRACE_MS);
      },
    };
  }

  const webhook = await startTelegramWebhook({
    host: config.TELEGRAM_WEBHOOK_HOST,
    port: config.TELEGRAM_WEBHOOK_PORT,
    path: config.TELEGRAM_WEBHOOK_PATH,
    secret: config.TELEGRAM_WEBHOOK_SECRET!,
    rejections,
    log,
    onUpdate: (update: Update) => bot.handleUpdate(update),
  });
  if (config.TELEGRAM_WEBHOOK_URL)
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
  log.info(`telegram: webhook on ${webhook.host}:${webhook.port}${config.TELEGRAM_WEBHOOK_PATH}`);
  return {
    bot,
    address: { host: webhook.host, port: webhook.port },
    health,
    idle,
    notify,
    async stop() {
      await closeServer(webhook.server);
      // Updates just acknowledged reach the core within a tick; then the core drains them all.
      await new Promise((resolve) => setImmediate(resolve));
      await core.drain(DRAIN_GRACE_MS);
    },
  };
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
