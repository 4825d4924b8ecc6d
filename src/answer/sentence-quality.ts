import { splitSentences } from '../text/sentences.js';
import { looksLikeInstruction } from '../text/instruction.js';

/**
 * Sentences not worth quoting: figure and table captions ("图4-1 …", "表2 …"), source notes,
 * rows of a table flattened into text (mostly numbers and short cells), page furniture, and
 * instructions to a language model injected into a bulletin (never quoted as an answer).
 */
export function isDebris(sentence: string): boolean {
  const s = sentence.trim();
  if (looksLikeInstruction(s)) return true;
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

/**
 * A figure caption on its own line in the PDF runs into the next sentence once lines are joined
 * ("图4-1 2018—2023年互联网宽带接入端口发展情况截至2023年底,全国…"): the caption, up to the word that
 * ends such titles, is cut off so that the sentence after it can be read and quoted.
 */
const LEADING_CAPTION =
  /^(?:图|表|附图|附表)\s*\d+(?:\s*[-—–.]\s*\d+)?\s*[^。；！？]{0,50}?(?:情况|分布|对比|趋势|结构|构成|比较|走势|示意图)(?=[\p{Script=Han}A-Za-z0-9])/u;

export function withoutCaption(sentence: string): string {
  const m = LEADING_CAPTION.exec(sentence);
  return m && sentence.length - m[0].length >= 6 ? sentence.slice(m[0].length) : sentence;
}

/** A passage's sentences as the answer layer reads them: captions that ran into a sentence cut off. */
export function answerSentences(text: string): string[] {
  return splitSentences(text).map(withoutCaption);
}
