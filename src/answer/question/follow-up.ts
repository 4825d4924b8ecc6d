import { tagWords } from '../../search/tokenize.js';
import { normalizeQuestion } from './normalize.js';
import { findPlaces, provinceOf, primary, type Place } from '../../knowledge/places.js';
import { findInstitutions } from '../../knowledge/institutions.js';
import type { Turn } from '../types.js';
import { yearsIn } from './constraints.js';
import { lexicon } from '../../knowledge/lexicon.js';

/** How a follow-up was made standalone, for /why. */
export interface FollowUpResolution {
  standalone: string;
  how: 'none' | 'substituted' | 'referred' | 'prefixed' | 'rewritten';
  /** What replaced what ("重庆 → 山东"), or the article referred to. */
  detail: string;
}

/** Short questions that lean on the previous one: "那山东呢？", "要是省级的呢？", "它登在哪一期？" */
const LEANS_ON_PREVIOUS =
  /^(那么?|那个|还有|另外|再|要是|如果是|换成|至于|它|这篇|这份|这个|该|此|上面|上述|刚才|前面|其中|占|比上年|同比|分别|具体|一共|总共)|呢[？?]?\s*$|^(and|what about|how about|and for)\b/i;
const REFERS_TO_ANSWER =
  /^(它|这篇|这份|这个|该|此|上面|上述|刚才|前面)(?:的)?(?:文件|文章|公报|报告|白皮书|方案|意见|政策|规划|办法|措施)?/;
/** Words that can only continue the previous question ("其中…", "那…呢"), whatever else they name. */
const POINTS_BACK = /^(那么?|那个|还有|另外|再|要是|如果是|换成|至于|它|这|该|此|上面|上述|刚才|前面|其中)|呢[？?]?\s*$/;
const LEVEL_WORD = /省级|省里|全省|省一级|省政府/;

/**
 * Without a language model a follow-up is resolved into the previous question's frame, not glued
 * to it: what the follow-up names (a place, a year, an institution) replaces the same kind of
 * thing in the previous standalone question ("重庆…2025年规模目标是多少？" + "那山东呢？" →
 * "山东…2025年规模目标是多少？"). "要是省级的呢？" replaces a city with its province. A follow-up
 * that points at the previous answer ("这篇公报登在哪一期？") names that answer's article. Anything
 * else keeps the previous question's subject in front of the follow-up.
 */
export function resolveFollowUp(question: string, history: Turn[], extraPlaces?: Map<string, Place[]>): FollowUpResolution {
  const previous = history.at(-1);
  const none: FollowUpResolution = { standalone: question, how: 'none', detail: '' };
  if (!previous || question.length > 40 || !LEANS_ON_PREVIOUS.test(question.trim())) return none;
  // The previous question as the engine read it: "黑龍江省…" is 黑龙江省 for the place checks.
  const frame = normalizeQuestion(previous.answer.standaloneQuestion ?? previous.question);
  const ask = question.replace(/^(那么?|那个|还有|另外|再|要是|如果是|换成|至于)\s*/, '').replace(/[呢吗？?。\s]+$/, '');

  const referred = REFERS_TO_ANSWER.exec(question);
  const cited = previous.answer.citations[0];
  if (referred && cited) {
    return { standalone: question.replace(referred[0], `《${cited.title}》`), how: 'referred', detail: cited.title };
  }

  let standalone = frame;
  const changes: string[] = [];
  const newPlaces = findPlaces(ask, extraPlaces);
  const oldPlaces = findPlaces(frame, extraPlaces);
  if (newPlaces.length && oldPlaces.length) {
    standalone = replaceAll(standalone, oldPlaces[0]!.text, newPlaces.map((p) => p.text).join('和'));
    for (const extra of oldPlaces.slice(1)) if (extra.text !== oldPlaces[0]!.text) standalone = standalone.replace(extra.text, '');
    changes.push(`${oldPlaces[0]!.text} → ${newPlaces.map((p) => p.text).join('、')}`);
  } else if (LEVEL_WORD.test(ask) && oldPlaces.length) {
    const province = provinceOf(primary(oldPlaces[0]!));
    if (province && primary(oldPlaces[0]!).level !== 'province') {
      standalone = replaceAll(standalone, oldPlaces[0]!.text, province.name);
      changes.push(`${oldPlaces[0]!.text} → ${province.name}（省级）`);
    }
  }
  const newYears = yearsIn(ask);
  const oldYears = yearsIn(frame);
  if (newYears.length && oldYears.length) {
    standalone = standalone.replace(String(oldYears.at(-1)), String(newYears[0]));
    changes.push(`${oldYears.at(-1)} → ${newYears[0]}`);
  }
  const newInstitutions = findInstitutions(ask);
  const oldInstitutions = findInstitutions(frame);
  if (newInstitutions.length && oldInstitutions.length) {
    standalone = replaceAll(standalone, oldInstitutions[0]!.text, newInstitutions[0]!.text);
    changes.push(`${oldInstitutions[0]!.text} → ${newInstitutions[0]!.text}`);
  }
  if (changes.length) return { standalone, how: 'substituted', detail: changes.join('; ') };

  // "一共有几篇讲人工智能的文章？" after a question about the phone number names its own subject: it stands alone.
  if (!POINTS_BACK.test(question.trim()) && ownSubject(ask, frame)) return none;
  // Nothing of the same kind to replace: the previous question without its asking words, then the follow-up.
  const subject = frame
    .replace(/[？?。]+$/, '')
    .replace(/(?:是|有|为|达到|要达到)?(?:多少|哪些|什么|几[个家项条份])[^，,]*$/, '')
    .trim();
  return { standalone: `${subject}，${ask}？`, how: 'prefixed', detail: subject };
}

function replaceAll(text: string, from: string, to: string): string {
  return text.split(from).join(to);
}

/** True when the follow-up names two or more things of its own that the previous question did not. */
function ownSubject(ask: string, frame: string): boolean {
  const own = tagWords(ask).filter(
    (w) => /^(n|nz|nt|vn|eng|j|l)$/.test(w.tag) && w.word.length >= 2 && !lexicon().genericNouns.has(w.word) && !frame.includes(w.word),
  );
  return new Set(own.map((w) => w.word)).size >= 2 || own.some((w) => w.word.length >= 4);
}
