/**
 * 查看原文 end to end, as a user meets it: `npm run serve` over one PDF bulletin, with a Telegram Bot
 * API on 127.0.0.1 (the tests' fake server); a question is asked in a private chat, then 查看原文 and
 * 下载原文 are pressed. The photo that arrives is compared with the page poppler's `pdftoppm` renders
 * from the same PDF (greyscale, compared at 50 px across, against every page of the file), its
 * yellow highlight is measured, and the PDF that arrives is counted by poppler's `pdfinfo`.
 * Needs poppler-utils. Writes what arrived to --out (default a temporary folder).
 *   npx tsx scripts/try-page-view.ts [--pdf FILE] [--question TEXT] [--out DIR]
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flagValue } from '../src/config/load-config.js';
import { decodeImage } from '../src/vendors/canvas.js';
import { FakeTelegram, type SentFile } from '../test/helpers/fake-telegram.js';
import { correlation, greyOf, shrink } from '../test/helpers/page-truth.js';
import { ROOT } from '../test/helpers/paths.js';
import { errorMessage } from '../src/util/app-error.js';

const argv = process.argv.slice(2);
const pdf = path.resolve(flagValue(argv, '--pdf') ?? path.join(ROOT, 'test', 'fixtures', 'pdf', 'writer', 'issue-d.pdf'));
const question = flagValue(argv, '--question') ?? '星海市入表企业中民营企业有多少家？';
const out = path.resolve(flagValue(argv, '--out') ?? mkdtempSync(path.join(os.tmpdir(), 'try-page-view-')));
const work = mkdtempSync(path.join(os.tmpdir(), 'try-page-view-work-'));
const corpus = path.join(work, 'bulletins');
mkdirSync(corpus);
mkdirSync(out, { recursive: true });
copyFileSync(pdf, path.join(corpus, path.basename(pdf)));

const say = (line: string) => console.log(line);
const api = await new FakeTelegram().start();
const serve = spawn('npm', ['run', '--silent', 'serve'], {
  cwd: ROOT,
  env: {
    ...process.env,
    TELEGRAM_BOT_TOKEN: '123456:TRY-page-view',
    TELEGRAM_API_ROOT: api.url,
    BULLETINS_DIR: corpus,
    INDEX_DIR: path.join(work, 'index'),
    STATE_DIR: path.join(work, 'state'),
    HEALTH_HOST: '127.0.0.1',
    HEALTH_PORT: '0',
    RETRIEVAL_MODE: 'keyword',
    MODEL_ALLOW_DOWNLOAD: 'false',
    LLM_API_KEY: '',
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
  detached: true,
});
const serveLog: string[] = [];
serve.stderr.on('data', (d: Buffer) => serveLog.push(d.toString('utf8')));
const stop = () => {
  if (serve.exitCode === null && serve.pid) process.kill(-serve.pid, 'SIGTERM');
};
process.on('exit', stop);

try {
  const started = performance.now();
  await api.waitFor((calls) => calls.some((c) => c.method === 'deleteWebhook'), 120_000);
  say(`npm run serve is polling the Bot API on ${api.url} (${((performance.now() - started) / 1000).toFixed(1)} s after start)`);

  api.push(api.textMessage(question, 42));
  await api.waitFor(() => api.sent().length >= 1, 30_000);
  const answer = api.sent()[0]!;
  say(`\nQ: ${question}\nA: ${String(answer.text).replace(/<[^>]+>/g, '')}\n`);
  const keyboard = (answer.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
  say(`buttons: ${keyboard.map((row) => row.map((b) => b.text).join(' | ')).join(' / ')}`);
  // By action, whatever the language of the labels: pg: 查看原文, dl: 下载原文.
  const button = (label: '查看原文' | '下载原文') =>
    keyboard.flat().find((b) => b.callback_data.startsWith(label === '查看原文' ? 'pg:' : 'dl:'))!;

  // A reader looks at the answer before pressing (and Telegram allows one message a second per chat).
  await new Promise((r) => setTimeout(r, 3000));
  let t = performance.now();
  api.push(api.callback(button('查看原文').callback_data, 42));
  await api.waitFor(() => api.sent('sendPhoto').length >= 1, 60_000);
  const photo = api.sent('sendPhoto')[0]!;
  say(`\n查看原文 → sendPhoto to chat ${String(photo.chat_id)} after ${(performance.now() - t).toFixed(0)} ms: “${String(photo.caption)}”`);
  const png = (photo.photo as SentFile).bytes;
  writeFileSync(path.join(out, 'page.png'), png);
  const image = await decodeImage(png);
  say(`  ${image.width}×${image.height} PNG, ${(png.length / 1024).toFixed(0)} KiB → ${path.join(out, 'page.png')}`);

  // poppler's render of every page of the PDF, compared with the photo at 50 px across.
  const thumbs = path.join(work, 'pdftoppm');
  mkdirSync(thumbs);
  execFileSync('pdftoppm', [
    '-gray',
    '-png',
    '-thinlinemode',
    'shape',
    '-scale-to-x',
    '200',
    '-scale-to-y',
    '-1',
    pdf,
    path.join(thumbs, 'p'),
  ]);
  const ours = shrink(greyOf(image), 50);
  const likeness = await Promise.all(
    readdirSync(thumbs)
      .sort()
      .map(async (f) => ({
        page: Number(/(\d+)\.png$/.exec(f)![1]),
        r: correlation(shrink(greyOf(await decodeImage(readFileSync(path.join(thumbs, f)))), 50), ours),
      })),
  );
  likeness.sort((a, b) => b.r - a.r);
  say(
    `  likeness to pdftoppm's pages (correlation of grey levels at 50 px): ${likeness
      .slice(0, 3)
      .map((l) => `PDF page ${l.page} ${l.r.toFixed(3)}`)
      .join(', ')}`,
  );
  const yellow = countYellow(image);
  say(
    `  highlight: ${yellow.pixels} yellow pixels (${((100 * yellow.pixels) / (image.width * image.height)).toFixed(1)}% of the page), rows ${yellow.top}–${yellow.bottom}`,
  );

  await new Promise((r) => setTimeout(r, 1500));
  t = performance.now();
  api.push(api.callback(button('下载原文').callback_data, 42));
  await api.waitFor(() => api.sent('sendDocument').length >= 1, 60_000);
  const document = api.sent('sendDocument')[0]!;
  const file = document.document as SentFile;
  writeFileSync(path.join(out, file.fileName), file.bytes);
  const pages = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path.join(out, file.fileName)], { encoding: 'utf8' }))![1];
  say(`\n下载原文 → sendDocument to chat ${String(document.chat_id)} after ${(performance.now() - t).toFixed(0)} ms: ${file.fileName}`);
  say(`  “${String(document.caption)}”; pdfinfo counts ${pages} pages → ${path.join(out, file.fileName)}`);

  await new Promise((r) => setTimeout(r, 1500));
  t = performance.now();
  api.push(api.callback(button('查看原文').callback_data, 42));
  await api.waitFor(() => api.sent('sendPhoto').length >= 2, 60_000);
  say(`\n查看原文 again (cached) → sendPhoto after ${(performance.now() - t).toFixed(0)} ms`);
  say(
    `photos sent: ${api.sent('sendPhoto').length}, documents: ${api.sent('sendDocument').length}, to chats ${[...new Set([...api.sent('sendPhoto'), ...api.sent('sendDocument')].map((p) => p.chat_id))].join(', ')}`,
  );
} catch (error) {
  console.error(`failed: ${errorMessage(error)}\nserve's log:\n${serveLog.join('').slice(-4000)}`);
  process.exitCode = 1;
} finally {
  stop();
  await api.close();
}

/** Pixels of the highlight's yellow (paper under a marker pen), and the rows they span. */
function countYellow(image: { width: number; height: number; data: Uint8ClampedArray }): { pixels: number; top: number; bottom: number } {
  let pixels = 0;
  let top = Infinity;
  let bottom = -1;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i]! > 200 && image.data[i + 1]! > 150 && image.data[i + 2]! < 120) {
        pixels++;
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  return { pixels, top, bottom };
}
