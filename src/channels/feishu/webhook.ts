import { createServer, type IncomingMessage as HttpRequest, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../util/log.js';
import { checkSignature, decryptEvent } from './crypto.js';
import { messageEventSchema, toIncoming, type IncomingMessage } from './events.js';

export interface WebhookOptions {
  host: string;
  port: number;
  path: string;
  verificationToken: string;
  encryptKey: string;
  maxEventAgeSeconds: number;
  botOpenId: string;
  onMessage: (message: IncomingMessage) => void;
  log: Logger;
  now?: () => number;
}

const MAX_BODY = 1 << 20;

/**
 * The event endpoint: body capped, signature checked over the raw bytes, event decrypted, token
 * checked, URL challenge answered; a message event is acknowledged at once and handled after.
 */
export async function startWebhook(o: WebhookOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(
    (req, res) =>
      void handle(req, res, o).catch((error) => {
        o.log.error('feishu: webhook request failed', { error: (error as Error).message });
        if (!res.headersSent) reply(res, 500, { msg: 'internal error' });
      }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  return { server, port: (server.address() as { port: number }).port };
}

async function handle(req: HttpRequest, res: ServerResponse, o: WebhookOptions): Promise<void> {
  if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== o.path) return reply(res, 404, { msg: 'not found' });
  const raw = await readBody(req);
  if (raw === null) return reply(res, 413, { msg: 'body too large' });
  let outer: { encrypt?: unknown };
  try {
    outer = JSON.parse(raw.toString('utf8'));
  } catch {
    return reply(res, 400, { msg: 'not JSON' });
  }
  let body: Record<string, unknown>;
  try {
    body = typeof outer.encrypt === 'string' ? JSON.parse(decryptEvent(outer.encrypt, o.encryptKey)) : (outer as Record<string, unknown>);
  } catch {
    o.log.warn('feishu: event could not be decrypted (wrong FEISHU_ENCRYPT_KEY?)');
    return reply(res, 400, { msg: 'cannot decrypt' });
  }

  // The URL check when the endpoint is configured: it proves knowledge of the token (and the key).
  if (body.type === 'url_verification') {
    if (!sameText(String(body.token ?? ''), o.verificationToken)) return reply(res, 401, { msg: 'bad token' });
    return reply(res, 200, { challenge: body.challenge });
  }
  const problem = checkSignature(req.headers, raw, o.encryptKey, o.maxEventAgeSeconds, (o.now ?? Date.now)());
  if (problem) {
    o.log.warn(`feishu: event rejected: ${problem}`, { from: req.socket.remoteAddress });
    return reply(res, 401, { msg: problem });
  }
  const header = body.header as { token?: string; event_type?: string; event_id?: string } | undefined;
  if (!header || !sameText(String(header.token ?? ''), o.verificationToken)) return reply(res, 401, { msg: 'bad token' });
  reply(res, 200, {});
  if (header.event_type !== 'im.message.receive_v1') return;
  const event = messageEventSchema.safeParse(body.event);
  if (!event.success) {
    o.log.warn('feishu: message event not understood', {
      event: header.event_id,
      issues: event.error.issues.slice(0, 3).map((i) => i.path.join('.')),
    });
    return;
  }
  o.onMessage(toIncoming(event.data, header.event_id ?? null, o.botOpenId));
}

function readBody(req: HttpRequest): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      resolve(null);
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
