import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { replaceButtons } from '../channels/core/buttons.js';
import { FileTooLargeError } from '../util/file-too-large-error.js';
import type { IncomingUpload, UploadDesk } from '../channels/core/services.js';
import type { ParsedFile } from '../server/ingest-jobs.js';
import { UploadParseError, type LastIngest } from '../server/ingest-runner.js';
import type { BulletinSummary } from '../domain/corpus.js';
import type { Logger } from '../util/log.js';
import { issueFileName } from './naming.js';
import { describeRefusal, describeUpload } from './describe.js';
import { formatIssue } from '../domain/format.js';
import { errorMessage } from '../util/app-error.js';

/** What an upload needs of the ingest runner. */
export interface UploadRunner {
  parse(file: string, name: string): Promise<ParsedFile>;
  ingest(reason: string): Promise<LastIngest>;
}

export interface UploadDeskDeps {
  bulletinsDir: string;
  /** Where a file waits while it is parsed or while the admin decides (STATE_DIR/uploads). */
  stagingDir: string;
  maxBytes: number;
  runner: UploadRunner;
  /** The issues being served now. */
  issues: () => readonly BulletinSummary[];
  /** When the served version of a bulletin file was indexed (ISO 8601), from the manifest of the index being served. */
  indexedAt: (file: string) => string | null;
  log: Logger;
}

const TYPES = ['.pdf', '.txt', '.md'];

/** An upload that parsed and names an issue already there, waiting for the admin's choice. */
interface Waiting {
  channel: string;
  chatId: string;
  staged: string;
  target: string;
  /** The file holding the same issue now, removed when the new one replaces it. */
  previous: string | null;
  parsed: ParsedFile;
}

/**
 * Bulletins sent by admins: type and size checked before anything is fetched, the file parsed
 * (in the ingest process) before anything is stored, then saved in BULLETINS_DIR under a name from
 * its cover and ingested, and the admin told what was found. The same issue again (same 总期) is
 * stored only when the admin confirms, replacing the old file. Nothing is stored otherwise.
 */
export class BulletinUploads implements UploadDesk {
  private readonly waiting = new LRUCache<string, Waiting>({
    max: 50,
    ttl: 30 * 60_000,
    ttlAutopurge: true,
    dispose: (w, _key, reason) => {
      if (reason !== 'delete') void rm(w.staged, { force: true });
    },
  });

  constructor(private readonly deps: UploadDeskDeps) {}

  async receive(u: IncomingUpload): Promise<void> {
    const { maxBytes, runner, log } = this.deps;
    const extension = path.extname(u.file.name).toLowerCase();
    const limit = `${Math.round(maxBytes / 1048576)} MB`;
    if (!TYPES.includes(extension)) return u.reply(`只能收录 .pdf、.txt 或 .md 格式的简报文件；“${u.file.name}”不是这几种格式，没有保存。`);
    if (u.file.size !== null && u.file.size > maxBytes)
      return u.reply(`“${u.file.name}”有 ${mb(u.file.size)}，超过了 ${limit} 的上限，没有保存。`);

    let bytes: Buffer;
    try {
      bytes = await u.download(maxBytes);
    } catch (error) {
      if (error instanceof FileTooLargeError)
        return u.reply(`“${u.file.name}”超过了 ${mb(error.limitBytes)} 的上限（可以下载的最大文件），没有保存。`);
      log.warn('upload: download failed', { channel: u.channel, error: errorMessage(error) });
      return u.reply(`“${u.file.name}”下载失败，请稍后再发一次。`);
    }
    if (extension === '.pdf' && !bytes.subarray(0, 1024).includes('%PDF-'))
      return u.reply(`“${u.file.name}”不是有效的 PDF 文件（文件开头没有 PDF 标记），没有保存。`);

    await mkdir(this.deps.stagingDir, { recursive: true });
    const token = randomBytes(9).toString('base64url');
    const staged = path.join(this.deps.stagingDir, `${token}${extension}`);
    await writeFile(staged, bytes);
    let parsed: ParsedFile;
    try {
      parsed = await runner.parse(staged, u.file.name);
    } catch (error) {
      await rm(staged, { force: true });
      if (error instanceof UploadParseError) return u.reply(this.refusal(u.file.name, error));
      log.error('upload: parsing failed', { channel: u.channel, error: errorMessage(error) });
      return u.reply(`解析“${u.file.name}”时出了问题，没有保存任何内容；请稍后再试。`);
    }

    const target = path.join(this.deps.bulletinsDir, issueFileName(parsed.cover, extension));
    const same = this.deps.issues().find((b) => b.cover.total === parsed.cover.total);
    const previous = same ? path.join(this.deps.bulletinsDir, same.file) : null;
    if (same || (await exists(target))) {
      this.waiting.set(token, { channel: u.channel, chatId: u.chatId, staged, target, previous, parsed });
      const what = same ? `已经收录过了（文件 ${same.file}）` : `在简报目录中已有同名文件 ${path.basename(target)}`;
      return u.reply(`${formatIssue(parsed.cover)}${what}。要用刚发来的“${u.file.name}”替换它吗？（30分钟内有效）`, replaceButtons(token));
    }
    await u.reply(await this.store({ channel: u.channel, chatId: u.chatId, staged, target, previous: null, parsed }));
  }

  async decide(token: string, replace: boolean, by: { channel: string; chatId: string }): Promise<string> {
    const w = this.waiting.get(token);
    if (!w || w.channel !== by.channel || w.chatId !== by.chatId) return '这个选择已过期，请重新发送文件。';
    this.waiting.delete(token);
    if (!replace) {
      await rm(w.staged, { force: true });
      return '已保留原来的文件，新文件没有保存。';
    }
    return this.store(w);
  }

  private refusal(fileName: string, error: UploadParseError): string {
    const summary = this.servedIssueFor(fileName, error);
    return describeRefusal(fileName, error.message, summary ? { summary, indexedAt: this.deps.indexedAt(summary.file) } : null);
  }

  /**
   * The served issue a file that does not parse was meant to replace: the one its cover names, or,
   * with no readable cover (a PDF without text, a file cut before its cover ends), the one whose
   * file has its name or whose cover name (2031-009-301.pdf) it has.
   */
  private servedIssueFor(fileName: string, error: UploadParseError): BulletinSummary | null {
    const issues = this.deps.issues();
    const withTotal = (total: number) => issues.find((b) => b.cover.total === total) ?? null;
    if (error.claimed) return withTotal(error.claimed.total);
    const coverName = /^\d{4}-\d{3}-(\d+)\.[a-z]+$/i.exec(fileName);
    if (coverName) return withTotal(Number(coverName[1]));
    return issues.find((b) => path.basename(b.file) === fileName) ?? null;
  }

  /** Moves the staged file into BULLETINS_DIR (atomically, under a hidden name first), ingests, and says what was found. */
  private async store(w: Waiting): Promise<string> {
    const { bulletinsDir, runner, log } = this.deps;
    await mkdir(bulletinsDir, { recursive: true });
    const hidden = path.join(bulletinsDir, `.${path.basename(w.target)}.upload`);
    await rename(w.staged, hidden).catch(async () => {
      // Another file system: copy through the hidden name instead.
      const { copyFile } = await import('node:fs/promises');
      await copyFile(w.staged, hidden);
      await rm(w.staged, { force: true });
    });
    await rename(hidden, w.target);
    if (w.previous && path.resolve(w.previous) !== path.resolve(w.target)) await rm(w.previous, { force: true });
    log.info('upload: bulletin stored', { file: path.basename(w.target), replaced: w.previous ? path.basename(w.previous) : null });
    const result = await runner.ingest(`upload ${path.basename(w.target)}`);
    return describeUpload(w.parsed, path.basename(w.target), result, w.previous !== null);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
