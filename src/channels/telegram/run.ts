import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { webhookCallback } from 'grammy';
import type { Config } from '../../config/schema.js';
import type { AnswerEngine } from '../../answer/engine.js';
import type { Logger } from '../../util/log.js';
import { createGrammyBot } from '../../vendors/grammy.js';
import { TelegramChannel } from './bot.js';
import { describe } from './replier.js';

export interface RunningTelegram {
  channel: TelegramChannel;
  /** The webhook server's address, in webhook mode. */
  address?: { host: string; port: number };
  stop(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/** Starts the Telegram bot: long polling by default, or a webhook server with a secret token. */
export async function startTelegram(config: Config, engine: AnswerEngine, log: Logger): Promise<RunningTelegram> {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const bot = createGrammyBot(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT);
  const channel = new TelegramChannel(bot, {
    engine,
    log,
    settings: {
      allowedUsers: config.TELEGRAM_ALLOWED_USERS,
      groups: config.TELEGRAM_GROUPS,
      ratePerMinute: config.TELEGRAM_RATE_LIMIT_PER_MINUTE,
      maxRetryAfterSeconds: config.TELEGRAM_MAX_RETRY_AFTER_S,
      editIntervalMs: config.TELEGRAM_EDIT_INTERVAL_MS,
      typingIntervalMs: 4000,
    },
  });
  await bot.init();
  log.info(`telegram: signed in as @${bot.botInfo.username}`);
  const allowed_updates = ['message', 'callback_query'] as const;

  if (config.TELEGRAM_MODE === 'polling') {
    const polling = bot.start({ allowed_updates: [...allowed_updates], onStart: () => log.info('telegram: long polling') });
    polling.catch((error) => log.error('telegram: polling stopped', { error: describe(error) }));
    return {
      channel,
      async stop() {
        await bot.stop();
        await channel.drain(15_000);
      },
    };
  }

  const secret = config.TELEGRAM_WEBHOOK_SECRET!;
  const handle = webhookCallback(bot, 'http', { timeoutMilliseconds: 10_000, onTimeout: 'return' });
  const server = createServer((req, res) => void serveWebhook(req, res, config.TELEGRAM_WEBHOOK_PATH, secret, handle, log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.TELEGRAM_WEBHOOK_PORT, config.TELEGRAM_WEBHOOK_HOST, resolve);
  });
  const address = server.address() as { address: string; port: number };
  if (config.TELEGRAM_WEBHOOK_URL)
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: secret, allowed_updates: [...allowed_updates] });
  log.info(`telegram: webhook on ${address.address}:${address.port}${config.TELEGRAM_WEBHOOK_PATH}`);
  return {
    channel,
    address: { host: address.address, port: address.port },
    async stop() {
      await closeServer(server);
      await channel.drain(15_000);
    },
  };
}

/** Only POSTs to the path with the right secret token reach grammY; the body is capped. */
async function serveWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  secret: string,
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
  log: Logger,
): Promise<void> {
  if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
    res.writeHead(404).end();
    return;
  }
  const given = Buffer.from(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''));
  const expected = Buffer.from(secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    log.warn('telegram: webhook request with a wrong secret token rejected', { from: req.socket.remoteAddress });
    res.writeHead(401).end();
    return;
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
    res.writeHead(413).end();
    return;
  }
  try {
    await handle(req, res);
  } catch (error) {
    log.error('telegram: webhook update failed', { error: describe(error) });
    if (!res.headersSent) res.writeHead(500).end();
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
