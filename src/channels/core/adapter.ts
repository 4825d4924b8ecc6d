import type { Answer } from '../../answer/types.js';
import type { OriginalPassage } from '../../originals/types.js';
import type { Digest } from '../../subscriptions/digest.js';

/** A file attached to a message (a bulletin an admin sends); the adapter knows how to fetch it. */
export interface InboundFile {
  name: string;
  /** Bytes, when the platform says before the download. */
  size: number | null;
}

/**
 * A button under a message. `action` comes back when it is pressed (Telegram's callback data,
 * a Feishu card's callback value): at most 64 bytes, and meaningful only to the channel core.
 */
export interface Button {
  label: string;
  action: string;
  /** Buttons of one row stand side by side; a higher row stands below (0 when absent). */
  row?: number;
}

/** A picture the bot sends (a cited page), with the caption that says what it is. */
export interface OutgoingImage {
  png: Buffer;
  fileName: string;
  caption: string;
}

/** A file the bot sends (an article cut out of its issue). */
export interface OutgoingFile {
  bytes: Buffer;
  fileName: string;
  caption: string;
}

/** A message as every channel hands it to the channel core, whatever the platform. */
export interface InboundMessage {
  /** Ids of this delivery (message id, event id, update id): a re-delivery carries one of them again. */
  deliveryIds: string[];
  /** The chat: answers in a chat keep their order, and a conversation is kept per chat. */
  chatId: string;
  /** Who sent it (rate limits are per sender); null when the platform does not say. */
  senderId: string | null;
  /** A private chat: every message there is for the bot. */
  isPrivate: boolean;
  /** Meant for the bot: a private message, an @mention, a reply to the bot, or a command for it. */
  addressed: boolean;
  /** Sent by this bot or another bot: never answered (one step from a reply loop). */
  fromBot: boolean;
  /** The text, mentions of the bot removed; null for content that is not text or not understood. */
  text: string | null;
  /** When the platform says the message was sent (ms since the epoch). */
  sentAt: number | null;
  /** A file sent with the message (a document, not a picture). */
  file?: InboundFile | null;
  /** The user's language as the platform knows it (Telegram's language_code), for replies to a bare command. */
  languageHint?: string | null;
}

/** What a channel can do beyond sending text. */
export interface ChannelCapabilities {
  /** A sent message can be edited, so a streamed answer is shown as it is written. */
  streamingEdits: boolean;
  /** Answers are rich cards (Feishu) rather than formatted text messages. */
  cards: boolean;
  /** A "typing…" indicator exists and must be repeated while an answer is prepared. */
  typingIntervalMs: number | null;
}

/**
 * One platform, as the channel core sees it: how to render an answer, send it, and edit it.
 * `Out` is what the platform sends (formatted messages, a card); `Ref` names a sent message.
 * Adapters know nothing of commands, rate limits, ordering or drafts: the core does that once.
 */
export interface ChannelAdapter<M extends InboundMessage, Out, Ref> {
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  readonly render: {
    /** A plain sentence: help, errors, refusals; with buttons when a choice is asked for. */
    text(text: string, buttons?: Button[]): Out;
    /** An answer still being written. */
    draft(text: string): Out;
    /** The final answer with its sources, and buttons (查看来源, 👍, 👎) under it. */
    answer(answer: Answer, to: M, buttons?: Button[]): Out;
    /** /sources: every source of an answer with its quote. */
    sources(answer: Answer): Out;
    /** A new issue's digest (date, 期, headline, table of contents); plain text when absent. */
    digest?(digest: Digest): Out;
    /** 查看原文 of a text bulletin: the citation, then the paragraph with the quote in bold; plain text when absent. */
    passage?(caption: string, passage: OriginalPassage): Out;
  };
  /** Sends a reply to `to`; returns a reference to edit it later, or null when it cannot be edited. */
  send(to: M, out: Out): Promise<Ref | null>;
  /** Replaces a message sent before. */
  edit(to: M, ref: Ref, out: Out): Promise<void>;
  /** Sends to a chat on the bot's own initiative (a digest, sources asked for by a button), not as a reply. */
  post?(chatId: string, out: Out): Promise<void>;
  /** Sends a picture in reply to `to` (查看原文: a cited page). */
  sendImage?(to: M, image: OutgoingImage): Promise<void>;
  /** Sends a file in reply to `to` (下载原文: the cited article as a PDF). */
  sendFile?(to: M, file: OutgoingFile): Promise<void>;
  /** Fetches the file of a message, failing once more than `maxBytes` arrive. */
  download?(m: M, maxBytes: number): Promise<Buffer>;
  /** The platform says the chat is gone for the bot: blocked by the user, the bot removed from the group, the chat deleted. */
  isGone?(error: unknown): boolean;
  /** Shows "typing…" once (the core repeats it). */
  typing?(to: M): Promise<void>;
  /** One line for the log about a failed platform call (status and the platform's message, never a token). */
  describeError(error: unknown): string;
}
