import { isStopWord, tokenize } from '../../search/tokenize.js';
import { citationFromChunk, type Citation } from '../../domain/citation.js';
import { expectedValue, withoutNonValues } from '../answer-type.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { Decision } from '../answerability/decide.js';
import type { Candidate } from '../answerability/candidates.js';
import { SourceList, withSources } from './sources.js';

/** A question about one subject of a comparison, and how it was decided. */
export interface SubjectResult {
  subject: string;
  question: string;
  decision: Decision;
  candidates: Candidate[];
}

/** The clause that asks for the comparison ("哪个城市的目标更高？"): not part of each subject's question. */
const COMPARING_CLAUSE =
  /[，,；;]?[^，,；;？?。]*(?:哪(?:个|一个|家|座|方)|谁|相比|比较|对比|孰|更(?:高|多|大|严|低|少|快|好))[^，,；;？?。]*[？?。]?/g;

/**
 * The subjects of a comparison: two or more places ("重庆和山东…"), else two or more named
 * documents. Each subject's question keeps its own conjunct of the phrase that joins them
 * ("贵州工业领域数字化转型方案和厦门新基建三年行动计划，对…目标分别是多少" → "贵州工业领域数字化转型
 * 方案，对…目标是多少"), drops the others and the clause that asks for the comparison.
 */
export function compareSubjects(q: QuestionAnalysis): Array<{ subject: string; question: string }> {
  // "比较一下湖北和黑龙江…": the leading verb asks for the comparison; each subject's question is the rest.
  const focus = q.focus.replace(/^(?:请|帮我)?(?:比较|对比)(?:一下)?/, '');
  const places = [...new Set(q.constraints.places.map((p) => p.text))];
  const documents = q.constraints.documents;
  const subjects = places.length >= 2 ? places : documents.length >= 2 ? documents.map((d) => `《${d}》`) : [];
  if (subjects.length < 2) return [];
  let base = (focus.replace(COMPARING_CLAUSE, '').replace(/分别|各自|各(?=[打要是为有提])/g, '') || focus).replace(/[？?]+$/, '');
  // "湖北和广东，哪个省的中小企业数字化目标更高？": the comparing clause holds what is asked, so only
  // its comparing words go.
  let left = base;
  for (const s of subjects) left = left.split(s).join('');
  if (left.replace(/[和与跟及、，,；;\s]/g, '').length < 2) {
    base = focus
      .replace(/哪(?:个|一个|家|座|方)(?:城市|省份|省|地方|地区|文件)?的?|谁的?/g, '')
      // "…目标更高" asks each subject "…目标是多少".
      .replace(/(?:更|最)(?:高|多|大|严|低|少|快|好|强)/g, '是多少')
      .replace(/相比|比较|对比/g, '')
      .replace(/分别|各自/g, '')
      .replace(/[？?]+$/, '');
  }
  const clauses = base.split(/(?<=[，,；;])/);
  const joined = clauses.findIndex((c) => subjects.filter((s) => c.includes(s)).length >= 2);
  return subjects.map((subject) => {
    let question: string;
    if (joined >= 0) {
      const parts = clauses[joined]!.split(/和|与|跟|及|以及|、|同/);
      const mine = parts.find((p) => p.includes(subject)) ?? subject;
      // A conjunct that is only the name ("重庆和山东的元宇宙产业规模目标") shares the last one's words.
      const last = parts.filter((p) => subjects.some((s) => p.includes(s))).at(-1)!;
      const lastSubject = subjects.find((s) => last.includes(s))!;
      const bare = mine.replace(subject, '').replace(/[，,；;\s]/g, '') === '';
      const head = bare ? `${mine.replace(/[，,；;\s]+$/, '')}${last.slice(last.indexOf(lastSubject) + lastSubject.length)}` : mine;
      question = [
        ...clauses.slice(0, joined),
        head + (/[，,；;]$/.test(clauses[joined]!) && !/[，,；;]$/.test(head) ? '，' : ''),
        ...clauses.slice(joined + 1),
      ].join('');
    } else {
      question = base;
      for (const other of subjects) if (other !== subject) question = question.split(other).join('');
    }
    return { subject, question: `${question.replace(/[，,；;\s]+$/, '')}？` };
  });
}

const ASKS_COMPARISON =
  /哪(?:个|一个|家|座|方)|谁(?:更|最)|相比|比较|对比|孰|更(?:高|多|大|严|低|少|快|好|强)|\bcompare|\bwhich\b.*\b(?:higher|larger|bigger|more|stricter|lower)\b/i;

const NUMBER = /(\d+(?:\.\d+)?)\s*(%|％|万亿元|亿元|万元|元|亿|万|家|个|项|台|座|条|人|户|倍|架|EFLOPS|PFLOPS)?/gi;

interface Figure {
  value: number;
  unit: string;
  text: string;
  /** Where in the sentence, to prefer a figure after the asked thing ("规模…达到1500亿元"). */
  at: number;
}

/** Every figure of a sentence (years, dates and numbering aside), in a unit that can be compared. */
function figuresIn(sentence: string): Figure[] {
  const plain = withoutNonValues(sentence);
  const magnitude: Record<string, number> = { 万亿元: 1e4, 亿元: 1, 万元: 1e-4, 元: 1e-8, 亿: 1e4, 万: 1 };
  return [...plain.matchAll(NUMBER)]
    .filter((m) => m[2])
    .map((m) => {
      const unit = m[2]!.replace('％', '%');
      // Amounts in 亿元 and 万元 compare as one unit: 亿元.
      const money = /元$/.test(unit);
      return { value: Number(m[1]) * (money ? magnitude[unit]! : 1), unit: money ? '亿元' : unit, text: m[0].trim(), at: m.index };
    });
}

/**
 * The figure each subject gives for the comparison: in a unit every subject has (the unit the
 * question names first, then any but a percentage), the first such figure after the asked thing.
 */
function comparableFigures(sentences: string[], question: string, attribute: string[]): Figure[] | null {
  const all = sentences.map(figuresIn);
  const units = all.map((f) => new Set(f.map((x) => x.unit)));
  const common = [...units[0]!].filter((u) => units.every((set) => set.has(u)));
  if (!common.length) return null;
  const wanted = expectedValue(question);
  const unit = common.find((u) => wanted?.test(`1${u}`)) ?? common.find((u) => u !== '%') ?? common[0]!;
  // Figures compare only as figures of the asked thing: each sentence names it before its figure.
  if (!attribute.length) return null;
  const chosen: Figure[] = [];
  for (const [i, figures] of all.entries()) {
    const named = attribute.map((a) => sentences[i]!.indexOf(a)).filter((x) => x >= 0);
    if (!named.length) return null;
    const figure = figures.find((f) => f.unit === unit && f.at >= Math.min(...named));
    if (!figure) return null;
    chosen.push(figure);
  }
  return chosen;
}

/** Words of no use to tell what a comparison is about. */
const NOT_THE_THING = /^(分别|各自|哪个|哪一个|多少|是多少|最高|最多|更高|更多|比较|相比|对比|目标|要求)$/;

/** What the comparison is about: the asked attribute, else the question's own words (places aside). */
function askedThing(q: QuestionAnalysis, subjects: string[]): string[] {
  const attribute = q.attribute.flatMap((g) => g.terms);
  if (attribute.length) return attribute;
  return [...new Set(tokenize(q.focus))].filter(
    (t) =>
      t.length >= 2 && !isStopWord(t) && !NOT_THE_THING.test(t) && !subjects.some((s) => s.includes(t) || t.includes(s)) && !/^\d/.test(t),
  );
}

/**
 * Each subject answered from its own evidence (one line each, cited), then the comparison when
 * both give a figure in the same unit. A subject the bulletins do not answer is said to be missing;
 * the answer is `found` only when every subject is answered.
 */
export function compareAnswer(q: QuestionAnalysis, results: SubjectResult[], retrieved: Citation[]): Answer {
  const en = q.language === 'en';
  const sources = new SourceList();
  const lines: string[] = [];
  for (const r of results) {
    const chosen = r.decision.chosen;
    if (!chosen) {
      lines.push(
        en
          ? `${r.subject}: not found in the indexed issues.`
          : `${r.subject}：已收录的简报中没有找到。${r.decision.nearMiss?.check.instead ? `（${r.decision.nearMiss.check.instead}）` : ''}`,
      );
      continue;
    }
    const marker = sources.marker(citationFromChunk(chosen.chunk, chosen.window.sentence, chosen.coverage));
    lines.push(`${r.subject}${en ? ': ' : '：'}${chosen.window.sentence.trim()}[${marker}]`);
  }
  const answered = results.filter((r) => r.decision.chosen);
  // "分别是多少" asks for each figure; only "哪个更高 / 相比" asks for the comparison.
  const figures =
    ASKS_COMPARISON.test(q.focus) && answered.length === results.length && results.length >= 2
      ? comparableFigures(
          answered.map((r) => r.decision.chosen!.window.sentence),
          q.focus,
          askedThing(
            q,
            results.map((r) => r.subject),
          ),
        )
      : null;
  if (figures) {
    const values = figures.map((f, i) => ({ ...f, subject: answered[i]!.subject }));
    const sorted = [...values].sort((a, b) => b.value - a.value);
    const hi = sorted[0]!;
    const lo = sorted.at(-1)!;
    if (hi.value === lo.value) lines.push(en ? `Both give ${hi.text}.` : `比较：两者相同（均为${hi.text}）。`);
    else
      lines.push(
        en
          ? `Compared: ${hi.subject} is higher (${hi.text} > ${lo.text}).`
          : `比较：${hi.subject}的数值更高（${hi.text} > ${lo.text}），${lo.subject}更低。`,
      );
  }
  const found = results.every((r) => r.decision.answer);
  const { text, markedText } = withSources(lines.join('\n'), sources, q.language);
  const citedFirst = [
    ...sources.citations,
    ...retrieved.filter((c) => !sources.citations.some((s) => s.issue.total === c.issue.total && s.title === c.title)),
  ];
  return {
    question: q.original,
    text,
    markedText,
    found,
    citations: found ? sources.citations : [],
    retrieved: citedFirst.slice(0, 10),
    language: q.language,
    kind: found ? 'search' : 'refusal',
  };
}
