import type { Answer } from '../../answer/types.js';
import { digestText, type Digest } from '../../subscriptions/digest.js';
import type { Button, ChannelAdapter, OutgoingFile, OutgoingImage } from '../core/adapter.js';
import type { OriginalPassage } from '../../originals/types.js';
import { presentAnswer, presentSources } from '../present.js';
import { FeishuApiError, type FeishuApi } from '../../vendors/feishu-api.js';
import { answerCard, answerText, choiceCard, digestCard, passageCard, plainText, sourcesText } from './card.js';
import type { FeishuMessage } from './events.js';
import type { FeishuSender } from './sender.js';

/** What is sent: a card with its plain-text fallback, or plain text only. Both are Feishu `content` JSON. */
export interface FeishuOut {
  card: string | null;
  text: string;
}

/** Feishu for the channel core: cards that are patched while an answer streams, replies in the message's thread. */
export class FeishuAdapter implements ChannelAdapter<FeishuMessage, FeishuOut, string> {
  readonly name = 'feishu';
  readonly capabilities = { streamingEdits: true, cards: true, typingIntervalMs: null };

  constructor(
    private readonly sender: FeishuSender,
    /** Downloads of files sent to the bot, uploads of pictures and files it sends. */
    private readonly files: Pick<FeishuApi, 'download' | 'uploadImage' | 'uploadFile'> | null = null,
  ) {}

  readonly render = {
    text: (text: string, buttons?: Button[]): FeishuOut => ({
      card: buttons?.length ? choiceCard(text, buttons) : null,
      text: plainText(text),
    }),
    draft: (text: string): FeishuOut => ({ card: answerCard({ body: text, sources: [] }, { draft: true }), text: plainText(text) }),
    answer: (answer: Answer, _to: FeishuMessage, buttons?: Button[]): FeishuOut => {
      const presented = presentAnswer(answer);
      return { card: answerCard(presented, { buttons }), text: answerText(presented) };
    },
    sources: (answer: Answer): FeishuOut => {
      const { heading, sources } = presentSources(answer);
      return { card: null, text: sourcesText(heading, sources) };
    },
    digest: (digest: Digest): FeishuOut => ({ card: digestCard(digest), text: plainText(digestText(digest)) }),
    passage: (caption: string, p: OriginalPassage): FeishuOut => ({
      card: passageCard(caption, p),
      text: plainText(`${caption}\n\n${p.before}【${p.sentence}】${p.after}`),
    }),
  };

  /** A cited page: uploaded (im/v1/images), then an image message and its caption in the answer's thread. */
  async sendImage(to: FeishuMessage, image: OutgoingImage): Promise<void> {
    if (!this.files) throw new Error('feishu: uploads are not available');
    const key = await this.files.uploadImage(image.png);
    await this.sender.replyMessage(to.chatId, to.messageId, 'image', JSON.stringify({ image_key: key }), to.inThread);
    await this.sender.replyText(to.chatId, to.messageId, plainText(image.caption), to.inThread);
  }

  /** A cited article: uploaded (im/v1/files), then a file message and its caption in the answer's thread. */
  async sendFile(to: FeishuMessage, file: OutgoingFile): Promise<void> {
    if (!this.files) throw new Error('feishu: uploads are not available');
    const key = await this.files.uploadFile(file.bytes, file.fileName);
    await this.sender.replyMessage(to.chatId, to.messageId, 'file', JSON.stringify({ file_key: key }), to.inThread);
    await this.sender.replyText(to.chatId, to.messageId, plainText(file.caption), to.inThread);
  }

  async post(chatId: string, out: FeishuOut): Promise<void> {
    await this.sender.post(chatId, out.card, out.text);
  }

  download(m: FeishuMessage, maxBytes: number): Promise<Buffer> {
    if (!this.files || !m.fileKey) throw new Error('feishu: the message has no file');
    return this.files.download(m.messageId, m.fileKey, maxBytes);
  }

  isGone(error: unknown): boolean {
    return error instanceof FeishuApiError && error.chatGone;
  }

  /** Returns the card's id to patch, or null when plain text went out (text cannot be patched). */
  async send(to: FeishuMessage, out: FeishuOut): Promise<string | null> {
    if (out.card === null) {
      await this.sender.replyText(to.chatId, to.messageId, out.text, to.inThread);
      return null;
    }
    const sent = await this.sender.reply(to.chatId, to.messageId, out.card, out.text, to.inThread);
    return sent.card ? sent.id : null;
  }

  async edit(to: FeishuMessage, cardId: string, out: FeishuOut): Promise<void> {
    if (out.card === null) throw new Error('feishu: only a card can replace a card');
    await this.sender.patch(to.chatId, cardId, out.card);
  }

  describeError(error: unknown): string {
    if (error instanceof FeishuApiError) return error.message;
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}
