import { monthsIn, planEndYears, yearsIn } from '../question/constraints.js';
import type { Check, CheckContext } from './types.js';

/**
 * A year the question asks about must govern the evidence: said in the sentence or the one before
 * (a year that governs a figure comes before it), or in the title (not an edition in brackets), or
 * at the head of the paragraph that lists targets; for questions other than values, anywhere in
 * the article.
 */
export function yearCheck({ q, window, article, articleText }: CheckContext): Check[] {
  const asked = q.constraints.years;
  const said = [...yearsIn(window.before + window.sentence), ...planEndYears(window.before + window.sentence)];
  const inTitle = yearsIn(article.toc.title.replace(/[（(][^）)]*[）)]/g, '').replace(/\s+/g, ''));
  const label = asked.join('、');
  if (asked.some((y) => said.includes(y))) return [{ name: 'year', ok: true, detail: `asked ${label}; the passage says it` }];
  if (said.length)
    return [
      {
        name: 'year',
        ok: false,
        detail: `asked ${label}; the passage speaks of ${said.join('、')}`,
        instead: `文中给出的是${said.join('、')}年的情况，没有${label}年的`,
      },
    ];
  if (asked.some((y) => inTitle.includes(y))) return [{ name: 'year', ok: true, detail: `asked ${label}; the title names it` }];
  if (!yearsIn(window.text).length && asked.some((y) => yearsIn(window.passage).includes(y)))
    return [{ name: 'year', ok: true, detail: `asked ${label}; the passage's paragraph names it` }];
  if (q.intent.kind !== 'value' && asked.some((y) => articleText.includes(String(y))))
    return [{ name: 'year', ok: true, detail: `asked ${label}; the article names it (not the passage)` }];
  return [{ name: 'year', ok: false, detail: `asked ${label}; the article never names it`, instead: `文中没有提到${label}年` }];
}

/** A month range the question asks for ("1—11月", "全年") must be the one the figures cover. */
export function periodCheck({ q, window, article }: CheckContext): Check[] {
  const asked = q.constraints.months!;
  const said = monthsIn(window.text) ?? monthsIn(article.toc.title);
  const label = (m: [number, number]) => (m[0] === 1 && m[1] === 12 ? '全年' : `${m[0]}—${m[1]}月`);
  if (said && (said[0] !== asked[0] || said[1] !== asked[1]))
    return [
      {
        name: 'period',
        ok: false,
        detail: `asked ${label(asked)}; the passage covers ${label(said)}`,
        instead: `文中是${label(said)}的数据，不是${label(asked)}的`,
      },
    ];
  return [{ name: 'period', ok: true, detail: `asked ${label(asked)}` }];
}
