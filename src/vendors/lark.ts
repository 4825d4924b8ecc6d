import * as lark from '@larksuiteoapi/node-sdk';
import { FileTooLargeError } from '../util/file-too-large-error.js';
import { FeishuApiError, type FeishuApi } from './feishu-api.js';
import type { Logger } from '../util/log.js';

function larkDomain(domain: string): lark.Domain | string {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/** The SDK logs through ours (which redacts secrets), errors only. */
function sdkLogger(log: Logger): lark.Logger {
  const line =
    (level: 'warn' | 'error') =>
    (...msg: unknown[]) =>
      log[level](`feishu sdk: ${msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m)?.slice(0, 300))).join(' ')}`);
  return { error: line('error'), warn: line('warn'), info: () => {}, debug: () => {}, trace: () => {} };
}

export function createLarkClient(appId: string, appSecret: string, domain: string, log: Logger): lark.Client {
  return new lark.Client({ appId, appSecret, domain: larkDomain(domain), logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.warn });
}

/** The Open API calls the channel makes, with errors turned into FeishuApiError. */
export function larkApi(client: lark.Client): FeishuApi {
  const call = async <T>(work: () => Promise<T>): Promise<T> => {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      throw toApiError(error);
    }
    const body = result as { code?: number; msg?: string };
    if (typeof body?.code === 'number' && body.code !== 0) throw new FeishuApiError(200, body.code, body.msg ?? '');
    return result;
  };
  return {
    async botOpenId() {
      const info = await call(() =>
        client.request<{ code: number; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' }),
      );
      if (!info.bot?.open_id) throw new FeishuApiError(200, null, 'bot info has no open_id');
      return info.bot.open_id;
    },
    async reply(messageId, msgType, content, inThread) {
      const res = await call(() =>
        client.im.message.reply({ path: { message_id: messageId }, data: { msg_type: msgType, content, reply_in_thread: inThread } }),
      );
      return res.data?.message_id ?? '';
    },
    async patch(messageId, content) {
      await call(() => client.im.message.patch({ path: { message_id: messageId }, data: { content } }));
    },
    async send(chatId, msgType, content) {
      const res = await call(() =>
        client.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: chatId, msg_type: msgType, content } }),
      );
      return res.data?.message_id ?? '';
    },
    async uploadImage(png) {
      const res = await call(() => client.im.image.create({ data: { image_type: 'message', image: png } }));
      if (!res?.image_key) throw new FeishuApiError(200, null, 'image upload gave no image_key');
      return res.image_key;
    },
    async uploadFile(bytes, fileName) {
      const res = await call(() => client.im.file.create({ data: { file_type: 'pdf', file_name: fileName, file: bytes } }));
      if (!res?.file_key) throw new FeishuApiError(200, null, 'file upload gave no file_key');
      return res.file_key;
    },
    async download(messageId, fileKey, maxBytes) {
      const res = await call(() =>
        client.im.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } }),
      );
      const declared = Number((res.headers as Record<string, unknown> | undefined)?.['content-length']);
      const stream = res.getReadableStream();
      if (Number.isFinite(declared) && declared > maxBytes) {
        stream.destroy();
        throw new FileTooLargeError(maxBytes);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        if (size > maxBytes) {
          stream.destroy();
          throw new FileTooLargeError(maxBytes);
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks, size);
    },
  };
}

/** Axios errors carry the request (and its Authorization header): only status, code and message are kept. */
function toApiError(error: unknown): FeishuApiError {
  const e = error as {
    response?: { status?: number; headers?: Record<string, unknown>; data?: { code?: number; msg?: string } };
    message?: string;
  };
  const status = e.response?.status ?? null;
  const reset = Number(e.response?.headers?.['x-ogw-ratelimit-reset']);
  return new FeishuApiError(
    status,
    e.response?.data?.code ?? null,
    e.response?.data?.msg ?? (status ? 'request failed' : `network error: ${String(e.message ?? '').slice(0, 120)}`),
    Number.isFinite(reset) ? reset * 1000 : null,
  );
}

export interface WsLifecycle {
  onReady(): void;
  /** Given up: credentials refused, or reconnecting exhausted. */
  onError(error: Error): void;
  onReconnecting(): void;
  onReconnected(): void;
}

/** The SDK's long connection; its state changes are reported through `lifecycle`. */
export function createLarkWsClient(appId: string, appSecret: string, domain: string, log: Logger, lifecycle: WsLifecycle): lark.WSClient {
  return new lark.WSClient({
    appId,
    appSecret,
    domain: larkDomain(domain),
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
    handshakeTimeoutMs: 15_000,
    ...lifecycle,
  });
}

/**
 * Dispatches im.message.receive_v1 events and card.action.trigger callbacks (the SDK flattens header
 * and event into one object); what `onCardAction` returns (a toast) goes back to Feishu as the answer.
 */
export function createEventDispatcher(
  onMessage: (data: unknown) => void,
  onCardAction: (data: unknown) => Promise<unknown>,
  log: Logger,
): lark.EventDispatcher {
  // Errors only: it warns for every event type without a handler (read receipts, …).
  return new lark.EventDispatcher({ logger: sdkLogger(log), loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': async (data: unknown) => {
      onMessage(data);
    },
    'card.action.trigger': (data: unknown) => onCardAction(data),
  } as Record<string, (data: unknown) => unknown>);
}
