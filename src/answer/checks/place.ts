import type { QuestionAnalysis } from '../question/analyze.js';
import { within, samePlace, levelLabel, MUNICIPALITIES, type Place } from '../../knowledge/places.js';
import type { ArticleProfile } from '../articles.js';
import type { Check, EvidenceWindow } from './types.js';

/**
 * A question that names a place is answered from that place's document, or from a passage that
 * names the place. A province's question is not answered from a city's document (湖北省 ≠ 武汉市),
 * nor a city's from another city's; a level asked in words ("省级") must be the issuer's level.
 */
export function placeChecks(q: QuestionAnalysis, article: ArticleProfile, window: EvidenceWindow, articleText: string): Check[] {
  const checks: Check[] = [];
  const issuers = article.titlePlaces.map((m) => m.places[0]!);
  const issuerLabel = issuers.length ? `${article.titlePlaces.map((m) => m.text).join('')}（${levelLabel(issuers.at(-1)!)}）` : '国家层面';
  for (const mention of q.constraints.places) {
    const asked = mention.places[0]!;
    const matches = (p: Place) => mention.places.some((a) => samePlace(a, p));
    if (issuers.some(matches)) {
      checks.push({ name: 'place', ok: true, detail: `${mention.text} issued this document` });
      continue;
    }
    const issuerWithin = issuers.find((p) => mention.places.some((a) => within(p, a)));
    // "广东…" is answered from 广东's documents, not 深圳's (a where-question describes an article, and may).
    if (issuerWithin && (mention.explicitLevel || q.constraints.level || q.intent.kind !== 'where')) {
      checks.push({
        name: 'place',
        ok: false,
        detail: `asked ${mention.text} (${levelLabel(asked)}); the document is ${issuerLabel}`,
        instead: `简报收录的是${issuerLabel}的《${article.toc.title}》，不是${mention.text}${levelLabel(asked)}层面的文件`,
      });
      continue;
    }
    // A where-question describes the article, and a place outside the clause that asks only sets
    // the scene ("在浙江桐乡开的那场盛会，一共来了多少…"): the place may be anywhere in the article.
    // The subject of a figure stands in the sentence that gives it or the one before.
    const subject = inAskingClause(q.focus, mention.index);
    const scope =
      q.intent.kind === 'where' || !subject ? articleText : q.intent.kind === 'value' ? window.before + window.sentence : window.text;
    const inWindow = scope.includes(mention.text.toLowerCase()) || scope.includes((asked.short || asked.name).toLowerCase());
    if (
      issuerWithin ||
      inWindow ||
      (!issuers.length && articleText.includes((asked.short || asked.name).toLowerCase()) && q.intent.kind !== 'value')
    ) {
      checks.push({
        name: 'place',
        ok: true,
        detail: issuerWithin ? `${mention.text} contains the issuer` : `the passage names ${mention.text}`,
      });
      continue;
    }
    checks.push({
      name: 'place',
      ok: false,
      detail: `asked ${mention.text}; the document is ${issuerLabel} and the passage does not name ${mention.text}`,
      instead: issuers.length
        ? `简报收录的是${issuerLabel}的《${article.toc.title}》，没有${mention.text}的`
        : `《${article.toc.title}》中没有讲到${mention.text}的情况`,
    });
  }
  const level = q.constraints.level;
  if (level && level !== 'national' && issuers.length) {
    const issuer = issuers.at(-1)!;
    const municipality = MUNICIPALITIES.includes(issuer.short);
    const ok =
      (level === 'province' && issuer.level === 'province') ||
      (level === 'city' && (issuer.level === 'city' || municipality)) ||
      (level === 'district' && (issuer.level === 'district' || issuer.level === 'county' || issuer.level === 'new-area'));
    checks.push({
      name: 'level',
      ok,
      detail: `asked ${level} level; the issuer is ${issuerLabel}`,
      instead: ok ? undefined : `简报收录的是${issuerLabel}的《${article.toc.title}》`,
    });
  }
  if (level === 'national' && issuers.length)
    checks.push({
      name: 'level',
      ok: false,
      detail: `asked national level; the issuer is ${issuerLabel}`,
      instead: `简报收录的是${issuerLabel}的《${article.toc.title}》，不是国家层面的文件`,
    });
  return checks;
}

/** True when the text at `index` is in the clause that asks (the one with 多少/几/哪/什么 …). */
function inAskingClause(question: string, index: number): boolean {
  const start = Math.max(question.lastIndexOf('，', index), question.lastIndexOf(',', index), question.lastIndexOf('；', index)) + 1;
  const rest = question.slice(start);
  const end = rest.search(/[，,；;？?。]/);
  const clause = end >= 0 ? rest.slice(0, end) : rest;
  return /多少|几|哪|什么|怎么|如何|是否|吗|呢/.test(clause) || !/[，,；;]/.test(question);
}
