import { describe, expect, it } from 'vitest';
import { expansionsFor, synonymsIn, variantsOf } from '../../src/knowledge/synonyms.js';

/** Expected values read by hand from data/synonyms.tsv (line 5: 集成电路 芯片 半导体; line 6: 人工智能 ai 智能化技术 机器智能). */
describe('synonyms (data/synonyms.tsv)', () => {
  it('gives every word that may stand for a term, the term first', () => {
    expect(variantsOf('芯片')).toEqual(['芯片', '集成电路', '半导体']);
    expect(variantsOf('AI')).toEqual(['ai', '人工智能', '智能化技术', '机器智能']);
    expect(variantsOf('一个不在表里的词')).toEqual(['一个不在表里的词']);
  });

  it('expands a reader’s word into the bulletins’ terms, and a bulletin term into nothing', () => {
    expect(expansionsFor('芯片').sort()).toEqual(['半导体', '集成电路'].sort());
    // 集成电路 is the bulletins' own term (first of its group): passages use it as it is.
    expect(expansionsFor('集成电路')).toEqual([]);
  });

  it('matches Latin terms as whole words only', () => {
    expect(synonymsIn('AI应用')).toContain('ai');
    expect(synonymsIn('email')).not.toContain('ai');
    expect(synonymsIn('请发 email 给我')).not.toContain('ai');
  });
});
