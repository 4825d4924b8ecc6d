import { z } from 'zod';
import { jsonFormat } from '../state/state-file.js';
import { digestSchema } from './digest.js';

/** STATE_DIR/digests.json: per issue (by 总期), the chats still to be sent its digest and those sent. */
export const DIGESTS_FILE = 'digests.json';

const target = z.object({ channel: z.string(), chatId: z.string() });
export type Target = z.infer<typeof target>;

const recordSchema = z.object({
  issues: z.record(
    z.string(),
    z.object({
      detectedAt: z.string(),
      digest: digestSchema.nullable(),
      pending: z.array(target),
      delivered: z.array(target),
    }),
  ),
});
export type DigestRecord = z.infer<typeof recordSchema>;
export type IssueRecord = DigestRecord['issues'][string];

export const DIGEST_RECORD = jsonFormat('a digest record', (v) => recordSchema.parse(v));

/** Why a digest is late: the last attempt's failure, and when the next one is due. */
export interface Overdue {
  total: number;
  chats: number;
  detectedAt: string;
  reason: string;
  nextTryAt: string | null;
}

/**
 * Waits between attempts to record or send digests that failed: doubling from `baseMs` to `maxMs`
 * (a channel down for an hour is tried about ten times, not sixty), back to `baseMs` after a success.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 60_000,
    private readonly maxMs = 30 * 60_000,
  ) {}

  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.failures);
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
