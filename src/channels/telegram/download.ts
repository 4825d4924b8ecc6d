import path from 'node:path';
import { GrammyError, type Api } from 'grammy';
import { FileTooLargeError } from '../../util/file-too-large-error.js';
import { AppError } from '../../util/app-error.js';

/** Where a file's bytes are: the Bot API's file URL for a file_path (null when files cannot be fetched). */
export interface FileSource {
  url(filePath: string): string | null;
}

/** A file that could not be fetched; the message never holds the URL (it carries the token). */
export class FileDownloadError extends AppError {
  override readonly name = 'FileDownloadError';
}

/**
 * Fetches a document: getFile, then the file from `{api root}/file/bot{token}/{file_path}`, counted
 * as it arrives and abandoned past `maxBytes`. The file is only ever fetched from that URL: a
 * `file_path` is the Bot API's word, and an absolute one (a self-hosted server in --local mode, or
 * a server that is not what it claims) or one that climbs out of the file URL (`..`) is refused,
 * never read from this machine's disk.
 */
export async function downloadFile(api: Api, source: FileSource, fileId: string, maxBytes: number): Promise<Buffer> {
  const file = await api.getFile(fileId).catch((error: unknown) => {
    // Telegram's own Bot API serves files up to 20 MB.
    if (error instanceof GrammyError && /file is too big/i.test(error.description))
      throw new FileTooLargeError(Math.min(maxBytes, 20 << 20));
    throw error;
  });
  if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileTooLargeError(maxBytes);
  if (!file.file_path) throw new FileDownloadError('Telegram gave no path for the file');
  if (!isRelativeFilePath(file.file_path))
    throw new FileDownloadError(
      'the Bot API gave a file path that is not under its file URL (a local path?); files are fetched only from the file URL',
    );
  const url = source.url(file.file_path.split('/').map(encodeURIComponent).join('/'));
  if (!url) throw new FileDownloadError('files cannot be fetched from this Bot API server');
  const res = await fetch(url).catch((error: unknown) => {
    // The name only: a fetch error's message and cause can hold the URL, which carries the token.
    throw new FileDownloadError(`file download failed: ${error instanceof Error ? error.name : 'error'}`);
  });
  if (!res.ok || !res.body) throw new FileDownloadError(`file download failed: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel();
    throw new FileTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > maxBytes) {
      await res.body.cancel().catch(() => undefined);
      throw new FileTooLargeError(maxBytes);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}

/** documents/file_1.pdf: relative, no empty, `.` or `..` segment, no backslash or drive letter. */
export function isRelativeFilePath(filePath: string): boolean {
  if (path.isAbsolute(filePath) || path.win32.isAbsolute(filePath) || filePath.includes('\\')) return false;
  return filePath.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
