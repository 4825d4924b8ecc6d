import { tagWords } from '../../search/tokenize.js';
import { lexicon } from '../../knowledge/lexicon.js';
import type { QuestionAnalysis } from '../question/analyze.js';

/** Tags of the words a compared thing is made of: nouns, numbers, times, places, directions ("东部"), "我国". */
const PHRASE_TAG = /^(n|nr|ns|nt|nz|nrt|vn|m|t|f|j|l|eng|r|b|an)$/;
const CONJUNCTION = /^(和|与|跟|及|以及|同|、)$/;
/** "大型及以上": 及 before 以上/以下 joins nothing. */
const NOT_A_JOIN = /^(以上|以下|其他|其它)/;
/** Pronouns that may lead a compared thing ("我国"); others ("哪个") ask. */
const PHRASE_PRONOUN = /^(我国|本市|本省|全国)$/;

/**
 * Two things a question joins with 和/与/、 when they are not places or documents: "2023年和2025年",
 * "全球智能算力和我国智能算力", "东部和中部地区", "软件业务收入和电信业务收入". The words on each side of
 * the first conjunction outside a 《name》, as far as they name a thing.
 */
export function joinedThings(focus: string): { left: string; right: string; joined: string } | null {
  const words = tagWords(focus.replace(/《[^》]*》/g, (m) => '＿'.repeat(m.length)));
  const at = words.findIndex(
    (w, i) => CONJUNCTION.test(w.word) && (w.tag === 'c' || w.word === '、') && !NOT_A_JOIN.test(words[i + 1]?.word ?? ''),
  );
  if (at <= 0) return null;
  const part = (w: { word: string; tag: string }) =>
    PHRASE_TAG.test(w.tag) && (w.tag !== 'r' || PHRASE_PRONOUN.test(w.word)) && !/＿/.test(w.word);
  let start = at;
  while (start > 0 && part(words[start - 1]!)) start--;
  let end = at + 1;
  while (end < words.length && part(words[end]!)) end++;
  // The two sides are as long as each other, in words: "普及率2023年和2025年" compares 2023年 with
  // 2025年, "全球智能算力和我国智能算力" the two wholes; the words around them are shared.
  const k = Math.min(at - start, end - at - 1);
  if (k < 1) return null;
  const left = words
    .slice(at - k, at)
    .map((w) => w.word)
    .join('');
  const right = words
    .slice(at + 1, at + 1 + k)
    .map((w) => w.word)
    .join('');
  const joined = words
    .slice(at - k, at + 1 + k)
    .map((w) => w.word)
    .join('');
  return left.length >= 2 && right.length >= 2 ? { left, right, joined } : null;
}

/** A comparison's question as one subject's: the comparing words become "是多少", "分别" and "相比" go. */
export function askedOfOne(text: string): string {
  const lex = lexicon();
  return text
    .replace(lex.comparativePhrase, '是多少')
    .replace(lex.degreeAdjective, '是多少')
    .replace(lex.whichWord, '')
    .replace(/分别|各自|各(?=[是为要有])/g, '')
    .replace(/^(?:请|帮我)?(?:比一比|比较|对比)(?:一下)?/, '')
    .replace(/相比|比较|对比|比一比/g, '')
    .replace(/(?:是多少[？?，,]?\s*){2,}/g, '是多少？')
    .replace(/[？?]+/g, '？');
}

/**
 * The subjects of a comparison and each one's question: two or more places ("重庆和山东…"), else two
 * or more named documents, else two things the question joins ("2023年和2025年的目标",
 * "东部和中部地区"). A place or document subject keeps the question with the other subjects' names
 * taken out; joined things replace the join with one side. The comparing words ask each subject for
 * its own value.
 */
export function compareSubjects(q: QuestionAnalysis): Array<{ subject: string; question: string }> {
  const focus = q.focus;
  const places = adjacentJoined(q.constraints.places.map((p) => ({ text: p.text, index: p.index })));
  const documents = q.constraints.documents;
  const named = places.length >= 2 ? places : documents.length >= 2 ? documents : [];
  if (named.length < 2) {
    const things = joinedThings(focus);
    return things
      ? [things.left, things.right].map((subject) => ({ subject, question: askedOfOne(focus.replace(things.joined, subject)) }))
      : [];
  }
  return named.map((subject) => {
    let question = focus;
    for (const other of named) {
      if (other === subject) continue;
      const name = `《?${escape(other)}》?`;
      // The other subject goes with the word that joins it, before or after it.
      question = question.replace(new RegExp(`(?:[和与跟及、]|以及)${name}|${name}(?:[和与跟及、]|以及)?`, 'g'), '');
    }
    const asked = askedOfOne(question.replace(/^[，,、和与]+/, ''));
    return { subject: documents === named ? `《${subject}》` : subject, question: /[？?]$/.test(asked) ? asked : `${asked}？` };
  });
}

/** Places written together ("贵阳贵安") are one subject. */
function adjacentJoined(places: Array<{ text: string; index: number }>): string[] {
  const sorted = [...places].sort((a, b) => a.index - b.index);
  const out: Array<{ text: string; end: number }> = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last && p.index === last.end) {
      last.text += p.text;
      last.end = p.index + p.text.length;
    } else if (!last || last.text !== p.text) out.push({ text: p.text, end: p.index + p.text.length });
  }
  return [...new Set(out.map((p) => p.text))];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parts of one question about different places or documents ("重庆要建几个园区？武汉要建几个基地？"):
 * each part is then a subject of its own, searched and answered from its own article. Null when the
 * parts share their subject.
 */
export function partSubjects(q: QuestionAnalysis): Array<{ subject: string; question: string }> | null {
  if (q.parts.length < 2) return null;
  let from = 0;
  const named = q.parts.map((part) => {
    const at = q.focus.indexOf(part.clause, from);
    from = at >= 0 ? at + part.clause.length : from;
    const inPart = (index: number) => at >= 0 && index >= at && index < at + part.clause.length;
    const places = q.constraints.places.filter((p) => inPart(p.index)).map((p) => p.text);
    const documents = q.constraints.documents.filter((d) => part.clause.includes(d));
    return places[0] ?? (documents[0] ? `《${documents[0]}》` : null);
  });
  if (named.some((n) => !n) || new Set(named).size < named.length) return null;
  return q.parts.map((part, i) => ({ subject: named[i]!, question: part.text }));
}
