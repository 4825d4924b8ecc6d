import { AppError } from '../util/app-error.js';

/** The message types the bot sends. */
export type FeishuMsgType = 'interactive' | 'text' | 'image' | 'file';

/**
 * What the Feishu channel needs of the Open API, implemented over the Lark SDK in ./lark.ts. This file
 * imports no SDK: the channel and its tests depend on this interface alone.
 */
export interface FeishuApi {
  botOpenId(): Promise<string>;
  /** Replies to a message (in its thread when asked); returns the new message's id. */
  reply(messageId: string, msgType: FeishuMsgType, content: string, inThread: boolean): Promise<string>;
  /** Updates a card sent by the bot. */
  patch(messageId: string, content: string): Promise<void>;
  /** Sends a message to a chat (not as a reply); returns its id. */
  send(chatId: string, msgType: 'interactive' | 'text', content: string): Promise<string>;
  /** Fetches a file sent in a message (message-resource API); fails once more than `maxBytes` arrive. */
  download(messageId: string, fileKey: string, maxBytes: number): Promise<Buffer>;
  /** Uploads a picture for an image message (im/v1/images); returns its image_key. */
  uploadImage(png: Buffer): Promise<string>;
  /** Uploads a PDF for a file message (im/v1/files); returns its file_key. */
  uploadFile(bytes: Buffer, fileName: string): Promise<string>;
}

/** A failed Open API call: HTTP status and Feishu's own code and message (never the token). */
export class FeishuApiError extends AppError {
  override readonly name = 'FeishuApiError';
  constructor(
    readonly status: number | null,
    readonly code: number | null,
    readonly feishuMessage: string,
    /** From x-ogw-ratelimit-reset on a 429. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Feishu API ${status ?? '-'} code ${code ?? '-'}: ${feishuMessage}`);
  }

  get rateLimited(): boolean {
    return this.status === 429 || this.code === 99991400;
  }

  /** The bot is not in the chat (removed, or the chat dissolved), or may no longer reach the user. */
  get chatGone(): boolean {
    return this.code !== null && [230002, 230013, 232009, 232011].includes(this.code);
  }

  /** The card itself was refused (bad content), as opposed to a rate limit or an outage. */
  get cardRejected(): boolean {
    return (
      !this.rateLimited &&
      !this.chatGone &&
      (this.status === 400 || (this.code !== null && [230099, 230001, 11310, 11246, 200621, 230025].includes(this.code)))
    );
  }
}
