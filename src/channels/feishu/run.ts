import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { closeServer } from '../../server/http.js';
import { errorMessage } from '../../util/app-error.js';
import { createEventDispatcher, createLarkClient, createLarkWsClient, larkApi } from '../../vendors/lark.js';
import type { ChannelDefinition, ChannelStartDeps } from '../core/definition.js';
import { ChannelRuntime, ChannelSetupError, channelStartDeps, coreSettingsFor, type Running } from '../core/runtime.js';
import { SeenStore } from '../seen-store.js';
import { FeishuAdapter, type FeishuOut } from './adapter.js';
import { parseCardAction, parseMessageEvent, type FeishuMessage } from './events.js';
import { FeishuSender } from './sender.js';
import { startFeishuWebhook } from './webhook.js';

export type RunningFeishu = Running<{
  botOpenId: string;
  /** The webhook's port, in webhook mode. */
  port?: number;
}>;

/**
 * Feishu retries an unacknowledged event for hours (15 s, 5 min, 1 h, 6 h): ids are remembered
 * for longer than that, and a message older than this is not answered (its id may be forgotten).
 */
const SEEN_TTL_MS = 8 * 3600_000;
/** How long start-up waits for the long connection before reporting it as still connecting. */
const WS_READY_WAIT_MS = 20_000;

export const feishuChannel: ChannelDefinition = {
  name: 'feishu',
  needs: 'FEISHU_APP_ID and FEISHU_APP_SECRET must be set (see .env.example)',
  isConfigured: (config) => Boolean(config.FEISHU_APP_ID && config.FEISHU_APP_SECRET),
  start: (config, deps) => startFeishu(config, deps),
};

/** Starts the Feishu bot: by the SDK's long connection (default), or a webhook that verifies and decrypts events. */
export async function startFeishu(config: Config, startDeps: ChannelStartDeps): Promise<RunningFeishu> {
  const { FEISHU_APP_ID: appId, FEISHU_APP_SECRET: appSecret } = config;
  if (!appId || !appSecret) throw new ChannelSetupError(feishuChannel.needs);
  const deps = await channelStartDeps('feishu', config, startDeps);
  const { log } = deps;
  const api = larkApi(createLarkClient(appId, appSecret, config.FEISHU_DOMAIN, log));
  const botOpenId = await api.botOpenId();
  const seenFile = path.join(config.STATE_DIR, 'feishu-seen.jsonl');
  const runtime = new ChannelRuntime<FeishuMessage, FeishuOut, string>(deps, {
    adapter: new FeishuAdapter(new FeishuSender(api, log), api),
    seen: await SeenStore.open(seenFile, SEEN_TTL_MS, log, () => Date.now(), deps.services?.damaged),
    settings: coreSettingsFor('feishu', config, SEEN_TTL_MS),
    state: 'starting',
  });
  const { core, rejections, seen } = runtime;
  /** A message event from either delivery mode; the core answers it in the background. */
  const onMessageEvent = (event: unknown, eventId: string | null) => {
    const parsed = parseMessageEvent(event, eventId, botOpenId);
    if (!parsed.ok) return rejections.reject(parsed.reason, { event: eventId });
    if (parsed.message.content.kind === 'malformed')
      rejections.reject('malformed message content (answered as unsupported)', { type: parsed.message.content.messageType });
    void core.handle(parsed.message);
  };
  /** A button pressed on a card: acted on, and answered with a toast (in the HTTP response or the long connection's ack). */
  const onCardAction = async (event: unknown, eventId: string | null): Promise<unknown> => {
    const press = parseCardAction(event);
    if (!press) {
      rejections.reject('card action not understood', { event: eventId });
      return {};
    }
    if (eventId && !seen.claim(`evt:${eventId}`)) return {};
    const { toast, after } = await core.press(press);
    if (after) void after().catch((error: unknown) => log.warn('feishu: acting on a button failed', { error: errorMessage(error) }));
    return toast ? { toast: { type: 'success', content: toast } } : {};
  };
  log.info(`feishu: bot ${botOpenId} ready (${config.FEISHU_MODE})`);

  if (config.FEISHU_MODE === 'webhook') {
    const { server, port } = await startFeishuWebhook({
      host: config.FEISHU_WEBHOOK_HOST,
      port: config.FEISHU_WEBHOOK_PORT,
      path: config.FEISHU_WEBHOOK_PATH,
      verificationToken: config.FEISHU_VERIFICATION_TOKEN!,
      encryptKey: config.FEISHU_ENCRYPT_KEY!,
      maxEventAgeSeconds: config.FEISHU_MAX_EVENT_AGE_S,
      onEvent: (type, eventId, event) => {
        if (type === 'im.message.receive_v1') onMessageEvent(event, eventId);
        if (type === 'card.action.trigger') return onCardAction(event, eventId);
        return undefined;
      },
      rejections,
      log,
    });
    runtime.state = 'up';
    log.info(`feishu: events on ${config.FEISHU_WEBHOOK_HOST}:${port}${config.FEISHU_WEBHOOK_PATH}`);
    return runtime.running({ botOpenId, port }, () => closeServer(server));
  }

  // Long connection: Feishu pushes events over the SDK's WebSocket; no public URL is needed.
  let settle!: (error: Error | null) => void;
  const firstConnect = new Promise<Error | null>((resolve) => (settle = resolve));
  const ws = createLarkWsClient(appId, appSecret, config.FEISHU_DOMAIN, log, {
    onReady: () => {
      runtime.state = 'up';
      log.info('feishu: long connection up');
      settle(null);
    },
    onError: (error) => {
      runtime.state = 'down';
      log.error('feishu: long connection given up', { error: error.message });
      settle(error);
    },
    onReconnecting: () => {
      runtime.state = 'starting';
      log.warn('feishu: long connection lost; reconnecting');
    },
    onReconnected: () => {
      runtime.state = 'up';
      log.info('feishu: long connection re-established');
    },
  });
  const dispatcher = createEventDispatcher(
    (data) => onMessageEvent(data, eventIdOf(data)),
    (data) => onCardAction(data, eventIdOf(data)),
    log,
  );
  await ws.start({ eventDispatcher: dispatcher });
  let timer: NodeJS.Timeout | undefined;
  const failure = await Promise.race([
    firstConnect,
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WS_READY_WAIT_MS))),
  ]);
  clearTimeout(timer);
  if (failure) {
    ws.close({ force: true });
    throw failure;
  }
  if (runtime.state !== 'up') log.warn('feishu: long connection not up yet; the SDK keeps trying');
  return runtime.running({ botOpenId }, async () => ws.close({ force: true }));
}

/** The SDK hands the event with its header fields (event_id among them) flattened in. */
function eventIdOf(data: unknown): string | null {
  const id = (data as { event_id?: unknown } | null)?.event_id;
  return typeof id === 'string' && id ? id : null;
}
