import { describe, expect, it } from 'vitest';
import { findInstitutions, issuersOf, mentionsInstitution } from '../../src/knowledge/institutions.js';

/** Expected values read by hand from data/institutions.tsv (line 5: 工业和信息化部 工信部 …; line 6: 国家发展和改革委员会 … 国家发改委 发改委 …). */
describe('institutions (data/institutions.tsv)', () => {
  it('finds each institution a text names, the longest name at a place, with its full name', () => {
    const found = findInstitutions('国家发改委和工信部联合印发');
    expect(found.map((m) => [m.text, m.index, m.institutions.map((i) => i.name)])).toEqual([
      // "发改委" alone is also the name of the local 发展和改革委员会 (line 39); "国家发改委" is only the national one.
      ['国家发改委', 0, ['国家发展和改革委员会']],
      ['工信部', 6, ['工业和信息化部']],
    ]);
  });

  it('reads a short name that two institutions share as either of them', () => {
    const [mention] = findInstitutions('市发改委');
    expect(mention!.text).toBe('发改委');
    expect(mention!.institutions.map((i) => i.name).sort()).toEqual(['发展和改革委员会', '国家发展和改革委员会']);
  });

  it('matches Latin names whatever their case, and names nothing in a text without one', () => {
    expect(findInstitutions('今天天气很好')).toEqual([]);
    const [miit] = findInstitutions('工信部')[0]!.institutions;
    expect(mentionsInstitution('由工业和信息化部办公厅发布', miit!)).toBe(true);
    expect(mentionsInstitution('由国家统计局发布', miit!)).toBe(false);
  });

  it('takes an institution in the lead as the issuer only when it is the subject of an issuing verb', () => {
    // 工信部 印发 (an issuing verb follows); 国务院 is followed by 各项决策部署 (no issuing verb): not an issuer.
    const issuers = issuersOf('关于加快工业互联网发展的通知', '近日，工信部印发通知，落实党中央国务院各项决策部署。');
    expect(issuers.map((m) => m.text)).toEqual(['工信部']);
    // A name in the title is an issuer whatever follows it.
    expect(issuersOf('国务院关于数字经济发展的意见', '').map((m) => m.text)).toEqual(['国务院']);
  });
});
