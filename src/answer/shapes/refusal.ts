import type { Language } from '../../domain/language.js';
import { citationFor, type Citation } from '../../domain/citation.js';
import { formatCitation } from '../../domain/format.js';
import { texts } from '../texts.js';
import type { Answer } from '../types.js';
import type { Candidate } from '../evidence/types.js';
import type { Check } from '../checks/types.js';
import { checkDefinition } from '../checks/registry.js';
import { uniqueSources } from './unique.js';

/** Why a question was refused, as the refusal tells it. */
export interface RefusalReason {
  /** The closest article that fails a constraint the question states, and that constraint. */
  nearMiss: { candidate: Candidate; check: Check } | null;
  /** Nothing in the bulletins speaks of the question. */
  unrelated: boolean;
}

/**
 * "没有找到": said plainly, then, when a candidate covered the question but failed a constraint,
 * what the bulletins hold instead ("简报收录的是深圳市（副省级城市）的《…》，不是广东省级层面的文件；
 * 其中写道：“…”"), then the closest articles. found is false and no citation is claimed; the near
 * miss leads `retrieved`.
 */
export function refusalAnswer(
  question: string,
  language: Language,
  issues: number,
  retrieved: Citation[],
  decision?: RefusalReason,
  /** The question as resolved, when it was a follow-up ("那武汉呢？" → 武汉元宇宙…): what the reader was not answered. */
  asked?: string,
): Answer {
  const t = texts(language);
  const lines = [t.notFound(issues, asked ?? question)];
  let ranked = retrieved;
  const miss = decision?.nearMiss;
  if (miss?.check.instead) {
    const a = miss.candidate.article;
    const near = citationFor(a.bulletin.cover, a.toc, miss.candidate.window.sentence, miss.candidate.score);
    ranked = [near, ...retrieved.filter((c) => !(c.issue.total === near.issue.total && c.title === near.title))].slice(0, 10);
    lines.push(
      language === 'en'
        ? `Nearest match: ${formatCitation(near, 'en')}, but ${checkDefinition(miss.check.name).mismatchEn}.`
        : `${miss.check.instead}。${miss.check.name === 'year' || miss.check.name === 'period' || miss.check.name === 'place' || miss.check.name === 'level' ? `其中写道：“${miss.candidate.window.sentence}”` : ''}`,
    );
  }
  // A question about something else entirely gets what the bot is for, not articles that share a word with it.
  if (decision && unrelated(decision)) {
    lines.push(t.outOfScope);
    return { question, text: lines.join('\n'), found: false, citations: [], retrieved: ranked, language, kind: 'refusal' };
  }
  const closest = uniqueSources(ranked).slice(0, 3);
  if (closest.length) lines.push(t.closest, ...closest.map((c) => `- ${formatCitation(c, language)}`));
  return { question, text: lines.join('\n'), found: false, citations: [], retrieved: ranked, language, kind: 'refusal' };
}

function unrelated(decision: RefusalReason): boolean {
  return decision.unrelated || decision.nearMiss?.check.name === 'about';
}
