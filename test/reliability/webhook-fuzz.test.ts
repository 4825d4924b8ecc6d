import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessageEvent } from '../../src/channels/feishu/events.js';
import { startFeishu, type RunningFeishu } from '../../src/channels/feishu/run.js';
import { startTelegram, type RunningTelegram } from '../../src/channels/telegram/run.js';
import { parseMessage } from '../../src/channels/telegram/updates.js';
import { createLogger } from '../../src/util/log.js';
import { engineFor } from '../helpers/engine.js';
import { testConfig } from '../helpers/config.js';
import { FakeFeishu, deliver, feishuSignature } from '../helpers/fake-feishu.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { memoryPeak, observe } from './figures.js';

const SECRET = 'FUZZ_webhook_secret';
const KEY = 'FUZZ-encrypt-key';
const TOKEN = 'FUZZ-verification-token';
const RUNS = { telegram: 300, feishu: 300, parsers: 3000 };

/** Text from every corner of Unicode, with the strings that matter here mixed in. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('全国量子计算相关企业有多少家？', '/help', '/sources', '/reset@bulletin_qa_bot', '@bulletin_qa_bot 第9期', '', ' '),
);
const anyHeaders = fc.dictionary(
  fc.constantFrom(
    'content-type',
    'x-telegram-bot-api-secret-token',
    'x-lark-signature',
    'x-lark-request-timestamp',
    'x-lark-request-nonce',
    'x-other',
  ),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).filter((v) => !/[\r\n]/.test(v)),
);

describe('property-based fuzz of both webhooks and both event parsers', () => {
  let telegram: FakeTelegram;
  let feishu: FakeFeishu;
  let tg: RunningTelegram;
  let fs: RunningFeishu;
  let tgUrl = '';
  let feishuUrl = '';
  let unhandled = 0;
  const onUnhandled = () => unhandled++;
  let run = 0;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    telegram = await new FakeTelegram().start();
    feishu = await new FakeFeishu().start();
    const engine = await engineFor(fixtureCorpus('issue-a.txt'));
    const log = createLogger('silent');
    tg = await startTelegram(
      testConfig({
        TELEGRAM_BOT_TOKEN: '123456:FUZZ-token',
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
        TELEGRAM_WEBHOOK_PORT: '0',
        TELEGRAM_RATE_LIMIT_PER_MINUTE: '1000',
      }),
      { engine, log },
    );
    fs = await startFeishu(
      testConfig({
        FEISHU_APP_ID: 'cli_fuzz',
        FEISHU_APP_SECRET: 'fuzz-app-secret',
        FEISHU_DOMAIN: feishu.url,
        FEISHU_MODE: 'webhook',
        FEISHU_WEBHOOK_HOST: '127.0.0.1',
        FEISHU_WEBHOOK_PORT: '0',
        FEISHU_VERIFICATION_TOKEN: TOKEN,
        FEISHU_ENCRYPT_KEY: KEY,
        FEISHU_RATE_LIMIT_PER_MINUTE: '1000',
        STATE_DIR: tempDir(),
      }),
      { engine, log },
    );
    tgUrl = `http://127.0.0.1:${tg.address!.port}/telegram/webhook`;
    feishuUrl = `http://127.0.0.1:${fs.port}/feishu/events`;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await tg.stop();
    await fs.stop();
    await telegram.close();
    await feishu.close();
  });

  /** A Telegram message: mostly well-formed with odd contents, sometimes with parts missing or of the wrong type. */
  const messageFields = {
    message_id: fc.oneof({ arbitrary: fc.nat(), weight: 4 }, { arbitrary: fc.string(), weight: 1 }),
    date: fc.nat(),
    chat: fc.record({
      id: fc.integer({ min: -1e12, max: 1e12 }),
      type: fc.constantFrom('private', 'private', 'group', 'supergroup', 'channel', 'x'),
    }),
    from: fc.record({ id: fc.nat(), is_bot: fc.boolean() }),
    text,
    entities: fc.array(
      fc.record({ type: fc.constantFrom('mention', 'bot_command', 'text_mention', 'bold'), offset: fc.integer(), length: fc.integer() }),
      {
        maxLength: 3,
      },
    ),
    reply_to_message: fc.record({ from: fc.record({ id: fc.constantFrom(777000, 1) }) }),
    sticker: fc.anything(),
  };
  const telegramMessage = fc.oneof(
    { arbitrary: fc.record(messageFields, { requiredKeys: ['message_id', 'chat', 'from'] }), weight: 4 },
    { arbitrary: fc.record(messageFields, { requiredKeys: [] }), weight: 1 },
    { arbitrary: fc.anything(), weight: 1 },
  );
  /** A Telegram webhook body: mostly updates, sometimes any JSON or any bytes. */
  const telegramBody = fc.oneof(
    { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), weight: 1 },
    { arbitrary: fc.json().map((j) => Buffer.from(j)), weight: 1 },
    {
      arbitrary: fc
        .record(
          {
            update_id: fc.oneof({ arbitrary: fc.nat(), weight: 6 }, fc.integer(), fc.string(), fc.constant(null)),
            message: telegramMessage,
            callback_query: fc.record({ id: fc.string(), data: fc.string(), from: fc.record({ id: fc.nat(), is_bot: fc.boolean() }) }),
          },
          { requiredKeys: ['update_id'] },
        )
        .map((u) => Buffer.from(JSON.stringify(u))),
      weight: 6,
    },
  );
  const rightSecret = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });

  it('Telegram: any bytes, JSON or update with any headers get 2xx or 4xx and at most one reply', async () => {
    const stop = memoryPeak();
    const statuses = new Map<number, number>();
    let maxReplies = 0;
    let answered = 0;
    const seed = Date.now();
    await fc.assert(
      fc.asyncProperty(telegramBody, anyHeaders, rightSecret, async (body, headers, withSecret) => {
        // Each run in its own chat when it names one, so Telegram's per-chat pacing does not add up.
        const unique = withUniqueChat(body, 1e13 + ++run);
        const before = telegram.sent().length;
        const res = await fetch(tgUrl, {
          method: 'POST',
          headers: { ...headers, ...(withSecret ? { 'x-telegram-bot-api-secret-token': SECRET } : {}) },
          body: new Uint8Array(unique),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(await tg.idle(20_000)).toBe(true);
        const replies = telegram.sent().length - before;
        maxReplies = Math.max(maxReplies, replies);
        if (replies) answered++;
        return res.status >= 200 && res.status < 500 && replies <= 1;
      }),
      { numRuns: RUNS.telegram, seed },
    );
    const peak = stop();
    observe(
      'fuzzTelegram',
      `${RUNS.telegram} runs (seed ${seed}): statuses ${describeStatuses(statuses)}; ${answered} answered, at most ${maxReplies} reply per request; ${unhandled} unhandled rejections; peak RSS ${peak} MiB`,
      { runs: RUNS.telegram, seed, peakRssMiB: peak },
    );
    expect(unhandled).toBe(0);
    expect(peak).toBeLessThan(1024);
  });

  /** A Feishu request: junk with any headers, or a signed, encrypted body of any shape, or an event with odd parts. */
  const messageFieldsFeishu = {
    message_id: fc.oneof({ arbitrary: fc.string({ minLength: 1 }), weight: 4 }, fc.constant(''), fc.nat()),
    chat_id: fc.oneof({ arbitrary: fc.string({ minLength: 1 }), weight: 4 }, fc.constant(null)),
    chat_type: fc.constantFrom('p2p', 'p2p', 'group', 'topic', ''),
    message_type: fc.constantFrom('text', 'text', 'post', 'image', 'file', 'sticker', 'audio', ''),
    content: fc.oneof(
      { arbitrary: text.map((t) => JSON.stringify({ text: t })), weight: 3 },
      fc.json(),
      fc.anything().map((a) => JSON.stringify({ content: a })),
      fc.anything().map((a) => JSON.stringify({ zh_cn: { title: 'x', content: a } })),
      text,
    ),
    mentions: fc.array(
      fc.record({ key: fc.constantFrom('@_user_1', '@_all'), id: fc.record({ open_id: fc.constantFrom('ou_bot_0001', 'ou_x') }) }),
      {
        maxLength: 2,
      },
    ),
    create_time: fc.constant(String(Date.now())),
  };
  /** A Feishu message: mostly with what a reply needs, sometimes with parts missing or of the wrong type. */
  const feishuMessage = fc.oneof(
    { arbitrary: fc.record(messageFieldsFeishu, { requiredKeys: ['message_id', 'chat_id', 'message_type', 'content'] }), weight: 3 },
    { arbitrary: fc.record(messageFieldsFeishu, { requiredKeys: [] }), weight: 1 },
  );
  const feishuRequest = fc.oneof(
    fc.record({
      kind: fc.constant('junk' as const),
      body: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      headers: anyHeaders,
    }),
    fc.record({ kind: fc.constant('signed' as const), body: fc.jsonValue() }),
    {
      // Mostly events that pass every check up to the content, so the content's oddities reach the bot.
      arbitrary: fc.record({
        kind: fc.constant('event' as const),
        body: fc.record({
          schema: fc.constantFrom('2.0', '2.0', '2.0', '1.0'),
          header: fc.record({
            event_id: fc.string(),
            event_type: fc.constantFrom('im.message.receive_v1', 'im.message.receive_v1', 'im.message.receive_v1', 'im.chat.updated_v1'),
            token: fc.constantFrom(TOKEN, TOKEN, TOKEN, 'wrong'),
          }),
          event: fc.oneof(
            {
              arbitrary: fc.record({
                sender: fc.record({
                  sender_id: fc.record({ open_id: fc.constantFrom('ou_user', 'ou_user', 'ou_user', 'ou_bot_0001') }),
                  sender_type: fc.constantFrom('user', 'user', 'user', 'app', ''),
                }),
                message: feishuMessage,
              }),
              weight: 4,
            },
            { arbitrary: fc.anything(), weight: 1 },
          ),
        }),
      }),
      weight: 4,
    },
  );

  it('Feishu: any bytes and headers, and signed events of any shape, get 2xx or 4xx and at most one reply', async () => {
    const stop = memoryPeak();
    const statuses = new Map<number, number>();
    let maxReplies = 0;
    let answered = 0;
    const seed = Date.now();
    await fc.assert(
      fc.asyncProperty(feishuRequest, async (r) => {
        let headers: Record<string, string> = {};
        let payload: Uint8Array<ArrayBuffer> | string;
        if (r.kind === 'junk') {
          headers = r.headers;
          payload = new Uint8Array(r.body);
          if ('x-lark-request-timestamp' in headers && 'x-lark-request-nonce' in headers)
            headers['x-lark-signature'] = feishuSignature(
              headers['x-lark-request-timestamp'],
              headers['x-lark-request-nonce'],
              KEY,
              r.body,
            );
        } else {
          const message = (r.body as { event?: { message?: Record<string, unknown> } } | null)?.event?.message;
          if (message && typeof message === 'object') message.chat_id = `oc_fuzz_${++run}`;
          ({ headers, payload } = deliver(r.body, KEY));
        }
        const before = feishu.replies().length;
        const res = await fetch(feishuUrl, { method: 'POST', headers, body: payload });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(await fs.idle(20_000)).toBe(true);
        const replies = feishu.replies().length - before;
        maxReplies = Math.max(maxReplies, replies);
        if (replies) answered++;
        return res.status >= 200 && res.status < 500 && replies <= 1;
      }),
      { numRuns: RUNS.feishu, seed },
    );
    const peak = stop();
    observe(
      'fuzzFeishu',
      `${RUNS.feishu} runs (seed ${seed}): statuses ${describeStatuses(statuses)}; ${answered} answered, at most ${maxReplies} reply per request; ${unhandled} unhandled rejections; peak RSS ${peak} MiB`,
      { runs: RUNS.feishu, seed, peakRssMiB: peak },
    );
    expect(unhandled).toBe(0);
    expect(peak).toBeLessThan(1024);
  });

  it('both event parsers: never throw on anything', () => {
    const me = { id: 777000, is_bot: true, first_name: 'B', username: 'bulletin_qa_bot' } as Parameters<typeof parseMessage>[1];
    const outcomes = { telegram: { ok: 0, refused: 0 }, feishu: { ok: 0, refused: 0 } };
    const seed = Date.now();
    const anyOrShaped = (shaped: fc.Arbitrary<unknown>) => fc.oneof(fc.anything(), shaped);
    fc.assert(
      fc.property(
        anyOrShaped(telegramMessage),
        fc.constantFrom('mention', 'off'),
        anyOrShaped(fc.record({ sender: fc.anything(), message: feishuMessage })),
        fc.option(fc.string(), { nil: null }),
        (tgMessage, groups, feishuEvent, eventId) => {
          const t = parseMessage(tgMessage, me, groups);
          const f = parseMessageEvent(feishuEvent, eventId, 'ou_bot_0001');
          outcomes.telegram[t.ok ? 'ok' : 'refused']++;
          outcomes.feishu[f.ok ? 'ok' : 'refused']++;
          return (t.ok || typeof t.reason === 'string') && (f.ok || typeof f.reason === 'string');
        },
      ),
      { numRuns: RUNS.parsers, seed },
    );
    observe(
      'fuzzParsers',
      `${RUNS.parsers} runs (seed ${seed}), none threw: Telegram ${outcomes.telegram.ok} read, ${outcomes.telegram.refused} refused; Feishu ${outcomes.feishu.ok} read, ${outcomes.feishu.refused} refused`,
      { runs: RUNS.parsers, seed },
    );
    expect(outcomes.telegram.ok).toBeGreaterThan(0);
    expect(outcomes.feishu.ok).toBeGreaterThan(0);
  });
});

function safeJson(b: Buffer): { message?: unknown } | null {
  try {
    return JSON.parse(b.toString('utf8')) as { message?: unknown };
  } catch {
    return null;
  }
}

/** The body with its chat id (if it names one) replaced by `chat`, keeping it otherwise as generated. */
function withUniqueChat(body: Buffer, chat: number): Buffer {
  const json = safeJson(body) as { message?: { chat?: { id?: unknown } } } | null;
  if (!json || typeof json !== 'object' || typeof json.message?.chat?.id !== 'number') return body;
  json.message.chat.id = json.message.chat.id < 0 ? -chat : chat;
  return Buffer.from(JSON.stringify(json));
}

function describeStatuses(statuses: Map<number, number>): string {
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(', ');
}
