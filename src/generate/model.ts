import type { BaseMessage } from '@langchain/core/messages';

/** The one thing the core needs of a chat model: text deltas for a list of messages. */
export interface LanguageModel {
  readonly name: string;
  stream(messages: BaseMessage[], signal?: AbortSignal): AsyncIterable<string>;
}

/** A model call that failed in a way worth retrying (or not), with the server's Retry-After. */
export class ModelCallError extends Error {
  override readonly name = 'ModelCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
