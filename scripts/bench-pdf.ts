/**
 * PDF ingest speed: lays out a 60-page bulletin (front matter, 14 articles made of the fixture
 * bulletins' paragraphs, footers with page numbers), then times `ingest` of a corpus holding only
 * that PDF (keyword index, no embeddings) and, separately, the PDF-to-text step alone.
 * Run alone with `npx tsx scripts/bench-pdf.ts [--rounds N]`; `benchPdf` is what `npm run bench` calls.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '../src/ingest/ingest.js';
import { pdfToBulletinText } from '../src/pdf/convert.js';
import { FIXTURE_BULLETINS } from '../test/helpers/paths.js';
import { layOutBulletin } from './pdf-layout.js';

const TITLES = [
  '关于加快建设全国一体化数据市场的指导意见',
  '澜江省数字政府建设三年行动计划',
  '星海市人工智能产业集群培育方案',
  '青川省工业互联网平台发展若干措施',
  '数据资产入表实务指引要点',
  '东岭市智慧交通建设实施方案',
  '北辰区低空经济示范区建设规划',
  '算力网络国家枢纽节点建设评估报告',
  '华启新区数据跨境服务中心运营办法',
  '澜川市公共数据授权运营管理规定',
  '全国数字乡村发展水平监测报告',
  '星海市数字人民币应用场景拓展方案',
  '青川省大模型产业创新发展行动方案',
  '企业数据合规管理体系建设指南',
];
/** Body pages per article; with 3 front pages and a short last article the file has 60 pages. */
const PAGES_PER_ARTICLE = 4;

/** Paragraph lines of the text fixtures' article bodies, to fill the benchmark articles. */
function bodyParagraphs(): string[] {
  const lines = ['issue-a.txt', 'issue-b.md'].flatMap((f) => readFileSync(path.join(FIXTURE_BULLETINS, f), 'utf8').split('\n'));
  return lines.map((l) => l.replace(/^#+\s*/, '').trim()).filter((l) => l.length > 40 && /。$/.test(l) && !/^声明/.test(l));
}

/** A bulletin text of TITLES.length articles, each PAGES_PER_ARTICLE pages long in print. */
export function benchBulletinText(): string {
  const paragraphs = bodyParagraphs();
  const out = [
    '大数据发展动态',
    '',
    '2031年6月6日 第22期 总第314期',
    '',
    '数据要素与数字经济专题',
    '',
    '大数据发展动态',
    '',
    '主 编 澜川数字经济研究院',
    '',
    '本期要目',
    '',
  ];
  TITLES.forEach((title, k) => out.push(`${String(1 + k * PAGES_PER_ARTICLE).padStart(2, '0')} ${title}`, ''));
  let next = 0;
  TITLES.forEach((title, k) => {
    out.push(title, '', '一、总体情况', '');
    // About 450 characters a page (a page holds about 650); the last article, set in full pages, takes five: 3 + 13 × 4 + 5 = 60 pages.
    const budget = k === TITLES.length - 1 ? 2500 : PAGES_PER_ARTICLE * 450;
    for (let used = 0; used < budget; next++) {
      const p = paragraphs[next % paragraphs.length]!;
      out.push(p, '');
      used += p.length;
    }
  });
  return out.join('\n');
}

export interface PdfBenchResult {
  pages: number;
  bytes: number;
  /** Median over the rounds, and the first round alone (pdfjs loads its worker code then). */
  ingestSeconds: number;
  firstIngestSeconds: number;
  convertSeconds: number;
}

export async function benchPdf(options: { rounds?: number; print?: boolean } = {}): Promise<PdfBenchResult> {
  const rounds = options.rounds ?? 3;
  const laid = await layOutBulletin('bench.txt', benchBulletinText(), { footers: true, header: '大数据发展动态 2031年第22期' });
  const corpus = mkdtempSync(path.join(os.tmpdir(), 'bench-pdf-'));
  writeFileSync(path.join(corpus, 'bench.pdf'), laid.pdf);
  const ingestTimes: number[] = [];
  const convertTimes: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const indexDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pdf-index-'));
      const report = await ingest({ corpusDir: corpus, indexDir });
      if (report.failed.length || report.articles !== TITLES.length)
        throw new Error(`bench PDF did not ingest cleanly: ${JSON.stringify(report.failed)}`);
      ingestTimes.push(report.seconds);
      rmSync(indexDir, { recursive: true, force: true });
      const t0 = performance.now();
      await pdfToBulletinText('bench.pdf', laid.pdf);
      convertTimes.push((performance.now() - t0) / 1000);
    }
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    pages: laid.pdfPages,
    bytes: laid.pdf.length,
    ingestSeconds: median(ingestTimes),
    firstIngestSeconds: ingestTimes[0]!,
    convertSeconds: median(convertTimes),
  };
  if (options.print ?? true) {
    console.log(`pdf ingest (${result.pages}-page PDF, ${(result.bytes / 1024).toFixed(0)} KiB, keyword index, median of ${rounds}):`);
    console.log(
      `  ingest ${result.ingestSeconds.toFixed(2)} s  (${(result.pages / result.ingestSeconds).toFixed(0)} pages/s); first run ${result.firstIngestSeconds.toFixed(2)} s`,
    );
    console.log(
      `  PDF to text alone ${result.convertSeconds.toFixed(2)} s  (${(result.pages / result.convertSeconds).toFixed(0)} pages/s)`,
    );
  }
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--rounds');
  await benchPdf({ rounds: at > 0 ? Number(process.argv[at + 1]) : 3 });
}
