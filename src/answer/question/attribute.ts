import { tagWords } from '../../search/tokenize.js';
import { isStopWord } from '../../search/tokenize.js';

/** Where a value question asks: "总投资是多少亿元", "得分具体是多少分", "多少项重点行动". */
const VALUE_WORD = /(?:多少|(?<!哪)几(?!乎)[\p{Script=Han}]|多大|多高|多长|多久|哪年|哪一年|何时|什么时候|排第几|第几)/u;
/** Nouns that say nothing about what is asked. */
const EMPTY = new Set(
  '新政 新规 全省 全市 全国 全区 我国 国内 这块 这类 其中 方面 情况 内容 规定 文件 政策 方案 意见 措施 办法 规划 计划 白皮书 报告 公报 目标 时候 时间 现在 当前 目前 年底 年末 简报 那份 这份 企业 公司 政府 国家 部门 地方 当地 单位 机构 有关部门 主管部门 财政'.split(
    ' ',
  ),
);
/** jieba tags of words that name a thing: nouns, verbal nouns, English words. Places (ns) and names are checked elsewhere. */
const NAMING = /^(n|nz|nt|vn|eng|nrt|an)$/;

/**
 * What a value question asks about, one group per clause that asks: the nouns right before the value word ("产业总体产值是多少" →
 * 总体、产值) and the head noun after it ("多少个…的场馆" → 场馆). The evidence must speak of them.
 */
export function askedAttribute(question: string): string[][] {
  const clauses = question.split(/[，,；;。？?！!]/).filter((c) => VALUE_WORD.test(c));
  const groups: string[][] = [];
  for (const clause of clauses) {
    const out = new Set<string>();
    const m = VALUE_WORD.exec(clause)!;
    const before = nouns(clause.slice(0, m.index)).slice(-2);
    const rest = clause.slice(m.index + m[0].length);
    // "多少个对公众开放的场馆": the head noun comes after the last 的.
    const head = rest.includes('的') ? rest.slice(rest.lastIndexOf('的') + 1) : rest;
    const after = nouns(head).slice(0, 1);
    for (const t of [...before, ...after]) out.add(t);
    groups.push([...out]);
  }
  return groups;
}

function nouns(text: string): string[] {
  return tagWords(text)
    .filter((w) => NAMING.test(w.tag) && w.word.length >= 2 && !EMPTY.has(w.word) && !isStopWord(w.word) && !/^\d/.test(w.word))
    .map((w) => w.word);
}
