import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { readBody, refuse, sendJson } from '../../server/http.js';
import { safeJson } from '../../util/json-file.js';
import type { RejectionLog } from './rejections.js';

/** A request refused: the status, the reason counted (and shown in /healthz), and the JSON body sent. */
export interface Refusal {
  status: number;
  reason: string;
  /** The response body; by default `{ [messageKey]: reason }`. */
  body?: Record<string, unknown>;
}

export interface JsonRequestOptions<S extends z.ZodType> {
  /** The largest body read; past it the request is refused with 413 without reading on. */
  maxBody: number;
  /** What the JSON must be. */
  schema: S;
  rejections: RejectionLog;
  /** The key of the message in a default refusal body: Telegram's clients read `error`, Feishu's `msg`. */
  messageKey: string;
  /** The answer to a body that is not JSON (default 400, "body is not JSON"). */
  notJson?: Refusal;
  /** The answer to JSON the schema does not take (default 400, "body not understood"). */
  invalid?: Refusal;
  /** Checks the raw bytes before anything parses them (a signature): a refusal, or null when they pass. */
  verify?: (raw: Buffer) => Refusal | null;
  /** Turns the parsed JSON into what the schema reads (decrypts it), or refuses. By default the JSON as parsed. */
  unwrap?: (json: unknown) => { ok: true; value: unknown } | { ok: false; refusal: Refusal };
}

/**
 * Refuses a request before its body is read (wrong path, wrong secret): the reason counted with the
 * sender's address, the answer sent at once while the body is drained (or cut off).
 */
export function refuseRequest(req: IncomingMessage, res: ServerResponse, rejections: RejectionLog, r: Refusal, messageKey: string): void {
  rejections.reject(r.reason, { from: req.socket.remoteAddress });
  refuse(res, r.status, r.body ?? { [messageKey]: r.reason });
}

/**
 * The one sequence every JSON webhook runs (Telegram's, Feishu's, any new channel's): read the body
 * through the bounded reader, verify the raw bytes, parse, unwrap, validate. A request that fails a
 * step is answered at once, its reason counted in the channel's rejection log (with the sender's
 * address), and null is returned; otherwise the validated value, with the response still to send.
 */
export async function readJsonRequest<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  o: JsonRequestOptions<S>,
): Promise<z.output<S> | null> {
  const from = req.socket.remoteAddress;
  const refused = (r: Refusal) => {
    o.rejections.reject(r.reason, { from });
    sendJson(res, r.status, r.body ?? { [o.messageKey]: r.reason });
    return null;
  };
  const read = await readBody(req, o.maxBody);
  if (!read.ok) {
    const refusal = {
      status: read.reason === 'too large' ? 413 : 400,
      reason: `body ${read.reason}`,
      body: { [o.messageKey]: read.reason },
    };
    refuseRequest(req, res, o.rejections, refusal, o.messageKey);
    return null;
  }
  const unverified = o.verify?.(read.body);
  if (unverified) return refused(unverified);
  const json = safeJson(read.body.toString('utf8'));
  if (json === undefined) return refused(o.notJson ?? { status: 400, reason: 'body is not JSON' });
  const unwrapped = o.unwrap ? o.unwrap(json) : { ok: true as const, value: json };
  if (!unwrapped.ok) return refused(unwrapped.refusal);
  const parsed = o.schema.safeParse(unwrapped.value);
  if (!parsed.success) return refused(o.invalid ?? { status: 400, reason: 'body not understood' });
  return parsed.data;
}
