import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The frame of Feishu's long connection, written from the SDK's protocol (pbbp2.Frame, as the SDK's
 * generated code encodes it): the fake speaks it with its own encoder, not the SDK's.
 */
const FRAME_PROTO = `
syntax = "proto2";
package pbbp2;
message Header {
  required string key = 1;
  required string value = 2;
}
message Frame {
  required uint64 SeqID = 1;
  required uint64 LogID = 2;
  required int32 service = 3;
  required int32 method = 4;
  repeated Header headers = 5;
  optional string payloadEncoding = 6;
  optional string payloadType = 7;
  optional bytes payload = 8;
  optional string LogIDNew = 9;
}`;
const Frame = protobuf.parse(FRAME_PROTO, { keepCase: true }).root.lookupType('pbbp2.Frame');

/** Frame methods: control (ping, pong) and data (events, and the client's acknowledgements). */
const CONTROL = 0;
const DATA = 1;
const SERVICE_ID = 42;

export interface WsFrame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Uint8Array;
}

/** The client's answer to an event frame: the frame sent back with its result as payload. */
export interface WsAck {
  messageId: string;
  code: number;
  headers: Record<string, string>;
}

/** What the SDK gets from the endpoint call: how often to ping and how to reconnect (seconds). */
export const CLIENT_CONFIG = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };

/**
 * Feishu's long-connection endpoint on the fake's HTTP server: POST /callback/ws/endpoint hands
 * out a ws:// URL with a ticket, the socket speaks protobuf frames (ping → pong with the client
 * config, events as data frames, acknowledgements back), and a test can drop every connection.
 */
export class FakeFeishuWs {
  readonly endpointCalls: Array<{ appId: unknown; appSecret: unknown }> = [];
  readonly pings: WsFrame[] = [];
  readonly acks: WsAck[] = [];
  /** Sockets opened since start, and those open now. */
  connections = 0;
  private readonly open = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private nextSeq = 1;

  constructor(
    private readonly baseUrl: () => string,
    private readonly appSecret: string,
  ) {
    this.wss.on('connection', (socket) => this.connected(socket));
  }

  /** POST /callback/ws/endpoint: the SDK's first call, before every (re)connection. */
  endpoint(body: Record<string, unknown>): { status: number; body: unknown } {
    this.endpointCalls.push({ appId: body.AppID, appSecret: body.AppSecret });
    if (body.AppSecret !== this.appSecret) return { status: 200, body: { code: 514, msg: 'auth failed', data: {} } };
    const ticket = `t${this.endpointCalls.length}`;
    this.tickets.add(ticket);
    const url = `${this.baseUrl().replace(/^http/, 'ws')}/ws?fpid=1&device_id=dev_${ticket}&access_key=ak&service_id=${SERVICE_ID}&ticket=${ticket}`;
    return { status: 200, body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: CLIENT_CONFIG } } };
  }

  /** The HTTP server's upgrade: only a URL with a ticket the endpoint handed out becomes a socket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/ws' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get openConnections(): number {
    return this.open.size;
  }

  /**
   * Sends an event (schema 2.0 JSON, as Feishu pushes it) as data frames, split into `fragments`
   * pieces as Feishu does for large events; returns the frame's message id to wait for its ack.
   */
  push(event: unknown, fragments = 1): string {
    const seq = this.nextSeq++;
    const messageId = `frame_${seq}`;
    const bytes = Buffer.from(JSON.stringify(event), 'utf8');
    const size = Math.ceil(bytes.length / fragments);
    for (const socket of this.open)
      for (let i = 0; i < fragments; i++)
        this.send(socket, {
          SeqID: seq,
          LogID: seq,
          service: SERVICE_ID,
          method: DATA,
          headers: [
            { key: 'type', value: 'event' },
            { key: 'message_id', value: messageId },
            { key: 'sum', value: String(fragments) },
            { key: 'seq', value: String(i) },
            { key: 'trace_id', value: `trace_${seq}` },
          ],
          payload: bytes.subarray(i * size, (i + 1) * size),
        });
    return messageId;
  }

  /** Raw bytes that are not a frame. */
  pushGarbage(bytes: Buffer): void {
    for (const socket of this.open) socket.send(bytes);
  }

  /** Cuts every connection, as a network failure or a server restart would. */
  dropAll(): void {
    for (const socket of this.open) socket.terminate();
  }

  async waitFor(predicate: () => boolean, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out; acks: ${JSON.stringify(this.acks)}, connections: ${this.connections}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    for (const socket of this.open) socket.terminate();
    this.wss.close();
  }

  private connected(socket: WebSocket): void {
    this.connections++;
    this.open.add(socket);
    socket.on('close', () => this.open.delete(socket));
    socket.on('error', () => {});
    socket.on('message', (data: Buffer) => {
      const frame = Frame.toObject(Frame.decode(data), { longs: Number, bytes: Buffer, defaults: true }) as WsFrame;
      const headers = Object.fromEntries(frame.headers.map((h) => [h.key, h.value]));
      if (frame.method === CONTROL && headers.type === 'ping') {
        this.pings.push(frame);
        this.send(socket, {
          SeqID: 0,
          LogID: 0,
          service: SERVICE_ID,
          method: CONTROL,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(CLIENT_CONFIG)),
        });
        return;
      }
      if (frame.method === DATA) {
        const result = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as { code: number };
        this.acks.push({ messageId: headers.message_id ?? '', code: result.code, headers });
      }
    });
  }

  private send(socket: WebSocket, frame: WsFrame): void {
    socket.send(Frame.encode(Frame.fromObject(frame)).finish());
  }
}
