import { findInstitutions } from '../knowledge/institutions.js';
import { findPlaces, type Place } from '../knowledge/places.js';
import { readTable } from '../knowledge/lexicon.js';

/**
 * The kind of thing a question asks for when it is not a value (answer-type.ts reads values): a
 * place ("放在哪座城市"), an institution ("由哪个部门牵头"), whether something may or must be done
 * ("能不能转让"), a principle or way ("按照什么原则"). A sentence that holds such a thing is far more
 * likely to answer than one that only shares the question's words. Vocabulary: data/lexicon/answer-types.tsv.
 */
export interface AnswerKind {
  kind: string;
  asking: RegExp;
  answering: RegExp | null;
}

let kinds: AnswerKind[] | null = null;

function answerKinds(): AnswerKind[] {
  kinds ??= readTable('answer-types.tsv').map(([kind, [asking, answering]]) => ({
    kind,
    asking: new RegExp(asking!, 'i'),
    answering: answering ? new RegExp(answering) : null,
  }));
  return kinds;
}

/** The kind a question part asks for, if it names one. */
export function askedKind(question: string): AnswerKind | null {
  return answerKinds().find((k) => k.asking.test(question)) ?? null;
}

/** Whether a sentence holds a thing of the asked kind that the question does not name itself. */
export function holdsKind(sentence: string, kind: AnswerKind, question: string, extraPlaces?: Map<string, Place[]>): boolean {
  if (kind.kind === 'place') return findPlaces(sentence, extraPlaces).some((p) => !question.includes(p.text));
  if (kind.kind === 'institution')
    return findInstitutions(sentence).some((m) => !question.includes(m.text)) || (kind.answering?.test(sentence) ?? false);
  return kind.answering?.test(sentence) ?? false;
}
