import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DamagedFiles } from '../state/damaged-files.js';
import { readStateFile, type StateFormat } from '../state/state-file.js';

/** The file under STATE_DIR that holds the key user ids are hashed with. */
export const SECRET_FILE = 'feedback-secret';

const KEY_FORMAT: StateFormat<Buffer> = {
  what: 'a 64-digit hex key',
  parse: (raw) => {
    const hex = raw.trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${hex.length} characters that are not 64 hex digits`);
    return Buffer.from(hex, 'hex');
  },
};

/** Hashes a user or chat id of a channel: the same value for the same id, useless without the key. */
export type IdHash = (channel: string, id: string) => string;

/**
 * Hashes user ids for the feedback log (and chat and user ids for the service log) with
 * HMAC-SHA256 under a secret generated once and kept in STATE_DIR. A plain hash would not do:
 * Telegram ids are small integers, and anyone holding the log could hash every id and read who asked
 * what. Without the key that search is not possible. A damaged key is moved aside and a new one
 * made (earlier hashes no longer match; /healthz says so while the old key is kept).
 */
export class UserHasher {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key, or creates it (readable by the owner only) on first use. */
  static async open(stateDir: string, damaged?: DamagedFiles): Promise<UserHasher> {
    const file = path.join(stateDir, SECRET_FILE);
    const read = await readStateFile(file, KEY_FORMAT);
    if (read.kind === 'ok') return new UserHasher(read.value);
    if (read.kind === 'damaged') damaged?.report(read.damaged, 'a new key was made: user hashes written before it no longer match');
    await mkdir(stateDir, { recursive: true });
    // 'wx': two processes starting together must not each write a key of their own.
    await writeFile(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch(
      async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
    const again = await readStateFile(file, KEY_FORMAT);
    if (again.kind !== 'ok') throw new Error(`${file} could not be created`);
    return new UserHasher(again.value);
  }

  /** A key that lives in memory only, when STATE_DIR cannot hold one: hashes stay private, but change at every start. */
  static ephemeral(): UserHasher {
    return new UserHasher(randomBytes(32));
  }

  /** 16 hex digits (64 bits): enough to tell users apart in a report, useless without the key. */
  hash(channel: string, userId: string): string {
    return createHmac('sha256', this.key).update(`${channel}:${userId}`).digest('hex').slice(0, 16);
  }

  /** hash() as a function, for those that only hash. */
  get idHash(): IdHash {
    return (channel, id) => this.hash(channel, id);
  }
}
