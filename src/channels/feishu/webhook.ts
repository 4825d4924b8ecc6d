import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { listen, MAX_WEBHOOK_BODY, pathOf, sameSecret, sendJson } from '../../server/http.js';
import { safeJson } from '../../util/json-file.js';
import type { Logger } from '../../util/log.js';
import { readJsonRequest, refuseRequest, type Refusal } from '../core/json-webhook.js';
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
  if (req.method !== 'POST' || pathOf(req) !== o.path)
    return refuseRequest(req, res, o.rejections, { status: 404, reason: 'wrong method or path', body: { msg: 'not found' } }, 'msg');
  const signed = SIGNATURE_HEADERS.some((h) => req.headers[h] !== undefined);
  // Whatever is wrong with an unsigned request that is not the URL check, it is refused for its missing signature.
  const unsigned: Refusal = { status: 401, reason: 'unsigned request', body: { msg: 'missing signature' } };
  const body = await readJsonRequest(req, res, {
    maxBody: signed ? (o.maxBody ?? MAX_WEBHOOK_BODY) : MAX_UNSIGNED_BODY,
    schema: signed ? z.union([challengeBody, eventBody]) : challengeBody,
    rejections: o.rejections,
    messageKey: 'msg',
    verify: (raw) => {
      if (!signed) return null;
      const problem = checkSignature(req.headers, raw, o.encryptKey, o.maxEventAgeSeconds, (o.now ?? Date.now)());
      return problem ? { status: 401, reason: problem } : null;
    },
    notJson: signed ? undefined : unsigned,
    unwrap: (json) => {
      const opened = decrypt(json, o.encryptKey);
      return opened.ok ? opened : { ok: false, refusal: signed ? { status: 400, reason: opened.reason } : unsigned };
    },
    // Signed, so it is Feishu's: acknowledged, or it would be re-sent for hours.
    invalid: signed ? { status: 200, reason: 'event not understood', body: {} } : unsigned,
  });
  if (!body) return;

  if ('challenge' in body) {
    if (!sameSecret(body.token, o.verificationToken)) {
      o.rejections.reject('URL check with a wrong token', { from });
      return sendJson(res, 401, { msg: 'bad token' });
    }
    return sendJson(res, 200, { challenge: body.challenge });
  }
  if (!sameSecret(body.header.token, o.verificationToken)) {
    o.rejections.reject('event with a wrong token', { from });
    return sendJson(res, 401, { msg: 'bad token' });
  }
  const answer = o.onEvent(body.header.event_type, body.header.event_id ?? null, body.event);
  if (!answer) return sendJson(res, 200, {});
  // Feishu waits 3 s for a callback's answer; an empty one after 2.5 s beats a timeout shown to the user.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<unknown>((resolve) => (timer = setTimeout(() => resolve({}), 2500)));
  const reply = await Promise.race([answer.catch(() => ({})), late]);
  clearTimeout(timer);
  sendJson(res, 200, reply ?? {});
}

/** The body as Feishu means it: decrypted when it is {"encrypt": …}, else as it came. */
function decrypt(json: unknown, encryptKey: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const encrypted = encryptedBody.safeParse(json);
  if (!encrypted.success) return { ok: true, value: json };
  const value = safeJson(tryDecrypt(encrypted.data.encrypt, encryptKey) ?? '');
  return value === undefined ? { ok: false, reason: 'encrypted body cannot be read' } : { ok: true, value };
}

function tryDecrypt(encrypt: string, encryptKey: string): string | null {
  try {
    return decryptEvent(encrypt, encryptKey);
  } catch {
    return null;
  }
}
