import type { QuestionAnalysis } from '../question/analyze.js';

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

