import { describe, expect, it } from 'vitest';
import { markTables } from '../../src/pdf/tables.js';
import type { PdfCell, PdfLine, PdfPageLines } from '../../src/pdf/lines.js';

/** A printed line from its cells: [text, left] pairs, 10 pt type, 10 pt a character. */
function line(top: number, ...cells: Array<[string, number]>): PdfLine {
  const parts: PdfCell[] = cells.map(([text, left]) => ({ text, left, right: left + 10 * text.length }));
  return {
    text: parts.map((c) => c.text).join(' '),
    left: parts[0]!.left,
    right: parts.at(-1)!.right,
    top,
    size: 10,
    cells: parts,
  };
}
const page = (lines: PdfLine[]): PdfPageLines => ({ index: 1, width: 420, height: 595, lines });
const texts = (p: PdfPageLines) => p.lines.map((l) => (l.table ? `T ${l.text}` : l.text));

describe('tables', () => {
  it('become one line a row, read left to right, with a wrapped cell joined into its row', () => {
    const [out] = markTables(
      [
        page([
          line(100, ['表1 各市情况', 150]),
          line(120, ['地区', 60], ['增加值（亿元）', 160], ['说明', 300]),
          line(140, ['澜川市', 60], ['1286.4', 170], ['居全省', 300]),
          line(154, ['首位', 300]),
          line(170, ['星海市', 60], ['934.7', 175], ['第二', 300]),
          line(190, ['澜川市增加值居全省首位，青禾市增速最快，石溪市增速低于全省平均。', 50]),
        ]),
      ],
      0,
    );
    expect(texts(out!)).toEqual([
      '表1 各市情况',
      'T | 地区 | 增加值（亿元） | 说明 |',
      'T | 澜川市 | 1286.4 | 居全省首位 |',
      'T | 星海市 | 934.7 | 第二 |',
      '澜川市增加值居全省首位，青禾市增速最快，石溪市增速低于全省平均。',
    ]);
  });

  it('are not looked for before the body, and one line with a gap is no table', () => {
    const masthead = page([
      line(100, ['主 编', 50], ['澜川数字经济研究院', 150]),
      line(120, ['联合主编', 50], ['华启大数据产业促进会', 150]),
    ]);
    expect(texts(markTables([masthead], 1)[0]!)).toEqual(['主 编 澜川数字经济研究院', '联合主编 华启大数据产业促进会']);
    const single = page([line(100, ['一、总体情况', 50], ['（续）', 300]), line(120, ['正文第一行，写到右边距为止。', 50])]);
    expect(texts(markTables([single], 0)[0]!)).toEqual(['一、总体情况 （续）', '正文第一行，写到右边距为止。']);
  });
});
