/**
 * Sentences not worth quoting: figure and table captions ("图4-1 …", "表2 …"), source notes,
 * rows of a table flattened into text (mostly numbers and short cells), page furniture.
 */
export function isDebris(sentence: string): boolean {
  const s = sentence.trim();
  if (/^(图|表|附图|附表)\s*\d+([-—–.]\d+)?/.test(s)) return true;
  if (/^(数据来源|资料来源|来源|注)[:：]/.test(s)) return true;
  if (/^[（(]?来源[:：]/.test(s)) return true;
  const digits = (s.match(/\d/g) ?? []).length;
  const han = (s.match(/\p{Script=Han}/gu) ?? []).length;
  // A table row: numbers with spaces between short cells and little prose.
  if (digits >= 6 && han < digits && /\d\s+\d/.test(s)) return true;
  if ((s.match(/\s/g) ?? []).length > 8 && han / Math.max(1, s.length) < 0.4) return true;
  return false;
}

/** Page furniture that the PDF conversion glued to the front of a sentence ("阅读全文2024年1月19日，…"). */
export function withoutFurniture(sentence: string): string {
  return sentence.replace(/^(?:阅读全文|点击阅读原文|原文链接[:：]?\S*)\s*/, '');
}
