import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { listen, MAX_WEBHOOK_BODY, pathOf, readBody, refuse, sameSecret, sendJson } from '../../server/http.js';
import type { Logger } from '../../util/log.js';
import type { RejectionLog } from '../core/rejections.js';
import { errorMessage } from '../../util/app-error.js';

export interface TelegramWebhookOptions {
  host: string;
  port: number;
  path: string;
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update. */
  secret: string;
  /** Handles an accepted update (in the background: the request is answered at once). */
  onUpdate: (update: Update) => Promise<void>;
  rejections: RejectionLog;
  log: Logger;
  maxBody?: number;
}

/** The least an update must be: an object with an integer update_id; grammY reads the rest. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * Telegram's webhook: only POSTs to the path with the right secret are read; the body is read
 * through the bounded reader (chunked or not) before grammY sees anything; a body that is not an
 * update gets 400 (Telegram would retry a 500 forever). Accepted updates are acknowledged at once.
 */
export async function startTelegramWebhook(o: TelegramWebhookOptions): Promise<{ server: Server; host: string; port: number }> {
  const server = createServer((req, res) => void handle(req, res, o));
  const address = await listen(server, o.port, o.host);
  return { server, ...address };
}

async function handle(req: IncomingMessage, res: ServerResponse, o: TelegramWebhookOptions): Promise<void> {
  if (req.method !== 'POST' || pathOf(req) !== o.path) {
    o.rejections.reject('wrong method or path', { from: req.socket.remoteAddress });
    return refuse(res, 404, { error: 'not found' });
  }
  if (!sameSecret(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''), o.secret)) {
    o.rejections.reject('wrong secret token', { from: req.socket.remoteAddress });
    return refuse(res, 401, { error: 'unauthorized' });
  }
  const read = await readBody(req, o.maxBody ?? MAX_WEBHOOK_BODY);
  if (!read.ok) {
    o.rejections.reject(`body ${read.reason}`, { from: req.socket.remoteAddress });
    return refuse(res, read.reason === 'too large' ? 413 : 400, { error: read.reason });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.body.toString('utf8'));
  } catch {
    o.rejections.reject('body is not JSON');
    return sendJson(res, 400, { error: 'not JSON' });
  }
  const update = updateSchema.safeParse(parsed);
  if (!update.success) {
    o.rejections.reject('body is not an update');
    return sendJson(res, 400, { error: 'not an update' });
  }
  sendJson(res, 200, {});
  o.onUpdate(update.data as Update).catch((error: unknown) =>
    o.log.error('telegram: webhook update failed', { update: update.data.update_id, error: errorMessage(error) }),
  );
}
