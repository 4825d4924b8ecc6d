/**
 * The probes of the running webhooks that docs/RELIABILITY.md lists: what each sends and what must
 * happen. The reliability suite runs every one and records what it observed; the doc's table is
 * written from those records, and test/reliability/doc.test.ts (in `npm test`) holds the table
 * to this list.
 */
export const PROBES = {
  tgChunked: {
    probe: 'Telegram webhook, right secret, 64 MB body sent chunked (no Content-Length), to the `npm run serve` process',
    expected: '413 before the body is read; process RSS grows < 48 MiB; the next update is answered',
  },
  feishuChunked: {
    probe: 'Feishu webhook, signed, 64 MB body sent chunked, to the same process',
    expected: '413 before the body is read; process RSS grows < 48 MiB; the next event is answered',
  },
  tgSecret: {
    probe: 'Telegram webhook, wrong or missing secret token (200 requests)',
    expected: '401 each, nothing answered, one log line per minute with the count',
  },
  tgNotUpdate: {
    probe: 'Telegram webhook, right secret, bodies that are not updates: bad JSON, null, an array, no or a non-integer update_id',
    expected: '400 each (Telegram does not retry a 400), nothing answered',
  },
  tgReplay: {
    probe: 'Telegram webhook, the same update delivered 3 times at once',
    expected: 'one reply',
  },
  feishuUnsigned: {
    probe: 'Feishu webhook, unsigned requests: an event, 8 KB of junk, 200 forged events',
    expected: '401 (or 413 past 4 KB), nothing decrypted beyond 4 KB, nothing answered, no misleading hint in the log',
  },
  feishuSigned: {
    probe: 'Feishu webhook, bad signature, stale timestamp (1 h old), and a valid event replayed 3 times at once',
    expected: '401, 401, and one reply',
  },
  feishuMalformed: {
    probe: 'Feishu, a signed private `post` whose content is `{"content":[1,2,"x"]}`',
    expected: 'one polite reply (the sentence for unsupported content)',
  },
  feishuSelf: {
    probe: 'Feishu, private and group messages whose sender is the bot itself or another bot',
    expected: 'no reply',
  },
  concurrent: {
    probe: '500 valid requests at once: 250 Telegram updates and 250 Feishu events from 50 chats',
    expected: 'every one acknowledged (200) and answered once',
  },
  slow: {
    probe: '100 connections that send headers and then nothing, held open while a normal update arrives',
    expected: 'the normal update is answered; the process keeps serving',
  },
  fuzzTelegram: {
    probe: 'fast-check: any bytes, any JSON, any update shape, any headers to the Telegram webhook',
    expected: 'always 2xx or 4xx, at most one reply per request, no unhandled rejection, memory bounded',
  },
  fuzzFeishu: {
    probe: 'fast-check: any bytes and headers, and signed encrypted events of any shape, to the Feishu webhook',
    expected: 'always 2xx or 4xx, at most one reply per request, no unhandled rejection, memory bounded',
  },
  fuzzParsers: {
    probe: 'fast-check: both event parsers (Telegram messages, Feishu events) on arbitrary input',
    expected: 'never throw; a message, or a refusal with its reason',
  },
  secrets: {
    probe: 'every log line and every message the bot sent during these probes',
    expected: 'no bot token, app secret, encrypt key, webhook secret or model key',
  },
} as const;

export type ProbeId = keyof typeof PROBES;
