import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { StateFormat } from '../state/state-file.js';
import { safeJson } from '../util/json-file.js';
import { feedbackRecord, type AnswerRecord, type VoteRecord } from './records.js';

/** The current log file under STATE_DIR; rotated copies are FEEDBACK_FILE.1 (newest) … .N. */
export const FEEDBACK_FILE = 'feedback.jsonl';

export interface FeedbackData {
  answers: AnswerRecord[];
  votes: VoteRecord[];
  /** Files read, oldest first. */
  files: string[];
  /** Lines that were not a record (a torn last line after a crash, a foreign line). */
  skipped: number;
}

type Lines = Omit<FeedbackData, 'files'>;

/**
 * One file of the log, line by line: a line that is not a record (a torn last line after a crash)
 * is skipped and counted; a file with content and not one record in it is not a feedback log.
 */
export const FEEDBACK_LINES: StateFormat<Lines> = {
  what: 'a feedback log (JSON lines)',
  parse: (raw) => {
    const out: Lines = { answers: [], votes: [], skipped: 0 };
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const parsed = feedbackRecord.safeParse(safeJson(line));
      if (!parsed.success) out.skipped++;
      else if (parsed.data.type === 'answer') out.answers.push(parsed.data);
      else out.votes.push(parsed.data);
    }
    if (out.skipped > 0 && out.answers.length + out.votes.length === 0) throw new Error(`none of its ${out.skipped} lines is a record`);
    return out;
  },
};

/** The current log and its rotated copies under STATE_DIR, oldest first. */
export async function feedbackFiles(stateDir: string): Promise<string[]> {
  const names = await readdir(stateDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
    throw error;
  });
  const rotation = (name: string) => (name === FEEDBACK_FILE ? 0 : Number(name.slice(FEEDBACK_FILE.length + 1)));
  return names
    .filter((n) => n === FEEDBACK_FILE || new RegExp(`^${FEEDBACK_FILE.replace('.', '\\.')}\\.\\d+$`).test(n))
    .sort((a, b) => rotation(b) - rotation(a))
    .map((f) => path.join(stateDir, f));
}

/** Every record of the current log and its rotated copies under STATE_DIR, oldest file first (`npm run report`: read only, nothing moved). */
export async function readFeedback(stateDir: string): Promise<FeedbackData> {
  const files = await feedbackFiles(stateDir);
  const data: FeedbackData = { answers: [], votes: [], files, skipped: 0 };
  for (const file of files) {
    let lines: Lines;
    try {
      lines = FEEDBACK_LINES.parse(await readFile(file, 'utf8'));
    } catch {
      data.skipped++;
      continue;
    }
    data.answers.push(...lines.answers);
    data.votes.push(...lines.votes);
    data.skipped += lines.skipped;
  }
  return data;
}
