import type { BaseMessage } from '@langchain/core/messages';
import { AppError } from '../util/app-error.js';

/** The one thing the core needs of a chat model: text deltas for a list of messages. */
export interface LanguageModel {
  readonly name: string;
  stream(messages: BaseMessage[], signal?: AbortSignal): AsyncIterable<string>;
}

/** A model call that failed in a way worth retrying (or not), with the server's Retry-After. */
export class ModelCallError extends AppError {
  override readonly name = 'ModelCallError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
