import path from 'node:path';
import type { Server } from 'node:http';
import type { Config } from '../../config/schema.js';
import type { AnswerEngine } from '../../answer/engine.js';
import type { Logger } from '../../util/log.js';
import { createEventDispatcher, createLarkClient, createLarkWsClient, larkApi } from '../../vendors/lark.js';
import { SeenStore } from '../seen-store.js';
import { FeishuChannel, describe } from './bot.js';
import { FeishuSender } from './sender.js';
import { startWebhook } from './webhook.js';
import { messageEventSchema, toIncoming } from './events.js';

export interface RunningFeishu {
  channel: FeishuChannel;
  botOpenId: string;
  /** The webhook's port, in webhook mode. */
  port?: number;
  stop(): Promise<void>;
}

/** Feishu retries an unacknowledged event for hours; ids are remembered for longer than that. */
const SEEN_TTL_MS = 8 * 3600_000;

export async function startFeishu(config: Config, engine: AnswerEngine, log: Logger): Promise<RunningFeishu> {
  if (!config.FEISHU_APP_ID || !config.FEISHU_APP_SECRET) throw new Error('FEISHU_APP_ID and FEISHU_APP_SECRET must be set');
  const client = createLarkClient(config.FEISHU_APP_ID, config.FEISHU_APP_SECRET, config.FEISHU_DOMAIN, log);
  const api = larkApi(client);
  const botOpenId = await api.botOpenId();
  const seen = await SeenStore.open(path.join(config.STATE_DIR, 'feishu-seen.jsonl'), SEEN_TTL_MS);
  const channel = new FeishuChannel({
    engine,
    sender: new FeishuSender(api, log),
    seen,
    log,
    settings: { ratePerMinute: config.FEISHU_RATE_LIMIT_PER_MINUTE, updateIntervalMs: config.FEISHU_UPDATE_INTERVAL_MS },
  });
  log.info(`feishu: bot ${botOpenId} ready (${config.FEISHU_MODE})`);

  if (config.FEISHU_MODE === 'webhook') {
    const { server, port } = await startWebhook({
      host: config.FEISHU_WEBHOOK_HOST,
      port: config.FEISHU_WEBHOOK_PORT,
      path: config.FEISHU_WEBHOOK_PATH,
      verificationToken: config.FEISHU_VERIFICATION_TOKEN!,
      encryptKey: config.FEISHU_ENCRYPT_KEY!,
      maxEventAgeSeconds: config.FEISHU_MAX_EVENT_AGE_S,
      botOpenId,
      onMessage: (m) => channel.accept(m),
      log,
    });
    log.info(`feishu: events on ${config.FEISHU_WEBHOOK_HOST}:${port}${config.FEISHU_WEBHOOK_PATH}`);
    return { channel, botOpenId, port, stop: async () => (await close(server), await channel.drain(15_000)) };
  }

  // Long connection: Feishu pushes events over the SDK's WebSocket; no public URL is needed.
  const ws = createLarkWsClient(config.FEISHU_APP_ID, config.FEISHU_APP_SECRET, config.FEISHU_DOMAIN, log);
  const dispatcher = createEventDispatcher((data) => {
    const event = messageEventSchema.safeParse(data);
    if (!event.success) return log.warn('feishu: message event not understood');
    try {
      channel.accept(toIncoming(event.data, (data as { event_id?: string }).event_id ?? null, botOpenId));
    } catch (error) {
      log.error('feishu: event handling failed', { error: describe(error) });
    }
  });
  await ws.start({ eventDispatcher: dispatcher });
  return {
    channel,
    botOpenId,
    async stop() {
      ws.close();
      await channel.drain(15_000);
    },
  };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
