import type { Language } from '../../domain/language.js';
import { citationFor, type Citation } from '../../domain/citation.js';
import { formatCitation } from '../../domain/format.js';
import { texts } from '../texts.js';
import type { Answer } from '../types.js';
import type { Decision } from '../answerability/decide.js';
import { uniqueSources } from './unique.js';

/**
 * "没有找到": said plainly, then, when a candidate covered the question but failed a constraint,
 * what the bulletins hold instead ("简报收录的是深圳市（副省级城市）的《…》，不是广东省级层面的文件；
 * 其中写道：“…”"), then the closest articles. found is false and no citation is claimed; the near
 * miss leads `retrieved`.
 */
export function refusalAnswer(question: string, language: Language, issues: number, retrieved: Citation[], decision?: Decision): Answer {
  const t = texts(language);
  const lines = [t.notFound(issues, question)];
  let ranked = retrieved;
  const miss = decision?.nearMiss;
  if (miss?.check.instead) {
    const a = miss.candidate.article;
    const near = citationFor(a.bulletin.cover, a.toc, miss.candidate.window.sentence, miss.candidate.coverage);
    ranked = [near, ...retrieved.filter((c) => !(c.issue.total === near.issue.total && c.title === near.title))].slice(0, 10);
    lines.push(
      language === 'en'
        ? `Closest: ${formatCitation(near, 'en')} — it does not match the question (${miss.check.detail}).`
        : `${miss.check.instead}。${miss.check.name === 'year' || miss.check.name === 'period' || miss.check.name === 'place' || miss.check.name === 'level' ? `其中写道：“${miss.candidate.window.sentence}”` : ''}`,
    );
  }
  const closest = uniqueSources(ranked).slice(0, 3);
  if (closest.length) lines.push(t.closest, ...closest.map((c) => `- ${formatCitation(c, language)}`));
  return { question, text: lines.join('\n'), found: false, citations: [], retrieved: ranked, language, kind: 'refusal' };
}
