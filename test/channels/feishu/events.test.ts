import { describe, expect, it } from 'vitest';
import { parseMessageEvent, readContent, textOf } from '../../../src/channels/feishu/events.js';
import { escapeMarkdown } from '../../../src/channels/feishu/card.js';

const BOT = 'ou_bot';
const event = (
  message: Record<string, unknown>,
  sender: Record<string, unknown> = { sender_id: { open_id: 'ou_user' }, sender_type: 'user' },
) => ({
  sender,
  message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'p2p', message_type: 'text', content: '{"text":"你好"}', ...message },
});

describe('Feishu message events', () => {
  it('reads text and rich text with mention placeholders stripped', () => {
    expect(textOf('text', JSON.stringify({ text: '@_user_1 广东呢？' }))).toBe('广东呢？');
    const post = {
      title: '问题',
      content: [
        [
          { tag: 'at', user_id: 'x' },
          { tag: 'text', text: '第42期' },
        ],
        [{ tag: 'text', text: '有哪些文章' }],
      ],
    };
    expect(textOf('post', JSON.stringify(post))).toBe('问题\n 第42期\n有哪些文章');
    expect(textOf('post', JSON.stringify({ en_us: post }))).toBe('问题\n 第42期\n有哪些文章');
  });

  it('tells images, files, other types and malformed content apart', () => {
    expect(readContent('image', JSON.stringify({ image_key: 'img_1' }))).toEqual({ kind: 'image' });
    expect(readContent('file', JSON.stringify({ file_key: 'f', file_name: 'a.pdf' }))).toEqual({
      kind: 'file',
      fileKey: 'f',
      fileName: 'a.pdf',
    });
    expect(readContent('sticker', JSON.stringify({ file_key: 'f' }))).toEqual({ kind: 'other' });
    for (const [type, content] of [
      ['post', JSON.stringify({ content: [1, 2, 'x'] })],
      ['post', JSON.stringify({ zh_cn: { content: [[{ tag: 1 }]] } })],
      ['post', 'null'],
      ['text', JSON.stringify({ text: 42 })],
      ['text', '{not json'],
      ['image', JSON.stringify({})],
    ])
      expect(readContent(type!, content!)).toEqual({ kind: 'malformed', messageType: type });
  });

  it('answers private messages and group messages that mention this bot, never @_all or other users', () => {
    const parse = (message: Record<string, unknown>) => parseMessageEvent(event(message), 'ev_1', BOT);
    expect(parse({})).toMatchObject({ ok: true, message: { addressed: true, text: '你好', deliveryIds: ['msg:om_1', 'evt:ev_1'] } });
    expect(parse({ chat_type: 'group' })).toMatchObject({ ok: true, message: { addressed: false } });
    const mention = (key: string, openId: string) => ({ chat_type: 'group', mentions: [{ key, id: { open_id: openId } }] });
    expect(parse(mention('@_user_1', BOT))).toMatchObject({ ok: true, message: { addressed: true } });
    expect(parse(mention('@_all', BOT))).toMatchObject({ ok: true, message: { addressed: false } });
    expect(parse(mention('@_user_1', 'ou_other'))).toMatchObject({ ok: true, message: { addressed: false } });
  });

  it('reads when the message was sent from create_time (milliseconds, as a string), for dropping stale re-deliveries', () => {
    const parse = (message: Record<string, unknown>) => parseMessageEvent(event(message), 'ev_1', BOT);
    expect(parse({ create_time: '1700000000000' })).toMatchObject({ ok: true, message: { sentAt: 1_700_000_000_000 } });
    expect(parse({})).toMatchObject({ ok: true, message: { sentAt: null } });
    expect(parse({ create_time: 'yesterday' })).toMatchObject({ ok: true, message: { sentAt: null } });
  });

  it('marks messages from this bot or any other bot', () => {
    const from = (sender: Record<string, unknown>) => parseMessageEvent(event({}, sender), null, BOT);
    expect(from({ sender_id: { open_id: BOT }, sender_type: 'app' })).toMatchObject({ ok: true, message: { fromBot: true } });
    expect(from({ sender_id: { open_id: BOT }, sender_type: 'user' })).toMatchObject({ ok: true, message: { fromBot: true } });
    expect(from({ sender_id: { open_id: 'ou_other_bot' }, sender_type: 'app' })).toMatchObject({ ok: true, message: { fromBot: true } });
    expect(from({ sender_id: { open_id: 'ou_user' }, sender_type: 'user' })).toMatchObject({ ok: true, message: { fromBot: false } });
  });

  it('refuses an envelope it cannot reply to, and keeps a malformed content as unanswerable text', () => {
    expect(parseMessageEvent(null, null, BOT)).toEqual({ ok: false, reason: 'message event not understood' });
    expect(parseMessageEvent({ message: { chat_id: 'oc_1' } }, null, BOT).ok).toBe(false);
    expect(parseMessageEvent(event({ message_type: 'post', content: '{"content":[1,2,"x"]}' }), null, BOT)).toMatchObject({
      ok: true,
      message: { text: null, content: { kind: 'malformed' } },
    });
  });

  it('escapes card markdown', () => {
    expect(escapeMarkdown('**粗** [1] <b>')).toBe('&#42;&#42;粗&#42;&#42; &#91;1&#93; &#60;b&#62;');
  });
});
