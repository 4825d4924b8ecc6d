import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { listen, MAX_WEBHOOK_BODY, pathOf, readBody, refuse, sameSecret, sendJson } from '../../server/http.js';
import type { Logger } from '../../util/log.js';
import type { RejectionLog } from '../core/rejections.js';
import { checkSignature, decryptEvent, SIGNATURE_HEADERS } from './crypto.js';
import { errorMessage } from '../../util/app-error.js';

export interface FeishuWebhookOptions {
  host: string;
  port: number;
  path: string;
  verificationToken: string;
  encryptKey: string;
  maxEventAgeSeconds: number;
  /**
   * A verified event of any type. Returning nothing acknowledges it at once with {}; a callback
   * (a card button) returns a promise of its answer (a toast), sent as the response body.
   */
  onEvent: (eventType: string, eventId: string | null, event: unknown) => Promise<unknown> | undefined;
  rejections: RejectionLog;
  log: Logger;
  now?: () => number;
  maxBody?: number;
}

/** Feishu's URL check is sent unsigned; it is small, so an unsigned request is read no further than this. */
const MAX_UNSIGNED_BODY = 4096;

const encryptedBody = z.object({ encrypt: z.string() });
const challengeBody = z.object({ type: z.literal('url_verification'), token: z.string(), challenge: z.string() });
const eventBody = z.object({
  schema: z.literal('2.0'),
  header: z.object({ token: z.string(), event_type: z.string(), event_id: z.string().optional() }),
  event: z.unknown(),
});

/**
 * The event endpoint. Checks in order of cost: path, body size (bounded reader), then the
 * signature and timestamp over the raw bytes, and only then decryption and parsing, so that a
 * forged request costs a hash and nothing else. The one unsigned request Feishu makes, the URL
 * check, proves itself by the verification token inside its (encrypted) body instead.
 */
export async function startFeishuWebhook(o: FeishuWebhookOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(
    (req, res) =>
      void handle(req, res, o).catch((error: unknown) => {
        o.log.error('feishu: webhook request failed', { error: errorMessage(error) });
        sendJson(res, 500, { msg: 'internal error' });
      }),
  );
  const { port } = await listen(server, o.port, o.host);
  return { server, port };
}

async function handle(req: IncomingMessage, res: ServerResponse, o: FeishuWebhookOptions): Promise<void> {
  const from = req.socket.remoteAddress;
  if (req.method !== 'POST' || pathOf(req) !== o.path) {
    o.rejections.reject('wrong method or path', { from });
    return refuse(res, 404, { msg: 'not found' });
  }
  const signed = SIGNATURE_HEADERS.some((h) => req.headers[h] !== undefined);
  const read = await readBody(req, signed ? (o.maxBody ?? MAX_WEBHOOK_BODY) : MAX_UNSIGNED_BODY);
  if (!read.ok) {
    o.rejections.reject(`body ${read.reason}`, { from });
    return refuse(res, read.reason === 'too large' ? 413 : 400, { msg: read.reason });
  }
  if (signed) {
    const problem = checkSignature(req.headers, read.body, o.encryptKey, o.maxEventAgeSeconds, (o.now ?? Date.now)());
    if (problem) {
      o.rejections.reject(problem, { from });
      return sendJson(res, 401, { msg: problem });
    }
  }
  const body = open(read.body, o.encryptKey);
  if (!body.ok) {
    o.rejections.reject(signed ? body.reason : 'unsigned request', { from });
    return sendJson(res, signed ? 400 : 401, { msg: signed ? body.reason : 'missing signature' });
  }

  const challenge = challengeBody.safeParse(body.value);
  if (challenge.success) {
    if (!sameSecret(challenge.data.token, o.verificationToken)) {
      o.rejections.reject('URL check with a wrong token', { from });
      return sendJson(res, 401, { msg: 'bad token' });
    }
    return sendJson(res, 200, { challenge: challenge.data.challenge });
  }
  if (!signed) {
    o.rejections.reject('unsigned request', { from });
    return sendJson(res, 401, { msg: 'missing signature' });
  }
  const event = eventBody.safeParse(body.value);
  if (!event.success) {
    // Signed, so it is Feishu's: acknowledged, or it would be re-sent for hours.
    o.rejections.reject('event not understood');
    return sendJson(res, 200, {});
  }
  if (!sameSecret(event.data.header.token, o.verificationToken)) {
    o.rejections.reject('event with a wrong token', { from });
    return sendJson(res, 401, { msg: 'bad token' });
  }
  const answer = o.onEvent(event.data.header.event_type, event.data.header.event_id ?? null, event.data.event);
  if (!answer) return sendJson(res, 200, {});
  // Feishu waits 3 s for a callback's answer; an empty one after 2.5 s beats a timeout shown to the user.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<unknown>((resolve) => (timer = setTimeout(() => resolve({}), 2500)));
  const reply = await Promise.race([answer.catch(() => ({})), late]);
  clearTimeout(timer);
  sendJson(res, 200, reply ?? {});
}

/** The body as JSON, decrypted when it is {"encrypt": …}. */
function open(raw: Buffer, encryptKey: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let outer: unknown;
  try {
    outer = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const encrypted = encryptedBody.safeParse(outer);
  if (!encrypted.success) return { ok: true, value: outer };
  try {
    return { ok: true, value: JSON.parse(decryptEvent(encrypted.data.encrypt, encryptKey)) };
  } catch {
    return { ok: false, reason: 'encrypted body cannot be read' };
  }
}
