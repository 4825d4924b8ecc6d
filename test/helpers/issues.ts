import type { BulletinSummary } from '../../src/domain/corpus.js';

/** An invented issue as the catalogue holds it: cover and table of contents, [category, page, end page, title] per entry. */
export function issueSummary(
  total: number,
  number: number,
  date: string,
  toc: Array<[string, number, number | null, string]> = [['国策要论', 1, null, `第${number}期文章`]],
): BulletinSummary {
  const year = Number(date.slice(0, 4));
  return {
    file: `${total}.txt`,
    cover: { year, number, total, date, headline: `第${number}期头条` },
    masthead: { roles: {} },
    toc: toc.map(([category, page, endPage, title]) => ({ category, page, endPage, title })),
    warnings: [],
  };
}
