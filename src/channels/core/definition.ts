import type { AnswerEngine } from '../../answer/engine.js';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../util/log.js';
import type { Digest } from '../../subscriptions/digest.js';
import type { ChannelServices } from './services.js';

/** How a running channel is doing, for /healthz. */
export interface ChannelHealth {
  /** up: taking messages; starting: not yet (or reconnecting); down: failed. */
  state: 'starting' | 'up' | 'down';
  /** What works but less well than it should (e.g. de-duplication kept in memory only). */
  problems: string[];
  /** Requests and messages refused since start, by reason. */
  rejected: Record<string, number>;
}

export interface RunningChannel {
  health(): ChannelHealth;
  /** Stops taking messages, lets answers in flight finish (or cancels them), then resolves. */
  stop(): Promise<void>;
  /** Sends a new issue's digest to a chat: 'gone' when the chat blocked the bot or no longer exists. */
  notify?(chatId: string, digest: Digest): Promise<'sent' | 'gone'>;
}

export interface ChannelStartDeps {
  engine: AnswerEngine;
  log: Logger;
  /** Feedback log, subscriptions and uploads, when the service has them (`npm run serve`). */
  services?: ChannelServices;
}

/** A channel as the service, the CLIs and /healthz know it: one entry of the registry. */
export interface ChannelDefinition {
  readonly name: string;
  /** What must be set for the channel to start, said when it is missing. */
  readonly needs: string;
  isConfigured(config: Config): boolean;
  start(config: Config, deps: ChannelStartDeps): Promise<RunningChannel>;
}
