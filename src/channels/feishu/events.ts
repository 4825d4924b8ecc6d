import { z } from 'zod';
import type { InboundMessage } from '../core/adapter.js';
import { safeJson } from '../../util/json-file.js';

/** A Feishu message for the core, with what a reply needs. */
export interface FeishuMessage extends InboundMessage {
  /** Replies are made to this message (in its thread when it has one). */
  messageId: string;
  inThread: boolean;
  content: MessageContent;
  /** The file's key for the message-resource API, when a file was sent. */
  fileKey?: string;
}

/**
 * The envelope of im.message.receive_v1 as far as the channel reads it. Everything the bot needs
 * to reply is required; the rest may be missing (the platform adds fields over time).
 */
const messageEventSchema = z.object({
  sender: z
    .object({
      sender_id: z.object({ open_id: z.string().optional() }).optional(),
      sender_type: z.string().optional(),
    })
    .optional(),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string().optional(),
    message_type: z.string().optional(),
    content: z.string().optional(),
    thread_id: z.string().optional(),
    create_time: z.string().optional(),
    mentions: z.array(z.object({ key: z.string().optional(), id: z.object({ open_id: z.string().optional() }).optional() })).optional(),
  }),
});

/** The content of each message type, as Feishu documents it. */
const postElement = z.object({ tag: z.string(), text: z.string().optional() });
const postBody = z.object({ title: z.string().optional(), content: z.array(z.array(postElement)) });
const contentSchemas = {
  text: z.object({ text: z.string() }),
  /** {title, content: [[element…]…]}, or the same under a locale key (zh_cn, en_us, …). */
  post: z.union([
    postBody,
    z.record(z.string(), z.unknown()).transform((byLocale, ctx) => {
      const body = Object.values(byLocale)
        .map((v) => postBody.safeParse(v))
        .find((p) => p.success)?.data;
      if (!body) ctx.addIssue({ code: 'custom', message: 'no post body under any locale' });
      return body ?? z.NEVER;
    }),
  ]),
  image: z.object({ image_key: z.string() }),
  file: z.object({ file_key: z.string(), file_name: z.string().optional() }),
};

/** What a message holds: text the bot can answer, another known kind, or content that does not match its type. */
export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'file'; fileKey: string; fileName: string }
  | { kind: 'image' | 'other' }
  | { kind: 'malformed'; messageType: string };

export type ParsedEvent = { ok: true; message: FeishuMessage } | { ok: false; reason: string };

/**
 * Reads a message event (`event` of a webhook body, or the SDK's flattened event) into the core's
 * terms. The envelope must be right (there is no one to reply to otherwise); its content may be
 * anything: what is not readable text becomes `text: null`, and the user gets the polite sentence
 * for unsupported content instead of silence.
 */
export function parseMessageEvent(event: unknown, eventId: string | null, botOpenId: string): ParsedEvent {
  const parsed = messageEventSchema.safeParse(event);
  if (!parsed.success) return { ok: false, reason: 'message event not understood' };
  const { sender, message: m } = parsed.data;
  const senderOpenId = sender?.sender_id?.open_id ?? null;
  const isPrivate = m.chat_type === 'p2p';
  // @_all and mentions of other users do not count: only one carrying this bot's own open_id.
  const mentionsBot = (m.mentions ?? []).some((x) => x.key !== '@_all' && x.id?.open_id === botOpenId);
  const created = Number(m.create_time);
  const content = readContent(m.message_type ?? '', m.content ?? '');
  return {
    ok: true,
    message: {
      deliveryIds: [`msg:${m.message_id}`, ...(eventId ? [`evt:${eventId}`] : [])],
      messageId: m.message_id,
      chatId: m.chat_id,
      inThread: Boolean(m.thread_id),
      senderId: senderOpenId,
      isPrivate,
      addressed: isPrivate || mentionsBot,
      fromBot: sender?.sender_type === 'app' || (senderOpenId !== null && senderOpenId === botOpenId),
      text: content.kind === 'text' ? content.text : null,
      content,
      ...(content.kind === 'file' ? { file: { name: content.fileName, size: null }, fileKey: content.fileKey } : { file: null }),
      sentAt: m.create_time && Number.isFinite(created) ? created : null,
    },
  };
}

/** Reads a message's content by its type; text and rich text (post) give their text, mention placeholders stripped. */
export function readContent(type: string, content: string): MessageContent {
  const schema = contentSchemas[type as keyof typeof contentSchemas];
  if (!schema) return { kind: 'other' };
  const json = safeJson(content);
  if (json === undefined) return { kind: 'malformed', messageType: type };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { kind: 'malformed', messageType: type };
  if (type === 'image') return { kind: type };
  if (type === 'file') {
    const file = parsed.data as z.infer<typeof contentSchemas.file>;
    return { kind: 'file', fileKey: file.file_key, fileName: file.file_name ?? 'file' };
  }
  const text = 'text' in parsed.data ? parsed.data.text : postText(parsed.data as z.infer<typeof postBody>);
  return {
    kind: 'text',
    text: text
      .replace(/@_user_\d+|@_all/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .trim(),
  };
}

/** The text of a message, or null when it holds none (other types, malformed content). */
export function textOf(type: string, content: string): string | null {
  const read = readContent(type, content);
  return read.kind === 'text' ? read.text : null;
}

function postText(body: z.infer<typeof postBody>): string {
  const lines = body.content.map((line) =>
    line.map((el) => (el.tag === 'text' || el.tag === 'a' ? (el.text ?? '') : el.tag === 'at' ? ' ' : '')).join(''),
  );
  return [body.title ?? '', ...lines].filter((l) => l.trim()).join('\n');
}

/** A button pressed on one of the bot's cards (card.action.trigger), as far as the channel reads it. */
const cardActionSchema = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({ value: z.object({ action: z.string().max(64) }) }),
  context: z.object({ open_chat_id: z.string().min(1), open_message_id: z.string().optional() }),
});

export interface CardPress {
  action: string;
  chatId: string;
  senderId: string;
}

/** Reads card.action.trigger (a webhook body's `event`, or the SDK's flattened event); null when it is not one of ours. */
export function parseCardAction(event: unknown): CardPress | null {
  const parsed = cardActionSchema.safeParse(event);
  if (!parsed.success) return null;
  return { action: parsed.data.action.value.action, chatId: parsed.data.context.open_chat_id, senderId: parsed.data.operator.open_id };
}
