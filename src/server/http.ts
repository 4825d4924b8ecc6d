import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * The HTTP plumbing every entry point shares (Telegram's webhook, Feishu's event endpoint, /healthz):
 * listening, closing, a bounded body reader and a constant-time comparison of secrets.
 */

/** The largest body any webhook accepts: Telegram updates and Feishu events are a few KB. */
export const MAX_WEBHOOK_BODY = 1 << 20;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too large' | 'aborted' };

/**
 * Reads a request body, counting bytes as they arrive, whatever the transfer encoding (a chunked
 * body has no Content-Length to check). At `limit` it stops keeping data: the rest is read and
 * dropped until the caller has answered 413, so memory stays at `limit` however much is sent.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discard(req);
      resolve({ ok: false, reason: 'too large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      chunks.length = 0;
      discard(req);
      resolve({ ok: false, reason: 'too large' });
    };
    const onEnd = () => resolve({ ok: true, body: Buffer.concat(chunks, size) });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => resolve({ ok: false, reason: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) resolve({ ok: false, reason: 'aborted' });
    });
  });
}

/** Drops whatever else the client sends; the connection is closed once the answer is out. */
function discard(req: IncomingMessage): void {
  req.on('data', () => {});
  req.resume();
}

/**
 * Answers a request that is refused before its body was read (413): the connection is closed
 * after the answer, so a client streaming an endless body is cut off instead of read forever.
 */
export function refuse(res: ServerResponse, status: number, body: unknown): void {
  res.shouldKeepAlive = false;
  sendJson(res, status, body, { connection: 'close' });
  res.on('finish', () => setTimeout(() => res.req.socket.destroy(), 1000).unref());
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Compares a secret in constant time. Both sides are hashed first, so neither the content nor
 * the length of the expected value shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Only the path, without a query string. */
export function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0]!;
}

export function listen(server: Server, port: number, host: string): Promise<{ host: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as { address: string; port: number };
      resolve({ host: address.address, port: address.port });
    });
  });
}

/** Stops listening and ends open connections (keep-alive ones would hold `close` for minutes). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
