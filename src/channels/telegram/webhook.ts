import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { listen, MAX_WEBHOOK_BODY, pathOf, sameSecret, sendJson } from '../../server/http.js';
import { errorMessage } from '../../util/app-error.js';
import type { Logger } from '../../util/log.js';
import { readJsonRequest, refuseRequest } from '../core/json-webhook.js';
import type { RejectionLog } from '../core/rejections.js';

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
  const refused = (status: number, reason: string, error: string) =>
    refuseRequest(req, res, o.rejections, { status, reason, body: { error } }, 'error');
  if (req.method !== 'POST' || pathOf(req) !== o.path) return refused(404, 'wrong method or path', 'not found');
  if (!sameSecret(String(req.headers['x-telegram-bot-api-secret-token'] ?? ''), o.secret))
    return refused(401, 'wrong secret token', 'unauthorized');
  const update = await readJsonRequest(req, res, {
    maxBody: o.maxBody ?? MAX_WEBHOOK_BODY,
    schema: updateSchema,
    rejections: o.rejections,
    messageKey: 'error',
    notJson: { status: 400, reason: 'body is not JSON', body: { error: 'not JSON' } },
    invalid: { status: 400, reason: 'body is not an update', body: { error: 'not an update' } },
  });
  if (!update) return;
  sendJson(res, 200, {});
  o.onUpdate(update as Update).catch((error: unknown) =>
    o.log.error('telegram: webhook update failed', { update: update.update_id, error: errorMessage(error) }),
  );
}
