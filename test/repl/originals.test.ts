import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplSession } from '../../src/repl/commands.js';
import { createLogger, silentLogger } from '../../src/util/log.js';
import { decodeImage } from '../../src/vendors/canvas.js';
import { pdfPageCount } from '../../src/vendors/pdf-lib.js';
import { originalsSetup, PDF_QUESTION, TEXT_QUESTION, type OriginalsSetup } from '../helpers/originals.js';
import { tempDir } from '../helpers/paths.js';

describe('the REPL’s /page and /pdf', () => {
  let setup: OriginalsSetup;
  beforeAll(async () => {
    setup = await originalsSetup(createLogger('silent'));
  });
  afterAll(async () => setup?.originals.close());

  const session = (pagesDir: string) =>
    new ReplSession({
      engine: setup.engine,
      log: silentLogger,
      casesFile: path.join(tempDir(), 'c.jsonl'),
      originals: setup.originals.viewer,
      pagesDir,
    });
  /** The last line of an output that names a file: its path. */
  const fileIn = (output: string) =>
    output
      .split('\n')
      .at(-1)!
      .replace(/^.*?(\/\S+)$/, '$1');

  it('write the cited page as a PNG and the article as a PDF under the pages folder, and print their paths', async () => {
    const dir = path.join(tempDir(), 'state', 'pages');
    const s = session(dir);
    expect((await s.handle('/page')).output).toBe('上一个回答没有来源。');
    await s.handle(PDF_QUESTION);
    const page = (await s.handle('/page')).output;
    expect(page).toContain('第1页，1200×1700，已标出引文：');
    const png = fileIn(page);
    expect(path.dirname(png)).toBe(dir);
    expect((await decodeImage(readFileSync(png))).width).toBe(1200);
    const pdf = (await s.handle('/pdf 1')).output;
    expect(pdf).toContain('第1–2页《关于加快公共算力服务体系建设的指导意见》，共2页');
    expect(await pdfPageCount(readFileSync(fileIn(pdf)))).toBe(2);
    expect((await s.handle('/page 2')).output).toBe('用法：/page [n]，n 为来源编号 1–1。');
    expect((await s.handle('/pdf x')).output).toBe('用法：/pdf [n]，n 为来源编号 1–1。');
  });

  it('show a text bulletin’s paragraph with the quote marked, and say there is no PDF to cut', async () => {
    const s = session(tempDir());
    await s.handle(TEXT_QUESTION);
    const page = (await s.handle('/page')).output;
    expect(page).toContain('（文字版，没有页面图片）');
    expect(page).toMatch(/【1-2月，全国软件和信息技术服务业[^】]+】/);
    expect((await s.handle('/pdf')).output).toBe('无法取得原文：这一期只有文字版，没有可截取的 PDF 页面。');
  });
});
