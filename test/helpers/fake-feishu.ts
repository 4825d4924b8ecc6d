import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { FakeFeishuWs } from './fake-feishu-ws.js';
import { parseMultipart } from './multipart.js';

export interface FeishuCall {
  method: string;
  path: string;
  authorization?: string;
  body: Record<string, unknown>;
  /** HTTP status the fake answered with. */
  status?: number;
}

/**
 * A Feishu Open API on 127.0.0.1, over real HTTP: token, bot info, message create/reply/patch,
 * image and file uploads (multipart), faults, and the long-connection endpoint with its WebSocket (`ws`).
 */
export class FakeFeishu {
  readonly calls: FeishuCall[] = [];
  readonly botOpenId = 'ou_bot_0001';
  /** Reject the next N interactive cards as Feishu does for invalid card content. */
  rejectCards = 0;
  /** Answer the next N sends with 429 and this reset (seconds). */
  rateLimitOnce: number | null = null;
  /** Files in messages: file_key → content, served by the message-resource API. */
  readonly files = new Map<string, Buffer>();
  /** Pictures and files uploaded for image and file messages: image_key or file_key → the upload. */
  readonly uploads = new Map<string, UploadedFile>();
  /** Chats the bot is no longer in: sending there fails with 230002, as Feishu answers. */
  readonly goneChats = new Set<string>();
  private server!: Server;
  private nextId = 1;
  url = '';
  /** The long connection; it accepts this app secret. */
  readonly ws: FakeFeishuWs;

  constructor(appSecret = 'app-secret') {
    this.ws = new FakeFeishuWs(() => this.url, appSecret);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          if (Buffer.isBuffer(body)) {
            res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': body.length, ...headers });
            return void res.end(body);
          }
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          // A request the fake cannot read answers 500, as a broken server would, rather than hanging.
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 500, msg: `fake: ${(error as Error).message}` }));
        },
      );
    });
    this.server.on('upgrade', (req, socket, head) => this.ws.upgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.ws.close();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Replies the bot got through (refused and rate-limited attempts left out), with their parsed content. */
  replies(): Array<{ to: string; msgType: string; content: Record<string, unknown>; inThread: boolean }> {
    return this.calls
      .filter((c) => c.method === 'POST' && /\/messages\/[^/]+\/reply$/.test(c.path) && c.status === 200)
      .map((c) => ({
        to: c.path.split('/').at(-2)!,
        msgType: String(c.body.msg_type),
        content: JSON.parse(String(c.body.content)) as Record<string, unknown>,
        inThread: Boolean(c.body.reply_in_thread),
      }));
  }

  /** Messages the bot sent to a chat on its own (im.message.create with receive_id_type=chat_id). */
  created(): Array<{ chatId: string; msgType: string; content: Record<string, unknown> }> {
    return this.calls
      .filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages' && c.status === 200)
      .map((c) => ({
        chatId: String(c.body.receive_id),
        msgType: String(c.body.msg_type),
        content: JSON.parse(String(c.body.content)) as Record<string, unknown>,
      }));
  }

  patches(): Array<{ id: string; content: Record<string, unknown> }> {
    return this.calls
      .filter((c) => c.method === 'PATCH' && c.status === 200)
      .map((c) => ({ id: c.path.split('/').at(-1)!, content: JSON.parse(String(c.body.content)) as Record<string, unknown> }));
  }

  async waitFor(predicate: () => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out; calls: ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    // A test's request log keeps the JSON bodies (and uploads' fields, their files in `uploads`); file downloads have none.
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    const body = type.includes('multipart/form-data') ? readForm(bytes, type) : raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const call: FeishuCall = { method: req.method ?? '', path, authorization: req.headers.authorization, body };
    this.calls.push(call);
    const result = this.route(req, path, call);
    call.status = result.status;
    return result;
  }

  private route(req: IncomingMessage, path: string, call: FeishuCall): { status: number; body: unknown; headers?: Record<string, string> } {
    if (path === '/callback/ws/endpoint' && req.method === 'POST') return this.ws.endpoint(call.body);
    if (path === '/open-apis/auth/v3/tenant_access_token/internal')
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: 't-fake-tenant-token', expire: 7200 } };
    if (call.authorization !== 'Bearer t-fake-tenant-token') return { status: 401, body: { code: 99991663, msg: 'Invalid access token' } };
    if (path === '/open-apis/bot/v3/info')
      return { status: 200, body: { code: 0, msg: 'ok', bot: { open_id: this.botOpenId, app_name: 'bulletin' } } };
    const resource = /^\/open-apis\/im\/v1\/messages\/[^/]+\/resources\/([^/]+)$/.exec(path);
    if (resource && req.method === 'GET') {
      const content = this.files.get(decodeURIComponent(resource[1]!));
      return content ? { status: 200, body: content } : { status: 400, body: { code: 234003, msg: 'File not in msg.' } };
    }
    if (req.method === 'POST' && (path === '/open-apis/im/v1/images' || path === '/open-apis/im/v1/files')) {
      const image = path.endsWith('/images');
      const file = call.body[image ? 'image' : 'file'] as UploadedFile | undefined;
      if (!file?.bytes?.length) return { status: 400, body: { code: 234001, msg: 'Invalid request param.' } };
      if (image && call.body.image_type !== 'message') return { status: 400, body: { code: 234001, msg: 'Invalid image_type.' } };
      if (!image && (call.body.file_type !== 'pdf' || !call.body.file_name))
        return { status: 400, body: { code: 234001, msg: 'Invalid file_type.' } };
      const key = `${image ? 'img' : 'file'}_v3_${this.nextId++}`;
      this.uploads.set(key, { ...file, fileName: image ? file.fileName : String(call.body.file_name) });
      return { status: 200, body: { code: 0, msg: 'success', data: image ? { image_key: key } : { file_key: key } } };
    }
    if (req.method === 'POST' && path === '/open-apis/im/v1/messages' && this.goneChats.has(String(call.body.receive_id)))
      return { status: 400, body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' } };
    const sending = /\/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/.test(path) && req.method === 'POST';
    if ((sending || req.method === 'PATCH') && this.rateLimitOnce !== null) {
      const reset = this.rateLimitOnce;
      this.rateLimitOnce = null;
      return {
        status: 429,
        body: { code: 99991400, msg: 'request trigger frequency limit' },
        headers: { 'x-ogw-ratelimit-reset': String(reset) },
      };
    }
    if (sending && call.body.msg_type === 'interactive' && this.rejectCards > 0) {
      this.rejectCards--;
      return { status: 400, body: { code: 230099, msg: 'Failed to create card content' } };
    }
    if (sending) return { status: 200, body: { code: 0, msg: 'success', data: { message_id: `om_bot_${this.nextId++}` } } };
    if (req.method === 'PATCH' && /\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path))
      return { status: 200, body: { code: 0, msg: 'success' } };
    return { status: 404, body: { code: 404, msg: 'not found' } };
  }
}

/** A file part of a multipart upload. */
export interface UploadedFile {
  fileName: string;
  bytes: Buffer;
}

/** The upload APIs' file fields (the SDK sends a Buffer there without a file name). */
const FILE_FIELDS = new Set(['image', 'file']);

/** A multipart/form-data body (the SDK's uploads): its text fields, and its files as UploadedFile. */
function readForm(body: Buffer, type: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parseMultipart(body, type))
    out[part.name] =
      part.fileName === null && !FILE_FIELDS.has(part.name)
        ? part.bytes.toString('utf8')
        : { fileName: part.fileName ?? '', bytes: part.bytes };
  return out;
}

export interface EventOptions {
  text: string;
  chatType?: 'p2p' | 'group';
  messageId?: string;
  eventId?: string;
  mentions?: Array<{ key: string; open_id: string; name?: string }>;
  threadId?: string;
  messageType?: string;
  content?: string;
  chatId?: string;
  /** Who sent it; a user by default. */
  sender?: { openId: string; type: 'user' | 'app' };
  /** When the message was sent (ms since the epoch); now by default. */
  createTime?: number;
}

/** An im.message.receive_v1 event body (schema 2.0), as Feishu builds it. */
export function messageEvent(o: EventOptions, token: string): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? `ev_${randomBytes(6).toString('hex')}`,
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token,
      app_id: 'cli_test',
      tenant_key: 'tk',
    },
    event: {
      sender: {
        sender_id: { open_id: o.sender?.openId ?? 'ou_user_1', union_id: 'on_1', user_id: 'u1' },
        sender_type: o.sender?.type ?? 'user',
        tenant_key: 'tk',
      },
      message: {
        message_id: o.messageId ?? `om_${randomBytes(6).toString('hex')}`,
        chat_id: o.chatId ?? 'oc_chat_1',
        chat_type: o.chatType ?? 'p2p',
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: o.text }),
        create_time: String(o.createTime ?? Date.now()),
        ...(o.threadId ? { thread_id: o.threadId, root_id: 'om_root' } : {}),
        mentions: (o.mentions ?? []).map((m) => ({
          key: m.key,
          id: { open_id: m.open_id, union_id: 'on_x', user_id: 'ux' },
          name: m.name ?? 'x',
          tenant_key: 'tk',
        })),
      },
    },
  };
}

/**
 * Feishu's signature, written here from its documentation (sha256 hex of timestamp, nonce, encrypt
 * key and the raw body) rather than taken from the code under test; the known-answer test in
 * test/channels/feishu/crypto.test.ts holds both to vectors computed by Python's hashlib.
 */
export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, body: string | Buffer): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, 'utf8'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]))
    .digest('hex');
}

/** Encrypts and signs a body the way Feishu delivers it to an endpoint with an encrypt key. */
export function deliver(
  body: unknown,
  encryptKey: string,
  options: { timestamp?: number; badSignature?: boolean } = {},
): { headers: Record<string, string>; payload: string } {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([iv, cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]).toString('base64');
  const payload = JSON.stringify({ encrypt: encrypted });
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const signature = feishuSignature(timestamp, nonce, options.badSignature ? `${encryptKey}x` : encryptKey, payload);
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature,
    },
  };
}

/** A card.action.trigger callback (schema 2.0), as Feishu sends it when a card button is pressed. */
export function cardActionEvent(
  o: { action: string; chatId: string; openId: string; messageId?: string },
  token: string,
): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: `ev_${randomBytes(6).toString('hex')}`,
      event_type: 'card.action.trigger',
      create_time: String(Date.now()),
      token,
      app_id: 'cli_test',
      tenant_key: 'tk',
    },
    event: {
      operator: { tenant_key: 'tk', open_id: o.openId, union_id: 'on_x', user_id: 'ux' },
      token: 'c-update-token',
      action: { value: { action: o.action }, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: o.messageId ?? 'om_bot_1', open_chat_id: o.chatId },
    },
  };
}
