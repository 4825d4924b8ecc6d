import type { Config } from '../config/schema.js';
import { UserHasher, type IdHash } from '../feedback/user-hash.js';
import type { Logger } from '../util/log.js';
import type { ChannelServices } from './core/services.js';
import { errorMessage } from '../util/app-error.js';

/** Fields of a log line that hold a chat or user id, or delivery ids that contain one (Telegram's `message:<chat>:<n>`). */
const ID_FIELDS = new Set(['chat', 'chatId', 'user', 'userId', 'sender', 'senderId', 'ids']);

/**
 * A channel's logger: every chat and user id in a line's fields is replaced by its keyed hash, the
 * same hash the feedback log keeps for a user (HMAC under STATE_DIR's key), so that a log line and
 * a vote can be matched without either naming the person. Messages themselves never carry ids.
 */
export function hashingIds(log: Logger, hash: (id: string) => string): Logger {
  const clean = (fields?: Record<string, unknown>) => {
    if (!fields || !Object.keys(fields).some((k) => ID_FIELDS.has(k))) return fields;
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, ID_FIELDS.has(k) ? hashed(v, hash) : v]));
  };
  return {
    debug: (message, fields) => log.debug(message, clean(fields)),
    info: (message, fields) => log.info(message, clean(fields)),
    warn: (message, fields) => log.warn(message, clean(fields)),
    error: (message, fields) => log.error(message, clean(fields)),
  };
}

function hashed(value: unknown, hash: (id: string) => string): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => hashed(v, hash));
  return typeof value === 'string' || typeof value === 'number' ? hash(String(value)) : '[id]';
}

/**
 * The logger a channel logs through: ids hashed with the service's key (`services.idHash`), or,
 * when the channel runs on its own, with the key in STATE_DIR; a STATE_DIR that cannot hold a key
 * gets one in memory (hashes then change at every start, and still name nobody).
 */
export async function channelLogger(channel: string, config: Config, log: Logger, services?: ChannelServices): Promise<Logger> {
  let idHash: IdHash | undefined = services?.idHash;
  if (!idHash) {
    const hasher = await UserHasher.open(config.STATE_DIR).catch((error: unknown) => {
      log.warn(`${channel}: no key for hashing ids in STATE_DIR; using one in memory`, { error: errorMessage(error) });
      return UserHasher.ephemeral();
    });
    idHash = hasher.idHash;
  }
  const hash = idHash;
  return hashingIds(log, (id) => hash(channel, id));
}
