import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMultipart } from './multipart.js';

export interface SentCall {
  method: string;
  payload: Record<string, unknown>;
  /** When it arrived (Date.now(), the fake clock's under fake timers). */
  at: number;
}

interface PendingPoll {
  offset: number;
  resolve: (updates: unknown[]) => void;
  timer: NodeJS.Timeout;
}

/**
 * A Telegram Bot API server on 127.0.0.1 for tests, over real HTTP: long polling with offsets,
 * webhooks, the send/edit/action/callback methods, photos and documents sent as multipart uploads,
 * HTML checks like Telegram's, and scripted faults.
 */
export class FakeTelegram {
  readonly calls: SentCall[] = [];
  readonly bot = { id: 777000, is_bot: true, first_name: 'Bulletin', username: 'bulletin_qa_bot' };
  /** Reject parse_mode HTML as Telegram does for entities it cannot parse. */
  rejectHtml = false;
  /** method → retry_after seconds for the next call of that method. */
  readonly floodOnce = new Map<string, number>();
  private updates: Array<{ update_id: number } & Record<string, unknown>> = [];
  private polls: PendingPoll[] = [];
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private server!: Server;
  url = '';
  /** Files the bot can fetch: file_id → content (getFile, then GET /file/bot<token>/<file_path>). */
  readonly files = new Map<string, Buffer>();
  /** file_id → the file_path getFile answers instead of documents/<file_id> (a server in --local mode gives absolute paths). */
  readonly filePaths = new Map<string, string>();
  /** Every file URL the bot fetched (token masked). */
  readonly fileUrls: string[] = [];
  /** Chats that have blocked the bot: sending there fails with 403 as Telegram answers. */
  readonly blocked = new Set<number>();

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body }) => {
          if (Buffer.isBuffer(body)) {
            res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': body.length });
            return void res.end(body);
          }
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          // A request the fake cannot read answers 500, as a broken server would, rather than hanging.
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error_code: 500, description: `fake: ${(error as Error).message}` }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const p of this.polls) {
      clearTimeout(p.timer);
      p.resolve([]);
    }
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Queues an update for getUpdates; returns it (with its update_id). */
  push(update: Record<string, unknown>, updateId = this.nextUpdateId++): { update_id: number } & Record<string, unknown> {
    const u = { update_id: updateId, ...update };
    this.updates.push(u);
    for (const p of this.polls.splice(0)) {
      clearTimeout(p.timer);
      p.resolve(this.updates.filter((x) => x.update_id >= p.offset));
    }
    return u;
  }

  textMessage(text: string, from = 42, chat: Record<string, unknown> = { id: from, type: 'private' }, extra: Record<string, unknown> = {}) {
    return {
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: { id: from, is_bot: false, first_name: 'User' },
        text,
        ...extra,
      },
    };
  }

  /** A private message with a document (a file the bot can download), as Telegram delivers it. */
  documentMessage(content: Buffer, fileName: string, from = 42, size: number | undefined = content.length) {
    const fileId = `file-${this.files.size + 1}`;
    this.files.set(fileId, content);
    return {
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from, type: 'private' },
        from: { id: from, is_bot: false, first_name: 'User' },
        document: {
          file_id: fileId,
          file_unique_id: `u-${fileId}`,
          file_name: fileName,
          ...(size === undefined ? {} : { file_size: size }),
        },
      },
    };
  }

  /** A press of an inline button under message `messageId` in `chat`. */
  callback(data: string, chat: number, from = chat, messageId = 1) {
    return {
      callback_query: {
        id: `cb-${this.nextMessageId++}`,
        from: { id: from, is_bot: false, first_name: 'U' },
        chat_instance: 'x',
        message: { message_id: messageId, date: 0, chat: { id: chat, type: chat > 0 ? 'private' : 'supergroup' }, text: 'x' },
        data,
      },
    };
  }

  sent(method = 'sendMessage'): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.payload);
  }

  /** Waits until `predicate` holds for the recorded calls (polling every 20 ms, up to `ms`). */
  async waitFor(predicate: (calls: SentCall[]) => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate(this.calls)) {
      if (Date.now() > until) throw new Error(`timed out; calls: ${JSON.stringify(this.calls.map((c) => c.method))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (/^\/file\//.test(req.url ?? '')) this.fileUrls.push(req.url!.replace(/\/bot[^/]+\//, '/bot<token>/'));
    const file = /^\/file\/bot[^/]+\/documents\/(.+)$/.exec(req.url ?? '');
    if (file) {
      const content = this.files.get(decodeURIComponent(file[1]!));
      this.calls.push({ method: 'downloadFile', payload: { file_id: file[1] }, at: Date.now() });
      return content ? { status: 200, body: content } : { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
    const m = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    if (!m) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const method = m[2]!;
    const payload = await readPayload(req);
    if (method !== 'getUpdates') this.calls.push({ method, payload, at: Date.now() });
    const flood = this.floodOnce.get(method);
    if (flood !== undefined) {
      this.floodOnce.delete(method);
      return {
        status: 429,
        body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${flood}`, parameters: { retry_after: flood } },
      };
    }
    switch (method) {
      case 'getMe':
        return ok(this.bot);
      case 'getUpdates':
        return ok(await this.poll(Number(payload.offset ?? 0), Number(payload.timeout ?? 0)));
      case 'deleteWebhook':
      case 'setWebhook':
      case 'setMyCommands':
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return ok(true);
      case 'getFile': {
        const content = this.files.get(String(payload.file_id));
        if (!content) return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' } };
        return ok({
          file_id: payload.file_id,
          file_unique_id: `u-${payload.file_id}`,
          file_size: content.length,
          file_path: this.filePaths.get(String(payload.file_id)) ?? `documents/${payload.file_id}`,
        });
      }
      case 'sendMessage':
      case 'editMessageText': {
        if (this.blocked.has(Number(payload.chat_id)))
          return { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
        const problem = this.checkText(payload);
        if (problem) return { status: 400, body: { ok: false, error_code: 400, description: problem } };
        const chatId = payload.chat_id as number;
        return ok({
          message_id: method === 'sendMessage' ? this.nextMessageId++ : payload.message_id,
          date: 0,
          chat: { id: chatId, type: 'private' },
          text: payload.text,
        });
      }
      case 'sendPhoto':
      case 'sendDocument': {
        if (this.blocked.has(Number(payload.chat_id)))
          return { status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        const file = payload[field] as SentFile | string | undefined;
        if (!file || typeof file === 'string' || !file.bytes.length)
          return { status: 400, body: { ok: false, error_code: 400, description: `Bad Request: there is no ${field} in the request` } };
        if (String(payload.caption ?? '').length > 1024)
          return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: message caption is too long' } };
        const fileId = `sent-${this.nextMessageId}`;
        return ok({
          message_id: this.nextMessageId++,
          date: 0,
          chat: { id: payload.chat_id, type: 'private' },
          caption: payload.caption,
          ...(method === 'sendPhoto'
            ? { photo: [{ file_id: fileId, file_unique_id: fileId, width: 90, height: 90, file_size: file.bytes.length }] }
            : { document: { file_id: fileId, file_unique_id: fileId, file_name: file.fileName, file_size: file.bytes.length } }),
        });
      }
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
    }
  }

  private checkText(payload: Record<string, unknown>): string | null {
    const text = String(payload.text ?? '');
    if (!text.trim()) return 'Bad Request: message text is empty';
    if (text.length > 4096) return 'Bad Request: message is too long';
    if (payload.parse_mode !== 'HTML') return null;
    if (this.rejectHtml) return 'Bad Request: can\'t parse entities: unsupported start tag "x" at byte offset 0';
    return htmlProblem(text);
  }

  private poll(offset: number, timeoutSeconds: number): Promise<unknown[]> {
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (this.updates.length || timeoutSeconds === 0) return Promise.resolve(this.updates);
    return new Promise((resolve) => {
      const entry = { offset, resolve } as PendingPoll;
      entry.timer = setTimeout(
        () => {
          this.polls = this.polls.filter((p) => p !== entry);
          resolve([]);
        },
        Math.min(timeoutSeconds, 2) * 1000,
      );
      this.polls.push(entry);
    });
  }
}

/** Telegram's HTML rules, as far as the bot uses them: known tags, balanced, entities escaped. */
export function htmlProblem(text: string): string | null {
  const stack: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-z-]+)[^>]*>|<|&(?!(amp|lt|gt|quot);)/g)) {
    if (m[0] === '<' || m[0].startsWith('&')) return `Bad Request: can't parse entities: unescaped character at offset ${m.index}`;
    const [, closing, tag] = m;
    if (!['b', 'i', 'u', 's', 'code', 'pre', 'a', 'blockquote', 'tg-spoiler'].includes(tag!))
      return `Bad Request: can't parse entities: unsupported start tag "${tag}"`;
    if (closing) {
      if (stack.pop() !== tag) return `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${tag}"`;
    } else stack.push(tag!);
  }
  return stack.length ? `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"` : null;
}

function ok(result: unknown) {
  return { status: 200, body: { ok: true, result } };
}

/** A file sent to the fake (sendPhoto, sendDocument): its name and bytes. */
export interface SentFile {
  fileName: string;
  bytes: Buffer;
}

async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const type = req.headers['content-type'] ?? '';
  if (type.includes('multipart/form-data')) return readMultipart(body, type);
  const raw = body.toString('utf8');
  if (!raw) return {};
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** A multipart upload as grammY sends one: fields (objects as JSON), and each file as a part an `attach://name` field points at. */
function readMultipart(body: Buffer, type: string): Record<string, unknown> {
  const files = new Map<string, SentFile>();
  const fields: Record<string, unknown> = {};
  for (const part of parseMultipart(body, type)) {
    if (part.fileName !== null) files.set(part.name, { fileName: part.fileName, bytes: part.bytes });
    else {
      const value = part.bytes.toString('utf8');
      fields[part.name] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : /^-?\d+$/.test(value) ? Number(value) : value;
    }
  }
  for (const [key, value] of Object.entries(fields))
    if (typeof value === 'string' && value.startsWith('attach://')) fields[key] = files.get(value.slice('attach://'.length)) ?? value;
  return fields;
}
