import { z } from 'zod';

/** A message event as the channel needs it, from either delivery mode. */
export interface IncomingMessage {
  eventId: string | null;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group' | string;
  threadId: string | null;
  senderOpenId: string | null;
  messageType: string;
  /** The text, with @_user_N placeholders removed; null for types that are not text. */
  text: string | null;
  mentionsBot: boolean;
  /** Event creation time (ms), to recognise an old re-delivery. */
  createTime: number | null;
}

const mention = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().optional() }).partial().optional(),
  name: z.string().optional(),
});

export const messageEventSchema = z.object({
  sender: z
    .object({ sender_id: z.object({ open_id: z.string().optional() }).partial().optional(), sender_type: z.string().optional() })
    .optional(),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    thread_id: z.string().optional(),
    root_id: z.string().optional(),
    create_time: z.string().optional(),
    mentions: z.array(mention).optional(),
  }),
});

export type MessageEvent = z.infer<typeof messageEventSchema>;

/** Normalises an im.message.receive_v1 event; `botOpenId` decides whether the bot was mentioned. */
export function toIncoming(event: MessageEvent, eventId: string | null, botOpenId: string): IncomingMessage {
  const m = event.message;
  const mentions = m.mentions ?? [];
  return {
    eventId,
    messageId: m.message_id,
    chatId: m.chat_id,
    chatType: m.chat_type,
    threadId: m.thread_id ?? null,
    senderOpenId: event.sender?.sender_id?.open_id ?? null,
    messageType: m.message_type,
    text: textOf(m.message_type, m.content),
    // @_all and other users do not count: only a mention carrying this bot's own open_id.
    mentionsBot: mentions.some((x) => x.key !== '@_all' && x.id?.open_id === botOpenId),
    createTime: m.create_time ? Number(m.create_time) : null,
  };
}

/** Text of a text or rich-text (post) message, placeholders of mentions stripped. */
export function textOf(type: string, content: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  let text: string | null = null;
  if (type === 'text') text = typeof (parsed as { text?: unknown }).text === 'string' ? (parsed as { text: string }).text : null;
  if (type === 'post') text = postText(parsed);
  return text === null
    ? null
    : text
        .replace(/@_user_\d+|@_all/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim();
}

/** A post is {title, content: [[{tag, text}…]…]}, possibly under a locale key (zh_cn, en_us). */
function postText(parsed: unknown): string | null {
  const p = parsed as Record<string, unknown>;
  const body = (
    Array.isArray(p.content)
      ? p
      : Object.values(p).find((v) => v && typeof v === 'object' && Array.isArray((v as { content?: unknown }).content))
  ) as { title?: string; content: Array<Array<{ tag?: string; text?: string }>> } | undefined;
  if (!body) return null;
  const lines = body.content.map((line) =>
    line.map((el) => (el.tag === 'text' || el.tag === 'a' ? (el.text ?? '') : el.tag === 'at' ? ' ' : '')).join(''),
  );
  return [body.title ?? '', ...lines].filter((l) => l.trim()).join('\n');
}
