import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSignature, decryptEvent, signatureOf } from '../../../src/channels/feishu/crypto.js';
import { parseMessageEvent } from '../../../src/channels/feishu/events.js';
import { startFeishuWebhook } from '../../../src/channels/feishu/webhook.js';
import { RejectionLog } from '../../../src/channels/core/rejections.js';
import { closeServer } from '../../../src/server/http.js';
import { silentLogger } from '../../../src/util/log.js';
import { feishuSignature } from '../../helpers/fake-feishu.js';
import { FIXTURE_ROOT } from '../../helpers/paths.js';

/** Computed once by Python's hashlib and cryptography (test/fixtures/feishu/vectors.py), not by the code under test. */
const vectors = JSON.parse(readFileSync(path.join(FIXTURE_ROOT, 'feishu', 'vectors.json'), 'utf8')) as {
  documentation: { encryptKey: string; encrypt: string; plain: string };
  event: {
    encryptKey: string;
    verificationToken: string;
    plain: string;
    body: string;
    timestamp: string;
    nonce: string;
    signature: string;
    signatureSwapped: string;
    signatureOfEmptyBody: string;
  };
};
const v = vectors.event;
const signedHeaders = (signature: string) => ({
  'x-lark-request-timestamp': v.timestamp,
  'x-lark-request-nonce': v.nonce,
  'x-lark-signature': signature,
});

describe('Feishu signature and decryption: known answers', () => {
  it('decrypts the example in Feishu’s documentation', () => {
    expect(decryptEvent(vectors.documentation.encrypt, vectors.documentation.encryptKey)).toBe(vectors.documentation.plain);
  });

  it('decrypts an event encrypted by an independent implementation', () => {
    const { encrypt } = JSON.parse(v.body) as { encrypt: string };
    expect(decryptEvent(encrypt, v.encryptKey)).toBe(v.plain);
    expect(() => decryptEvent(encrypt, 'another key')).toThrow();
  });

  it('signs timestamp, nonce, key and raw body in that order', () => {
    expect(signatureOf(v.timestamp, v.nonce, v.encryptKey, Buffer.from(v.body))).toBe(v.signature);
    expect(signatureOf(v.timestamp, v.nonce, v.encryptKey, Buffer.alloc(0))).toBe(v.signatureOfEmptyBody);
    // The fake Feishu server signs with its own code; it is held to the same vector.
    expect(feishuSignature(v.timestamp, v.nonce, v.encryptKey, v.body)).toBe(v.signature);
  });

  it('accepts the vector’s signature within the time window and nothing else', () => {
    const now = Number(v.timestamp) * 1000;
    const body = Buffer.from(v.body);
    expect(checkSignature(signedHeaders(v.signature), body, v.encryptKey, 300, now)).toBeNull();
    expect(checkSignature(signedHeaders(v.signatureSwapped), body, v.encryptKey, 300, now)).toBe('bad signature');
    expect(checkSignature(signedHeaders(v.signature), Buffer.from(v.body + ' '), v.encryptKey, 300, now)).toBe('bad signature');
    expect(checkSignature(signedHeaders(v.signature), body, 'another key', 300, now)).toBe('bad signature');
    expect(checkSignature(signedHeaders(v.signature), body, v.encryptKey, 300, now + 301_000)).toBe('stale timestamp');
    expect(checkSignature(signedHeaders(v.signature), body, v.encryptKey, 300, now - 301_000)).toBe('stale timestamp');
    expect(checkSignature({ ...signedHeaders(v.signature), 'x-lark-request-nonce': undefined }, body, v.encryptKey, 300, now)).toBe(
      'missing signature headers',
    );
  });
});

describe('the webhook on the known-answer request', () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  async function webhook() {
    const events: Array<{ type: string; id: string | null; event: unknown }> = [];
    const { server, port } = await startFeishuWebhook({
      host: '127.0.0.1',
      port: 0,
      path: '/feishu/events',
      verificationToken: v.verificationToken,
      encryptKey: v.encryptKey,
      maxEventAgeSeconds: 300,
      now: () => Number(v.timestamp) * 1000 + 5000,
      onEvent: (type, id, event) => void events.push({ type, id, event }),
      rejections: new RejectionLog('feishu', silentLogger),
      log: silentLogger,
    });
    close = () => closeServer(server);
    const post = (headers: Record<string, string>, body = v.body) =>
      fetch(`http://127.0.0.1:${port}/feishu/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    return { events, post };
  }

  it('takes the request signed by the vector and reads its message', async () => {
    const { events, post } = await webhook();
    expect((await post(signedHeaders(v.signature))).status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'im.message.receive_v1', id: 'ev_kav_1' });
    const parsed = parseMessageEvent(events[0]!.event, events[0]!.id, 'ou_bot');
    expect(parsed).toMatchObject({
      ok: true,
      message: { messageId: 'om_kav', chatId: 'oc_kav', text: '量子计算企业有多少家？', addressed: true },
    });
  });

  it('refuses it with timestamp and nonce swapped, or unsigned', async () => {
    const { events, post } = await webhook();
    expect((await post(signedHeaders(v.signatureSwapped))).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect(events).toHaveLength(0);
  });
});
