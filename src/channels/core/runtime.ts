import type { Config } from '../../config/schema.js';
import { AppError } from '../../util/app-error.js';
import type { Digest } from '../../subscriptions/digest.js';
import { channelLogger } from '../log-ids.js';
import type { DeliveryLog } from '../seen-store.js';
import type { ChannelAdapter, InboundMessage } from './adapter.js';
import { ChannelCore, type CoreSettings } from './channel-core.js';
import type { ChannelHealth, ChannelStartDeps, RunningChannel } from './definition.js';
import { RejectionLog } from './rejections.js';

/** How long answers in flight may take to finish on shutdown before they are cancelled. */
export const DRAIN_GRACE_MS = 15_000;

/** A channel asked to start without what it needs (a token, an app id). */
export class ChannelSetupError extends AppError {
  override readonly name = 'ChannelSetupError';
}

/**
 * What the core does alike on every channel, read from each channel's own config keys (their names
 * are contracts, so they are mapped here rather than renamed). A new channel adds a row.
 */
const CORE_KEYS = {
  telegram: { rate: 'TELEGRAM_RATE_LIMIT_PER_MINUTE', edit: 'TELEGRAM_EDIT_INTERVAL_MS', admins: 'TELEGRAM_ADMIN_IDS' },
  feishu: { rate: 'FEISHU_RATE_LIMIT_PER_MINUTE', edit: 'FEISHU_UPDATE_INTERVAL_MS', admins: 'FEISHU_ADMIN_OPEN_IDS' },
} as const satisfies Record<string, { rate: keyof Config; edit: keyof Config; admins: keyof Config }>;

/** A channel's core settings from the config; `maxMessageAgeMs` is the platform's (how long it re-delivers). */
export function coreSettingsFor(channel: keyof typeof CORE_KEYS, config: Config, maxMessageAgeMs: number | null): CoreSettings {
  const keys = CORE_KEYS[channel];
  return {
    ratePerMinute: config[keys.rate],
    editIntervalMs: config[keys.edit],
    maxMessageAgeMs,
    admins: config[keys.admins],
  };
}

/**
 * A channel's start-up deps with the channel's own logger, through which the channel, its core and
 * its runtime log: chat and user ids in a line's fields are hashed as the feedback log hashes users
 * (src/channels/log-ids.ts). Taken first thing in a channel's start-up.
 */
export async function channelStartDeps(channel: keyof typeof CORE_KEYS, config: Config, deps: ChannelStartDeps): Promise<ChannelStartDeps> {
  return { ...deps, log: await channelLogger(channel, config, deps.log, deps.services) };
}

export interface RuntimeOptions<M extends InboundMessage, Out, Ref> {
  adapter: ChannelAdapter<M, Out, Ref>;
  /** Which deliveries were taken (kept on disk where the platform re-delivers for hours). */
  seen: DeliveryLog;
  settings: CoreSettings;
  /** The state until the platform's connection is up ('up' when there is nothing to wait for). */
  state?: ChannelHealth['state'];
}

/** A running channel as its start-up returns it: the common part, and `idle` for tests and the drain. */
export type Running<X> = X & RunningChannel & { idle(timeoutMs: number): Promise<boolean> };

/**
 * Everything a channel's start-up has in common, once: the core over the adapter, the rejection
 * log, the health /healthz shows, the digest a new issue sends, and the shutdown that stops taking
 * messages and then drains the answers in flight. A channel adds only its platform: how messages
 * arrive (polling, a webhook, a long connection) and how that stops.
 */
export class ChannelRuntime<M extends InboundMessage, Out, Ref> {
  readonly core: ChannelCore<M, Out, Ref>;
  readonly rejections: RejectionLog;
  readonly seen: DeliveryLog;
  /** up: taking messages; starting: not yet (or reconnecting); down: failed. */
  state: ChannelHealth['state'];

  constructor(deps: ChannelStartDeps, o: RuntimeOptions<M, Out, Ref>) {
    this.rejections = new RejectionLog(o.adapter.name, deps.log);
    this.seen = o.seen;
    this.state = o.state ?? 'up';
    this.core = new ChannelCore({
      adapter: o.adapter,
      engine: deps.engine,
      log: deps.log,
      seen: o.seen,
      rejections: this.rejections,
      settings: o.settings,
      services: deps.services,
    });
  }

  health(): ChannelHealth {
    return {
      state: this.state,
      problems: [this.seen.problem()].filter((p): p is string => p !== null),
      rejected: this.rejections.counts(),
    };
  }

  /** The running channel: `stopIntake` stops the platform's delivery; stop() then drains what was taken. */
  running<X extends object>(platform: X, stopIntake: () => Promise<void>): Running<X> {
    return {
      ...platform,
      health: () => this.health(),
      idle: (timeoutMs: number) => this.core.idle(timeoutMs),
      notify: (chatId: string, digest: Digest) => this.core.notify(chatId, digest),
      stop: async () => {
        await stopIntake();
        await this.core.drain(DRAIN_GRACE_MS);
      },
    };
  }
}
