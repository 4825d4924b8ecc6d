import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer } from '../answer/types.js';
import { formatCitation } from '../domain/format.js';
import { OriginalUnavailableError, type OriginalProblem, type OriginalsDesk } from '../originals/types.js';
import { paint, type TerminalStyle } from './terminal.js';

/** What /page and /pdf say when a source cannot be shown (the log line says why in detail). */
const PROBLEMS: Record<OriginalProblem, string> = {
  missing: '原文件已不在 BULLETINS_DIR 中',
  replaced: '原文件在收录后有了改动（重新运行 npm run ingest 后再试）',
  broken: 'PDF 文件无法打开',
  'not-pdf': '这一期只有文字版，没有可截取的 PDF 页面',
  'not-indexed': '这一期已不在索引中',
  busy: '渲染进程正忙，请稍后再试',
  failed: '渲染失败',
  'page-not-found': '原文件中没有引用的页面',
};

/**
 * /page [n]: the printed page (or pages) holding source n's quote, written as PNG files under
 * `outDir` (STATE_DIR/pages), their paths printed; for a text bulletin, the paragraph with the
 * quote marked. /pdf [n]: the article of source n cut out as a PDF file there.
 */
export async function originalCommand(
  desk: OriginalsDesk | undefined,
  answer: Answer | undefined,
  what: 'page' | 'pdf',
  arg: string | undefined,
  outDir: string,
  style: TerminalStyle,
): Promise<string> {
  if (!desk) return '查看原文不可用。';
  if (!answer?.citations.length) return '上一个回答没有来源。';
  const n = arg === undefined ? 1 : Number(arg);
  const citation = Number.isInteger(n) && n >= 1 ? answer.citations[n - 1] : undefined;
  if (!citation) return `用法：/${what} [n]，n 为来源编号 1–${answer.citations.length}。`;
  try {
    await mkdir(outDir, { recursive: true });
    if (what === 'pdf') {
      const doc = await desk.cut(citation);
      const file = path.join(outDir, doc.fileName);
      await writeFile(file, doc.bytes);
      return `${formatCitation(doc.citation)}，共${doc.pageCount}页\n${file}`;
    }
    const view = await desk.view(citation);
    if (view.kind === 'passage') {
      const { before, sentence, after } = view.passage;
      return `${formatCitation(citation)}（文字版，没有页面图片）\n${before}${paint(style, 'bold', style.colour ? sentence : `【${sentence}】`)}${after}`;
    }
    const lines: string[] = [];
    for (const page of view.pages) {
      const file = path.join(outDir, `${citation.issue.total}-p${page.printed ?? `pdf${page.pdfPage}`}-source${n}.png`);
      await writeFile(file, page.png);
      const where = page.printed === null ? `PDF第${page.pdfPage}页` : `第${page.printed}页`;
      lines.push(`${where}，${page.width}×${page.height}，${page.highlighted ? '已标出引文' : '未能标出引文的位置'}：${file}`);
    }
    return [formatCitation(citation), ...lines].join('\n');
  } catch (error) {
    if (error instanceof OriginalUnavailableError) return `无法取得原文：${PROBLEMS[error.problem]}。`;
    throw error;
  }
}
