import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { textOf } from '../../../src/channels/feishu/events.js';
import { checkSignature, decryptEvent, signatureOf } from '../../../src/channels/feishu/crypto.js';
import { escapeMarkdown } from '../../../src/channels/feishu/card.js';
import { SeenStore } from '../../../src/channels/seen-store.js';
import { deliver } from '../../helpers/fake-feishu.js';
import { tempDir } from '../../helpers/paths.js';

describe('Feishu event parts', () => {
  it('reads text and rich text with mention placeholders stripped', () => {
    expect(textOf('text', JSON.stringify({ text: '@_user_1 广东呢？' }))).toBe('广东呢？');
    expect(
      textOf(
        'post',
        JSON.stringify({
          title: '问题',
          content: [
            [
              { tag: 'at', user_id: 'x' },
              { tag: 'text', text: '第42期' },
            ],
            [{ tag: 'text', text: '有哪些文章' }],
          ],
        }),
      ),
    ).toBe('问题\n 第42期\n有哪些文章');
    expect(textOf('image', JSON.stringify({ image_key: 'k' }))).toBeNull();
    expect(textOf('text', '{not json')).toBeNull();
  });

  it('decrypts what Feishu encrypts and checks the signature over the raw body', () => {
    const { payload, headers } = deliver({ hello: '世界' }, 'k3y');
    expect(JSON.parse(decryptEvent(JSON.parse(payload).encrypt, 'k3y'))).toEqual({ hello: '世界' });
    const now = Number(headers['x-lark-request-timestamp']) * 1000;
    expect(checkSignature(headers, Buffer.from(payload), 'k3y', 300, now)).toBeNull();
    expect(checkSignature(headers, Buffer.from(payload + ' '), 'k3y', 300, now)).toBe('bad signature');
    expect(checkSignature(headers, Buffer.from(payload), 'k3y', 300, now + 600_000)).toBe('stale timestamp');
    expect(checkSignature({}, Buffer.from(payload), 'k3y', 300, now)).toBe('missing headers');
    expect(signatureOf('1', '2', '3', Buffer.from('4'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('escapes card markdown', () => {
    expect(escapeMarkdown('**粗** [1] <b>')).toBe('&#42;&#42;粗&#42;&#42; &#91;1&#93; &#60;b&#62;');
  });
});

describe('SeenStore', () => {
  it('claims an id once, across a restart, until the TTL has passed', async () => {
    const file = path.join(tempDir(), 'seen.jsonl');
    let now = 1_000_000;
    const a = await SeenStore.open(file, 8 * 3600_000, () => now);
    expect(a.claim('msg:1', 'evt:1')).toBe(true);
    expect(a.claim('msg:1')).toBe(false);
    expect(a.claim('evt:1', 'msg:other')).toBe(false);
    await a.flush();
    const b = await SeenStore.open(file, 8 * 3600_000, () => now);
    expect(b.claim('msg:1')).toBe(false);
    now += 8 * 3600_000 + 1;
    const c = await SeenStore.open(file, 8 * 3600_000, () => now);
    expect(c.claim('msg:1')).toBe(true);
  });
});
