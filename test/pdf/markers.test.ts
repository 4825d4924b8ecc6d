import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBulletin } from '../../src/bulletin/parse.js';
import { pageMarker, readPageMarkers } from '../../src/bulletin/page-marker.js';
import { chunkBulletin } from '../../src/ingest/chunk.js';
import { FIXTURE_BULLETINS } from '../helpers/paths.js';

/** issue-a.txt with page markers: front matter unnumbered, each article from `starts[k]` on. */
function marked(starts: number[]): string {
  const lines = readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt'), 'utf8').split('\n');
  const heads = [
    '编者按',
    '澜江省加快培育数据要素市场',
    '星海市促进低空经济高质量发展若干措施（征求意见稿）',
    '量子计算产业发展白皮书（2031年）要点',
    '数字乡村建设进展 观察报告',
  ];
  const out: string[] = [pageMarker(null, false)];
  let k = 0;
  for (const line of lines) {
    if (k < heads.length && line === heads[k] && lines.indexOf(line) > 40) out.push(pageMarker(starts[k++]!, false));
    out.push(line);
  }
  return out.join('\n');
}

describe('page markers', () => {
  it('leave a text without markers as it is', () => {
    const raw = ['a', '', 'b'];
    expect(readPageMarkers(raw)).toEqual({ lines: raw, places: null });
  });

  it('join a paragraph cut by a page break, and record where the page changes', () => {
    const { lines, places } = readPageMarkers([
      '\f3',
      '2.引导东部地区存量数据中心向西部集群有序迁移，到2032',
      '',
      '\f4+',
      '',
      '年底完成迁移机架不少于30万标准机架。',
    ]);
    expect(lines).toEqual(['2.引导东部地区存量数据中心向西部集群有序迁移，到2032年底完成迁移机架不少于30万标准机架。']);
    expect(places).toEqual([
      { page: 3, sheet: 1, breaks: [{ offset: '2.引导东部地区存量数据中心向西部集群有序迁移，到2032'.length, page: 4 }] },
    ]);
  });

  it('give the same articles as the plain text, with pages', () => {
    const plain = parseBulletin('issue-a.txt', readFileSync(path.join(FIXTURE_BULLETINS, 'issue-a.txt'), 'utf8'));
    const paged = parseBulletin('issue-a.txt', marked([1, 6, 11, 17, 20]));
    expect(paged.articles.map((a) => a.paragraphs.map((p) => p.text))).toEqual(plain.articles.map((a) => a.paragraphs.map((p) => p.text)));
    expect(paged.articles.map((a) => a.paragraphs[0]!.pages)).toEqual([
      [1, 1],
      [6, 6],
      [11, 11],
      [17, 17],
      [20, 20],
    ]);
    expect(plain.articles[0]!.paragraphs[0]!.pages).toBeUndefined();
    expect(paged.warnings).toEqual([]);
    expect(plain.warnings).toEqual([]);
  });

  it('warn when a title is printed on another page than the TOC gives, and keep citations inside the TOC range', () => {
    const paged = parseBulletin('issue-a.txt', marked([1, 6, 12, 17, 20]));
    expect(paged.warnings).toEqual([
      '"星海市促进低空经济高质量发展若干措施 (征求意见稿)": the table of contents gives page 11, the title is printed on page 12',
    ]);
    const warnings: string[] = [];
    const chunks = chunkBulletin(paged, undefined, (w) => warnings.push(w));
    expect(chunks.filter((c) => c.articleIndex === 2).map((c) => c.pages)).toContainEqual({ start: 12, end: 12 });
    const lying = marked([1, 7, 11, 17, 20]).replace('\f7', '\f5');
    const clamped = chunkBulletin(parseBulletin('issue-a.txt', lying), undefined, (w) => warnings.push(w));
    expect(clamped.filter((c) => c.articleIndex === 1).every((c) => c.pages.start === 6)).toBe(true);
    expect(warnings.some((w) => w.includes("lies outside the article's TOC range 6–10"))).toBe(true);
  });
});
