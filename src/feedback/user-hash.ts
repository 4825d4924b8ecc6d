import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file under STATE_DIR that holds the key user ids are hashed with. */
export const SECRET_FILE = 'feedback-secret';

/**
 * Hashes user ids for the feedback log with HMAC-SHA256 under a secret generated once and kept in
 * STATE_DIR. A plain hash would not do: Telegram ids are small integers, and anyone holding the log
 * could hash every id and read who asked what. Without the key that search is not possible.
 */
export class UserHasher {
  private constructor(private readonly key: Buffer) {}

  /** Reads the key, or creates it (readable by the owner only) on first use. */
  static async open(stateDir: string): Promise<UserHasher> {
    const file = path.join(stateDir, SECRET_FILE);
    try {
      const hex = (await readFile(file, 'utf8')).trim();
      if (/^[0-9a-f]{64}$/.test(hex)) return new UserHasher(Buffer.from(hex, 'hex'));
      throw new Error(`${file} is not a 64-digit hex key; delete it to have a new one made (earlier hashes will no longer match)`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const key = randomBytes(32);
    await mkdir(stateDir, { recursive: true });
    // 'wx': two processes starting together must not each write a key of their own.
    await writeFile(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    return UserHasher.open(stateDir);
  }

  /** 16 hex digits (64 bits): enough to tell users apart in a report, useless without the key. */
  hash(channel: string, userId: string): string {
    return createHmac('sha256', this.key).update(`${channel}:${userId}`).digest('hex').slice(0, 16);
  }
}
