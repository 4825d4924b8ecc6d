import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { FEEDBACK_FILE } from './log.js';
import { safeJson } from '../util/json-file.js';
import { feedbackRecord, type AnswerRecord, type VoteRecord } from './records.js';

export interface FeedbackData {
  answers: AnswerRecord[];
  votes: VoteRecord[];
  /** Files read, oldest first. */
  files: string[];
  /** Lines that were not a record (a torn last line after a crash, a foreign line). */
  skipped: number;
}

/** Every record of the current log and its rotated copies under STATE_DIR, oldest file first. */
export async function readFeedback(stateDir: string): Promise<FeedbackData> {
  const names = await readdir(stateDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const rotation = (name: string) => (name === FEEDBACK_FILE ? 0 : Number(name.slice(FEEDBACK_FILE.length + 1)));
  const files = names
    .filter((n) => n === FEEDBACK_FILE || new RegExp(`^${FEEDBACK_FILE.replace('.', '\\.')}\\.\\d+$`).test(n))
    .sort((a, b) => rotation(b) - rotation(a));
  const data: FeedbackData = { answers: [], votes: [], files: files.map((f) => path.join(stateDir, f)), skipped: 0 };
  for (const file of data.files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const parsed = feedbackRecord.safeParse(safeJson(line));
      if (!parsed.success) data.skipped++;
      else if (parsed.data.type === 'answer') data.answers.push(parsed.data);
      else data.votes.push(parsed.data);
    }
  }
  return data;
}
