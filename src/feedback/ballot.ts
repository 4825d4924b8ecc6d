import { LRUCache } from 'lru-cache';
import type { DamagedFiles } from '../state/damaged-files.js';
import { readStateFile } from '../state/state-file.js';
import { FEEDBACK_LINES, feedbackFiles } from './read.js';

/** What became of a vote. */
export type VoteOutcome = 'recorded' | 'unknown answer' | 'repeated';

/** Answers remembered for votes: about a month of a busy bot. Older answers are still in the log, but take no new votes. */
const ANSWERS_KEPT = 200_000;

/**
 * Which votes count: only for an answer the bot gave (its id was logged, in this run or an earlier
 * one), and a user's vote on an answer once; pressing the same button again (or a platform
 * delivering the press again without an id to recognise it by) changes nothing. A changed vote is
 * recorded: the last one counts.
 */
export class Ballot {
  private readonly answers = new LRUCache<string, true>({ max: ANSWERS_KEPT });
  private readonly votes = new LRUCache<string, 'up' | 'down'>({ max: ANSWERS_KEPT });

  /** The answers and votes of the log under STATE_DIR (its rotated copies too), read through the state loader. */
  static async load(stateDir: string, damaged?: DamagedFiles): Promise<Ballot> {
    const ballot = new Ballot();
    for (const file of await feedbackFiles(stateDir)) {
      const read = await readStateFile(file, FEEDBACK_LINES);
      if (read.kind === 'damaged') damaged?.report(read.damaged, 'a new log is started; votes on the answers it held are no longer taken');
      if (read.kind !== 'ok') continue;
      for (const a of read.value.answers) ballot.given(a.id);
      for (const v of read.value.votes) if (v.user !== null) ballot.votes.set(voteKey(v.answerId, v.user), v.vote);
    }
    return ballot;
  }

  /** The bot gave an answer with this id. */
  given(answerId: string): void {
    this.answers.set(answerId, true);
  }

  /** Whether a vote by `voter` (a hashed user id, or the chat's when the platform names no user) counts; records it when it does. */
  cast(answerId: string, voter: string, vote: 'up' | 'down'): VoteOutcome {
    if (!this.answers.has(answerId)) return 'unknown answer';
    const key = voteKey(answerId, voter);
    if (this.votes.get(key) === vote) return 'repeated';
    this.votes.set(key, vote);
    return 'recorded';
  }
}

function voteKey(answerId: string, voter: string): string {
  return `${answerId}\u0000${voter}`;
}
