import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/text/normalize.js';

/** Code points written out, so the expectations do not depend on how this file was saved. */
const cp = (...points: number[]) => String.fromCodePoint(...points);

describe('normalizeText', () => {
  it('folds Kangxi radicals to the unified ideographs (本期要⽬ from a Chromium PDF)', () => {
    // U+2F24 KANGXI RADICAL BIG → U+5927 大; U+2F6C KANGXI RADICAL EYE → U+76EE 目;
    // U+2F47 SUN → U+65E5 日; U+2F49 MOON → U+6708 月; U+2F8F WALK ENCLOSURE → U+884C 行
    expect(normalizeText(`${cp(0x2f24)}数据发展动态`)).toBe('大数据发展动态');
    expect(normalizeText(`本期要${cp(0x2f6c)}`)).toBe('本期要目');
    expect(normalizeText(`9${cp(0x2f49)}8${cp(0x2f47)}`)).toBe('9月8日');
    expect(normalizeText(`${cp(0x2f8f)}动方案`)).toBe('行动方案');
  });

  it('folds the CJK Radicals Supplement, which NFKC leaves alone', () => {
    // U+2ED3 CJK RADICAL C-SIMPLIFIED LONG → U+957F 长; U+2EC8 C-SIMPLIFIED SPEECH → U+8BA0 讠
    expect(`${cp(0x2ed3)}`.normalize('NFKC')).toBe(cp(0x2ed3));
    expect(normalizeText(`增${cp(0x2ed3)}`)).toBe('增长');
    expect(normalizeText(cp(0x2ec8))).toBe(cp(0x8ba0));
  });

  it('gives the simplified character where an SC font prints it with a radical or variant glyph', () => {
    // U+2F3E KANGXI RADICAL DOOR (equivalent U+6236 戶) → U+6237 户; U+2E95 → U+5F50 彐; U+3B35 → U+80F6 胶
    expect(normalizeText(`门${cp(0x2f3e)}`)).toBe(`门${cp(0x6237)}`);
    expect(normalizeText(cp(0x2e95, 0x3b35))).toBe(cp(0x5f50, 0x80f6));
  });

  it('folds CJK compatibility ideographs to their canonical forms', () => {
    // U+F900 → U+8C48 豈; U+FA0C → U+5140 兀; U+2F800 (supplement) → U+4E3D 丽
    expect(normalizeText(cp(0xf900, 0xfa0c))).toBe(cp(0x8c48, 0x5140));
    expect(normalizeText(cp(0x2f800))).toBe(cp(0x4e3d));
  });

  it('removes zero-width characters and soft hyphens', () => {
    expect(normalizeText(`数\u200b据\u200c要\u200d素\u2060市\ufeff场\u00ad`)).toBe('数据要素市场');
  });

  it('keeps full-width punctuation, circled numbers and everything else as printed', () => {
    const printed = '（一）到2025年，规模达到①１２０亿元：“数据二十条”〇。ＡＩ';
    expect(normalizeText(printed)).toBe(printed);
    expect(printed.normalize('NFKC')).not.toBe(printed);
  });

  it('returns plain text unchanged and is idempotent', () => {
    const mixed = `${cp(0x2f24)}${cp(0x2ed3)}\u200b${cp(0xf900)}`;
    expect(normalizeText(normalizeText(mixed))).toBe(normalizeText(mixed));
    expect(normalizeText('')).toBe('');
  });
});
