import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BulletinSummary } from '../domain/corpus.js';
import type { Logger } from '../util/log.js';
import { describeUpload } from './describe.js';
import { filesHolding } from './holders.js';
import type { PendingChoice } from './pending.js';
import type { UploadRunner } from './desk.js';
import { errorMessage } from '../util/app-error.js';

export interface StoreDeps {
  bulletinsDir: string;
  runner: UploadRunner;
  issues: () => readonly BulletinSummary[];
  servedSha256: (file: string) => string | null;
  log: Logger;
  /** The admin chose to replace the issue already there. */
  replacing: boolean;
}

/**
 * Moves a staged upload into BULLETINS_DIR (atomically, under a hidden name first), removes every
 * other file that held its issue, ingests with the file's content hashed whatever its times say,
 * and says what was found. "已收录" only when the live index serves this very content (its hash).
 */
export async function storeUpload(c: PendingChoice, deps: StoreDeps): Promise<string> {
  const { bulletinsDir, runner, log } = deps;
  const target = path.join(bulletinsDir, c.target);
  try {
    await mkdir(bulletinsDir, { recursive: true });
    const hidden = path.join(bulletinsDir, `.${c.target}.upload`);
    await rename(c.staged, hidden).catch(async () => {
      // Another file system: copy through the hidden name instead.
      await copyFile(c.staged, hidden);
      await rm(c.staged, { force: true });
    });
    await rename(hidden, target);
  } catch (error) {
    log.error('upload: the file could not be stored in the bulletin folder', { error: errorMessage(error) });
    await rm(c.staged, { force: true });
    return `“${c.target}”无法保存到简报目录（服务器无法写入），没有收录；请稍后再试。`;
  }
  const others = (await filesHolding(c.parsed.cover.total, bulletinsDir, deps.issues())).filter((f) => f !== c.target);
  for (const other of others) await rm(path.join(bulletinsDir, other), { force: true });
  log.info('upload: bulletin stored', { file: c.target, replaced: others });
  const result = await runner.ingest(`upload ${c.target}`, { rehash: [c.target] });
  const live = deps.servedSha256(c.target) === c.sha256;
  if (!live && result.result !== 'failed' && !result.failed.some((f) => f.file === c.target))
    log.warn('upload: stored and ingested, but the live index does not serve it yet', { file: c.target });
  return describeUpload(c.parsed, c.target, result, deps.replacing || others.length > 0, live);
}
