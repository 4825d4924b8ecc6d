import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { replaceButtons } from '../channels/core/buttons.js';
import { FileTooLargeError } from '../util/file-too-large-error.js';
import type { IncomingUpload, UploadDesk } from '../channels/core/services.js';
import type { ParsedFile } from '../server/ingest-jobs.js';
import { UploadParseError, type LastIngest } from '../server/ingest-runner.js';
import type { BulletinSummary } from '../domain/corpus.js';
import { formatIssue } from '../domain/format.js';
import type { Logger } from '../util/log.js';
import { issueFileName } from './naming.js';
import { describeRefusal } from './describe.js';
import { filesHolding } from './holders.js';
import type { PendingChoice, PendingChoices } from './pending.js';
import { storeUpload } from './store.js';
import { errorMessage } from '../util/app-error.js';

/** What an upload needs of the ingest runner. */
export interface UploadRunner {
  parse(file: string, name: string): Promise<ParsedFile>;
  ingest(reason: string, options?: { rehash?: readonly string[] }): Promise<LastIngest>;
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
  /** The content hash of the version of a bulletin file the live index serves, or null when it serves none. */
  servedSha256: (file: string) => string | null;
  /** Whether a sender is an admin of a channel (they may act on any upload choice). */
  isAdmin: (channel: string, senderId: string) => boolean;
  pending: PendingChoices;
  log: Logger;
  now?: () => number;
}

const TYPES = ['.pdf', '.txt', '.md'];
/** How long an admin has to choose whether an upload replaces the issue already there. */
const CHOICE_TTL_MS = 30 * 60_000;

/**
 * Bulletins sent by admins: type and size checked before anything is fetched, the file parsed
 * (in the ingest process) before anything is stored, then saved in BULLETINS_DIR under a name from
 * its cover and ingested, and the admin told what was found once the index serving it is live.
 * One issue is one file: an upload of an issue already stored, or being stored by another upload,
 * in whatever format, is stored only when the uploader (or another admin) confirms, and replaces
 * every file that held the issue. Nothing is stored otherwise.
 */
export class BulletinUploads implements UploadDesk {
  /** Issues (总期) being stored right now, with the store under way: a second upload of one waits for the choice. */
  private readonly storing = new Map<number, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly deps: UploadDeskDeps) {
    this.now = deps.now ?? Date.now;
  }

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

    const token = randomBytes(9).toString('base64url');
    const staged = path.join(this.deps.stagingDir, `${token}${extension}`);
    try {
      await mkdir(this.deps.stagingDir, { recursive: true });
      await writeFile(staged, bytes);
    } catch (error) {
      log.error('upload: the file could not be staged', { channel: u.channel, error: errorMessage(error) });
      return u.reply(`“${u.file.name}”暂时无法保存（服务器无法写入），没有保存任何内容；请稍后再试。`);
    }
    let parsed: ParsedFile;
    try {
      parsed = await runner.parse(staged, u.file.name);
    } catch (error) {
      await this.deps.pending.discard(staged);
      if (error instanceof UploadParseError) return u.reply(this.refusal(u.file.name, error));
      log.error('upload: parsing failed', { channel: u.channel, error: errorMessage(error) });
      return u.reply(`解析“${u.file.name}”时出了问题，没有保存任何内容；请稍后再试。`);
    }

    const total = parsed.cover.total;
    const choice: PendingChoice = {
      token,
      channel: u.channel,
      chatId: u.chatId,
      senderId: u.senderId,
      staged,
      target: issueFileName(parsed.cover, extension),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      parsed,
      expiresAt: this.now() + CHOICE_TTL_MS,
    };
    const holders = await filesHolding(total, this.deps.bulletinsDir, this.deps.issues());
    // From here to the reservation nothing awaits: of two uploads of one issue, one stores, the other is asked.
    const busy = this.storing.has(total);
    if (busy || holders.length) {
      await this.deps.pending.add(choice);
      const what = busy ? '正在由另一份上传收录' : `已经收录过了（文件 ${holders.join('、')}）`;
      return u.reply(`${formatIssue(parsed.cover)}${what}。要用刚发来的“${u.file.name}”替换它吗？（30分钟内有效）`, replaceButtons(token));
    }
    await u.reply(await this.store(choice, false));
  }

  async decide(token: string, replace: boolean, by: { channel: string; chatId: string; senderId: string | null }): Promise<string> {
    const c = this.deps.pending.get(token);
    if (!c || c.channel !== by.channel || c.chatId !== by.chatId) return '这个选择已过期，请重新发送文件。';
    const allowed = by.senderId !== null && (by.senderId === c.senderId || this.deps.isAdmin(by.channel, by.senderId));
    if (!allowed) {
      this.deps.log.warn('upload: a choice pressed by someone who may not make it', { channel: by.channel });
      return '只有发送这个文件的管理员（或其他管理员）可以做这个选择。';
    }
    if (!(await this.deps.pending.take(token))) return '这个选择已过期，请重新发送文件。';
    if (!replace) {
      await this.deps.pending.discard(c.staged);
      return '已保留原来的文件，新文件没有保存。';
    }
    return this.store(c, true);
  }

  /** Stores an upload once no other upload of its issue is being stored, then ingests it. */
  private async store(c: PendingChoice, replacing: boolean): Promise<string> {
    const total = c.parsed.cover.total;
    for (let other = this.storing.get(total); other; other = this.storing.get(total)) await other.catch(() => undefined);
    const run = storeUpload(c, { ...this.deps, replacing });
    this.storing.set(total, run);
    try {
      return await run;
    } finally {
      this.storing.delete(total);
    }
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
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
