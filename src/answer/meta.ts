import type { BulletinSummary } from '../domain/corpus.js';
import type { TocEntry } from '../domain/bulletin.js';
import { foldWidth } from '../bulletin/normalize.js';
import { extractFilters, type SearchFilters } from '../search/query.js';
import type { Language } from '../domain/language.js';
import { citationFor, type Citation } from '../domain/citation.js';
import {
  formatCitation,
  formatDate,
  formatIssue,
  formatIssueAsked,
  formatIssueDated,
  formatNamedIssue,
  BULLETIN_NAME,
} from '../domain/format.js';
import type { Answer } from './types.js';
import { texts } from './texts.js';

/**
 * Questions about the bulletins themselves, answered from the parsed covers, mastheads and
 * tables of contents rather than by search: which issues are indexed, the latest or earliest
 * issue, when an issue came out, the articles of an issue, titles containing a word, the editors.
 */
export function answerMeta(question: string, language: Language, bulletins: BulletinSummary[]): Answer | null {
  if (!bulletins.length) return null;
  const q = foldWidth(question).replace(/\s+/g, '');
  const filters = extractFilters(question);
  const byRecency = [...bulletins].sort((a, b) => a.cover.date.localeCompare(b.cover.date));

  let target: BulletinSummary | undefined;
  let named = false;
  const dated = issueDate(q);
  if (filters.number !== undefined || filters.total !== undefined) {
    named = true;
    target = bulletins.find((b) => matchesIssue(b, filters));
  } else if (dated && bulletins.some((b) => b.cover.date === dated)) {
    named = true;
    target = bulletins.find((b) => b.cover.date === dated);
  } else if (/最新|最近一期|最后一期|latest|mostrecent|newest/i.test(q)) target = byRecency.at(-1);
  else if (/最早|最旧|第一期|earliest|oldest|firstissue/i.test(q)) target = byRecency[0];

  if (/主编|编辑|编委|谁编|谁办|主办|哪个单位编|哪家单位|who(edits|publishes|compiles)|editor|publisher/i.test(q) && !/文章|政策/.test(q)) {
    return editors(question, language, target ?? byRecency.at(-1)!);
  }
  if (!target && named && asksAboutIssue(q)) return unknownIssue(question, language, byRecency, filters);
  if (target && asksForArticles(q)) return articlesOf(question, language, target, filters.category);
  if (target && asksForDate(q)) return dateOf(question, language, target);
  if (target && !named && /(最新|最近|最早|最旧|latest|earliest|newest|oldest).{0,8}(期|issue)/i.test(q)) {
    return articlesOf(question, language, target);
  }
  if (!named && asksForIssueList(q)) return issueList(question, language, byRecency);
  return null;
}

function matchesIssue(b: BulletinSummary, f: SearchFilters): boolean {
  return (
    (f.total === undefined || b.cover.total === f.total) &&
    (f.number === undefined || b.cover.number === f.number) &&
    (f.year === undefined || b.cover.year === f.year)
  );
}

function asksForArticles(q: string): boolean {
  return (
    /(哪些|什么|几篇|多少篇)(文章|内容|标题)|哪几篇|收了几篇|收了哪(两|三|几|些)?(份|篇|个)?|哪(两|三|四|几)(份|篇)|目录|要目|都(收|有|登|刊)|收(了|录了)(哪些|什么)|(有|登了|刊登了|包括)哪些|文章有|articles|contents|tableofcontents/i.test(
      q,
    ) && !/关于|涉及|提到|讲|政策里|中提出/.test(q)
  );
}

function asksForDate(q: string): boolean {
  return /哪天|哪一天|何时|什么时候|日期|几号|几月|出版时间|发布时间|印发时间|出的|出刊|when|date/i.test(q);
}

function asksAboutIssue(q: string): boolean {
  return asksForArticles(q) || asksForDate(q) || /有没有|是否收录|收录了吗/.test(q);
}

function asksForIssueList(q: string): boolean {
  return /(收录|索引|已有|有)(了)?(哪些|哪几|几|多少)期|一共(有)?几期|多少期|whichissues|whatissues|howmanyissues|issuesindexed/i.test(q);
}

function citationsOfToc(b: BulletinSummary, entries: TocEntry[]): Citation[] {
  return entries.map((e) => citationFor(b.cover, e, e.title, 1));
}

function make(question: string, language: Language, text: string, citations: Citation[], found = true): Answer {
  return { question, text, found, citations, retrieved: citations.slice(0, 10), language, kind: 'meta' };
}

function articlesOf(question: string, language: Language, b: BulletinSummary, category?: string): Answer {
  const entries = category ? b.toc.filter((e) => e.category === category) : b.toc;
  const citations = citationsOfToc(b, entries);
  const lines = entries.map(
    (e, i) => `${i + 1}. [${e.category}] ${e.title}（${formatCitation(citations[i]!, language, { title: false })}）`,
  );
  const scope = category ? `“${category}”栏目` : '';
  const head =
    language === 'en'
      ? `${formatIssueDated(b.cover, 'en', 'published')} has ${entries.length} articles${category ? ` in ${category}` : ''}:`
      : `${formatIssueDated(b.cover, 'zh', 'published')}${scope}共收录${entries.length}篇文章${entries.length ? '：' : '。'}`;
  return make(question, language, [head, ...lines].join('\n'), citations, entries.length > 0);
}

/** "2023年9月8日那一期": an issue named by its date. */
function issueDate(q: string): string | null {
  const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(q);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

function dateOf(question: string, language: Language, b: BulletinSummary): Answer {
  const c = b.cover;
  const first = citationsOfToc(b, b.toc.slice(0, 1));
  const text =
    language === 'en'
      ? `《${BULLETIN_NAME}》 ${formatIssue(c, 'en')} was published on ${c.date} (${formatDate(c.date)}). Cover story: ${c.headline}.`
      : `${formatNamedIssue(c)}于${formatDate(c.date)}出版，封面文章为《${c.headline}》。`;
  return make(question, language, text, first);
}

function issueList(question: string, language: Language, byRecency: BulletinSummary[]): Answer {
  const head = language === 'en' ? `${byRecency.length} issues are indexed:` : `已收录${byRecency.length}期《${BULLETIN_NAME}》：`;
  const lines = byRecency.map(
    (b, i) => `${i + 1}. ${formatIssueDated(b.cover, language, 'published')}，${b.toc.length}${language === 'en' ? ' articles' : '篇文章'}`,
  );
  const citations = byRecency.flatMap((b) => citationsOfToc(b, b.toc.slice(0, 1)));
  return make(question, language, [head, ...lines].join('\n'), citations);
}

function unknownIssue(question: string, language: Language, byRecency: BulletinSummary[], f: SearchFilters): Answer {
  const asked = formatIssueAsked(f, language);
  const have = byRecency.map((b) => formatIssue(b.cover, language)).join(language === 'en' ? ', ' : '、');
  const text =
    language === 'en'
      ? `Issue ${asked} is not among the ${byRecency.length} indexed issues: ${have}.`
      : `已收录的${byRecency.length}期中没有${asked}。已收录：${have}。`;
  return { question, text, found: false, citations: [], retrieved: [], language, kind: 'meta' };
}

function editors(question: string, language: Language, b: BulletinSummary): Answer {
  const roles = b.masthead.roles;
  const order = [
    '主编',
    '联合主编',
    '学术支持',
    '总编辑',
    '副总编辑',
    '执行编辑',
    '责任编辑',
    '美术编辑',
    '编委会',
    '编辑地址',
    '咨询电话',
    '邮箱',
  ];
  const lines = order.filter((r) => roles[r]).map((r) => `${r}：${roles[r]}`);
  if (!lines.length) return make(question, language, texts(language).noMasthead, [], false);
  const head =
    language === 'en'
      ? `Masthead of ${formatIssueDated(b.cover, 'en', 'published')}:`
      : `据${formatIssueDated(b.cover, 'zh', 'published')}刊头：`;
  return make(question, language, [head, ...lines].join('\n'), citationsOfToc(b, b.toc.slice(0, 1)));
}
