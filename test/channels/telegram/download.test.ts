import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Api } from 'grammy';
import { downloadFile, FileDownloadError, isRelativeFilePath } from '../../../src/channels/telegram/download.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';
import { tempDir } from '../../helpers/paths.js';
import { observeFault } from '../../reliability/faults.js';

const TOKEN = '123456:DOWNLOAD-test';

describe('downloading a Telegram document', () => {
  let api: FakeTelegram;
  beforeAll(async () => {
    api = await new FakeTelegram().start();
  });
  afterAll(() => api.close());

  const download = (fileId: string) =>
    downloadFile(new Api(TOKEN, { apiRoot: api.url }), { url: (p) => `${api.url}/file/bot${TOKEN}/${p}` }, fileId, 1 << 20);

  it('fetches a file only from the Bot API file URL, never from a local path', async () => {
    const secret = path.join(tempDir('local-'), 'secret.txt');
    writeFileSync(secret, 'content of a file on the bot’s own disk');
    const { message } = api.documentMessage(Buffer.from('from the Bot API'), 'a.txt') as { message: { document: { file_id: string } } };
    expect((await download(message.document.file_id)).toString()).toBe('from the Bot API');
    expect(api.fileUrls).toEqual([`/file/bot<token>/documents/${message.document.file_id}`]);

    for (const filePath of [secret, '../../etc/hostname', 'documents/../../x', 'C:\\x.txt']) {
      const { message: m } = api.documentMessage(Buffer.from('x'), 'b.txt') as { message: { document: { file_id: string } } };
      api.filePaths.set(m.document.file_id, filePath);
      const error = await download(m.document.file_id).catch((e: unknown) => e);
      expect(error, filePath).toBeInstanceOf(FileDownloadError);
      expect(String((error as Error).message)).not.toContain('content of a file');
    }
    expect(api.fileUrls).toHaveLength(1);
    observeFault('localFilePath', `4 file paths outside the file URL (absolute, ../, drive letter): each refused, nothing read or fetched`);
  });

  it('tells a relative file path from one that is not', () => {
    expect(['documents/file_1.pdf', 'photos/a b.jpg'].map(isRelativeFilePath)).toEqual([true, true]);
    expect(['/var/lib/telegram-bot-api/x.pdf', '../x', 'a//b', './a', 'a\\b'].map(isRelativeFilePath)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
