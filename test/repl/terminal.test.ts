import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { wrap } from '../../src/repl/terminal.js';

const answer =
  '到2025年，全市数据中心标准机架数达2.5万个，全市数据中心PUE（电能利用效率）普遍不超过1.5，新建大型及超大型数据中心绿色低碳等级达到4A级以上，建成32个边缘数据中心，5G基站达到18500个。';

describe('wrapping the REPL’s lines', () => {
  it('never breaks inside a number, and keeps every line within the width (closing punctuation aside)', () => {
    // The figures of the sentence, read by hand; each must stand whole on one line at every width.
    const figures = ['2025', '2.5', 'PUE', '1.5', '4A', '32', '5G', '18500'];
    for (let width = 20; width <= 60; width++) {
      const lines = wrap({ colour: false, width }, answer).split('\n');
      expect(lines.join(''), `width ${width}`).toBe(answer);
      for (const f of figures)
        expect(
          lines.some((l) => l.includes(f)),
          `${f} at width ${width}`,
        ).toBe(true);
      for (const l of lines) expect(stringWidth(l.replace(/[，。）]$/, '')), `width ${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(
        lines.some((l) => /^[，。）]/.test(l)),
        `width ${width}`,
      ).toBe(false);
    }
  });

  it('leaves a pipe (width 0) as it is and keeps colour codes whole', () => {
    expect(wrap({ colour: false, width: 0 }, answer)).toBe(answer);
    const coloured = `\u001b[1m${answer}\u001b[22m`;
    const lines = wrap({ colour: true, width: 30 }, coloured).split('\n');
    expect(lines.join('')).toBe(coloured);
    expect(lines[0]!.startsWith('\u001b[1m')).toBe(true);
  });
});
