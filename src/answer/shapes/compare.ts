import { isStopWord, tokenize } from '../../search/tokenize.js';
import { lexicon } from '../../knowledge/lexicon.js';
import { citationFromChunk, type Citation } from '../../domain/citation.js';
import { expectedValue, withoutNonValues } from '../answer-type.js';
import type { Answer } from '../types.js';
import type { QuestionAnalysis } from '../question/analyze.js';
import type { GroupDecision } from '../decision/decide.js';
import type { EvidenceGroup } from '../evidence/types.js';
import { withoutFurniture } from '../sentence-quality.js';
import { SourceList, withSources } from './sources.js';

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

/** What the comparison is about: the asked attribute, else the question's own words (places aside). */
function askedThing(q: QuestionAnalysis, subjects: string[]): string[] {
  const lex = lexicon();
  const attribute = q.attribute.flatMap((g) => g.terms);
  if (attribute.length) return attribute;
  return [...new Set(tokenize(q.focus))].filter(
    (t) =>
      t.length >= 2 &&
      !isStopWord(t) &&
      !lex.askingWords.has(t) &&
      !lex.genericNouns.has(t) &&
      !lex.asksComparison.test(t) &&
      !subjects.some((s) => s.includes(t) || t.includes(s)) &&
      !/^\d/.test(t),
  );
}

/**
 * Each subject answered from its own evidence (one line each, cited), then the comparison when
 * both give a figure in the same unit. A subject the bulletins do not answer is said to be missing;
 * the answer is `found` only when every subject is answered.
 */
export function compareAnswer(q: QuestionAnalysis, groups: EvidenceGroup[], decisions: GroupDecision[], retrieved: Citation[]): Answer {
  const en = q.language === 'en';
  const sources = new SourceList();
  const lines: string[] = [];
  const answered: Array<{ subject: string; sentence: string }> = [];
  groups.forEach((g, i) => {
    const d = decisions[i]!;
    const first = d.outcome === 'answer' ? d.sentences[0]?.[0] : undefined;
    if (!first) {
      const instead = d.nearMiss?.check.instead;
      lines.push(
        en ? `${g.subject}: not found in the indexed issues.` : `${g.subject}：已收录的简报中没有找到。${instead ? `（${instead}）` : ''}`,
      );
      return;
    }
    const marker = sources.marker(citationFromChunk(first.chunk, first.sentence, d.probability));
    lines.push(`${g.subject}${en ? ': ' : '：'}${withoutFurniture(first.sentence.trim())}[${marker}]`);
    answered.push({ subject: g.subject, sentence: first.sentence });
  });
  // "分别是多少" asks for each figure; only "哪个更高 / 相比" asks for the comparison.
  const figures =
    lexicon().asksComparison.test(q.focus) && answered.length === groups.length && groups.length >= 2
      ? comparableFigures(
          answered.map((a) => a.sentence),
          q.focus,
          askedThing(
            q,
            groups.map((g) => g.subject),
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
  const found = answered.length === groups.length;
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
