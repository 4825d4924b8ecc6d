import { lexicon } from '../../knowledge/lexicon.js';

/**
 * Part of a whole that a statistics bulletin breaks its figures into: regions, classes of city,
 * the top few. A sentence about one when the question names none is not the national answer.
 */
const SCOPES =
  /东、中、西部|东部地区|中部地区|西部地区|东北地区|副省级中心城市|中心城市|居前\s*\d*\s*名|前\s*[\d一二三四五六七八九十]+\s*名|排名前/;

export function narrowsScope(sentence: string, question: string): boolean {
  const m = SCOPES.exec(sentence);
  return !!m && !SCOPES.test(question) && !/地区|城市|省份|排名|前几/.test(question);
}

/** "目标是什么", "提出了什么目标": a document states its targets as "到2025年，…" or under 主要目标. */
export function statesTarget(sentence: string, sectionPath: string[]): boolean {
  const periods = [...lexicon().planPeriods.keys()].join('|');
  return (
    new RegExp(`^[^，。；]{0,12}?到\\s*(?:20\\d{2}\\s*年|“?(?:${periods})”?末)`).test(sentence) || sectionPath.some((s) => /目标/.test(s))
  );
}

export const ASKS_TARGET = /目标/;
