import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { FIGURES, RUN_FILE } from './figures.js';

/**
 * The faults a probe of `npm run serve` found (issue 22), each with the test that fails on the code
 * before the fix and passes after it. Tests that need the service are in test/reliability/; the
 * others are unit tests, which `npm run test:reliability` runs as well (vitest.reliability.config.ts
 * takes their files from here) so that docs/RELIABILITY.md shows what every one observed.
 * test/docs/reliability.test.ts holds the doc's table to this list, and each test to its file.
 */
export const FAULTS = {
  sameSizeOverwrite: {
    fault: 'a bulletin overwritten by a same-size version with its modification time restored was not re-indexed',
    test: 'test/reliability/faults-ingest.test.ts › npm run ingest re-indexes a same-size overwrite whose modification time was set back, and npm run ask answers its new wording',
    expected: 'the file is hashed (its change time moved), parsed again, and the new wording answered',
  },
  rehashUpload: {
    fault: 'a replacement upload saved within the clock tick of the old file looked unchanged (size and times equal)',
    test: 'test/ingest/content-change.test.ts › hashes a file named by an upload even when its size and every time equal the record',
    expected: 'a file an upload wrote is hashed whatever its times say, and re-indexed when its content differs',
  },
  uploadLive: {
    fault: 'an admin was told "已收录…现在就可以提问" while the index served the old text',
    test: 'test/uploads/desk.test.ts › says 已收录 only once the live index serves the uploaded content',
    expected: '"已收录" only when the served version has the upload’s hash; otherwise the admin is told it is not live yet',
  },
  stateDamage: {
    fault: 'an empty digests.json or a half-written subscriptions.json stopped `npm run serve`',
    test: 'test/reliability/faults-state.test.ts › npm run serve starts over an empty digests.json and a truncated subscriptions.json, answers, and reports both',
    expected:
      'both moved aside and kept; the service answers; /healthz lists both under problems; subscriptions rebuilt from the last good copy',
  },
  digestRetry: {
    fault: 'a new issue’s digest was never sent when STATE_DIR could not be written at the time, even after a restart',
    test: 'test/reliability/faults-digests.test.ts › a digest that could not be recorded stays due, is listed as overdue with the reason, and goes out once after a restart',
    expected: 'the issue stays due; /healthz names it and the reason; it is sent once, after the restart',
  },
  digestBackoff: {
    fault: 'a digest that failed was retried only when a later issue arrived',
    test: 'test/subscriptions/announcer.test.ts › retries with backoff until the record can be written, then sends each digest once',
    expected: 'retried with growing delays without any new issue; sent once',
  },
  oneIssueOneFile: {
    fault: 'the same issue uploaded twice at once (.md and .txt, two admins) was stored twice, without a replace choice',
    test: 'test/reliability/faults-uploads.test.ts › two admins upload one issue at once as .md and .txt: one file, one index entry, a choice for the second',
    expected: 'one stored, the other asked 替换旧文件; after the choice one file and one index entry; /healthz not degraded',
  },
  modelFigures: {
    fault: 'a model’s invented figure, its marker of no excerpt and its link reached the user (and Telegram previewed links)',
    test: 'test/reliability/faults-model.test.ts › a model that invents a figure, cites an excerpt that does not exist and adds a link: none of the three reaches the user',
    expected: 'only checked sentences are sent or streamed; every message has link previews off',
  },
  injectedQuote: {
    fault: 'with the model’s answer rejected, the fallback quoted a bulletin sentence carrying an injected instruction word for word',
    test: 'test/generate/injection.test.ts › never quotes a sentence that reads as an instruction to a model, in the extractive answer or a citation',
    expected: 'no answer text or quote holds the injected sentence',
  },
  subscribeUnwritable: {
    fault: '/subscribe with STATE_DIR unwritable answered a Chinese user in English and kept the chat in memory only',
    test: 'test/channels/core/subscribe-failure.test.ts › /subscribe that cannot be saved: says so in the user’s language and keeps nothing',
    expected: 'one Chinese sentence that nothing changed; the chat is not subscribed',
  },
  replacePresser: {
    fault: 'the 替换旧文件 choice checked the chat, not who pressed it',
    test: 'test/uploads/desk.test.ts › only the uploader or another admin may press 替换旧文件',
    expected: 'anyone else is refused and the choice stays open',
  },
  votes: {
    fault: 'a vote for an answer never given was recorded; a Feishu card action without an event id counted three times',
    test: 'test/reliability/faults-small.test.ts › takes votes only for answers the bot gave, once per user, however often a card action is delivered',
    expected: 'an unknown answer id gets no vote; three deliveries of one press make one vote',
  },
  parseApart: {
    fault: 'an upload’s parse (OCR at seconds a page) held back every ingest of the watched folder',
    test: 'test/server/ingest-runner.test.ts › runs an ingest while an upload is still being parsed',
    expected: 'the ingest finishes while the parse is still running',
  },
  ocrCap: {
    fault: 'OCR had no page cap',
    test: 'test/pdf/ocr-cap.test.ts › refuses a PDF with more scanned pages than OCR_MAX_PAGES before reading any',
    expected: 'a specific error naming the pages and OCR_MAX_PAGES; the OCR engine never started',
  },
  pendingRestart: {
    fault: 'a pending upload choice was lost on restart and its staged file never removed',
    test: 'test/uploads/desk.test.ts › keeps a pending choice and its staged file across a restart, and removes both when it expires',
    expected: 'the choice works after a restart; expired, it and its file are gone',
  },
  logIds: {
    fault: 'Telegram user ids stood in clear in the service log while the feedback log hashed them',
    test: 'test/reliability/faults-small.test.ts › hashes chat and user ids in the service log as the feedback log does',
    expected: 'no raw id in any log line; the log’s hash equals the feedback log’s',
  },
  vanished: {
    fault: 'a file deleted while it was parsed was indexed for a moment and counted as announced',
    test: 'test/ingest/content-change.test.ts › does not index a file deleted while the others are parsed',
    expected: 'not in the index written, not added',
  },
  localFilePath: {
    fault: 'a Bot API answer with an absolute file_path made the bot read that path from local disk',
    test: 'test/channels/telegram/download.test.ts › fetches a file only from the Bot API file URL, never from a local path',
    expected: 'the download is refused; nothing is read from disk',
  },
} as const;

export type FaultId = keyof typeof FAULTS;

/** The unit-test files among the faults' tests (the reliability run includes them). */
export const UNIT_FAULT_FILES = [...new Set(Object.values(FAULTS).map((f) => f.test.split(' › ')[0]!))].filter(
  (file) => !file.startsWith('test/reliability/'),
);

/** Records what a fault's test observed, in `npm run test:reliability` only (a plain `npm test` records nothing). */
export function observeFault(id: FaultId, observed: string): void {
  if (process.env.RELIABILITY_RUN !== '1') return;
  const line = JSON.stringify({ at: new Date().toISOString(), kind: 'fault', id, observed }) + '\n';
  mkdirSync(path.dirname(FIGURES), { recursive: true });
  appendFileSync(FIGURES, line);
  appendFileSync(RUN_FILE, line);
}
