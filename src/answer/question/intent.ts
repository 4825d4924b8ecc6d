import { lexicon } from '../../knowledge/lexicon.js';
/**
 * What a question asks for, read from its wording. Each intent has its own answer shape:
 * - where: the article's citation ("登在哪一期、第几页")
 * - list: every matching article, one line each with why it matches (count questions too)
 * - compare: each subject answered, then the comparison
 * - value: a figure, a date, a year (the sentence that holds it leads)
 * - yesno: yes or no, then the sentence that says so
 * - summary: what a document says or proposes
 * - masthead: a field of the bulletin's masthead (phone, e-mail, editors)
 * - general: anything else; answered like a summary
 */
export type IntentKind = 'where' | 'list' | 'compare' | 'value' | 'yesno' | 'summary' | 'masthead' | 'general';

export interface Intent {
  kind: IntentKind;
  /** A list question that asks how many ("一共几份"). */
  count: boolean;
  /** The wording that decided, for /why. */
  cue: string;
}

const DOC_OR_PLACE =
  '(?:文件|政策|文章|报告|白皮书|方案|措施|意见|规划|计划|办法|指南|公报|通知|文|稿|篇|份|期|地方|省份|省|城市|市|地区|区|部门|机构|单位)';
const LIST = new RegExp(
  [
    `(?:哪些|哪几|都有哪些|有哪几)(?:个|份|篇|项|家|期)?${DOC_OR_PLACE}`,
    // "哪些关于人工智能的文件", "哪几份讲数据要素的政策": documents described by what they are about.
    `(?:哪些|哪几)(?:份|篇|个)?[^，。？?]{1,16}?的(?:政策文件|文件|政策|文章|报告|白皮书)`,
    `${DOC_OR_PLACE}(?:[^，。？?]{0,6})(?:有哪些|有哪几|都有什么|是哪些|是哪几)`,
    `(?:一共|总共|共)(?:有|收了|收录了|登了|登过)?(?:几|多少)(?:份|篇|期)`,
    `(?:几|多少)个(?:文件|政策|地方|省份|城市|报告|白皮书)`,
    `(?:几|多少)(?:份|篇)(?:文件|政策|文章|报告|白皮书)?`,
    `都?(?:收|登|刊|收录|刊登)(?:了|过)?(?:哪些|哪几)|哪几期|分别是哪(?:几)?(?:份|篇|些)`,
    `\\b(?:which|what) (?:documents|articles|issues|provinces|cities|policies|reports|white papers)\\b|\\blist (?:the|all)\\b|\\bhow many (?:documents|articles|issues|policies|reports)\\b`,
  ].join('|'),
  'i',
);
/** "请列全", "列出来": a list when nothing else is asked ("有篇文章列出了…，在哪一期" is a where-question). */
const WEAK_LIST = /列(?:出|全|举)/;
/** A list of documents or issues, not of things inside one document ("《意见》支持哪些地方…"). */
const OF_DOCUMENTS = /文件|政策|文章|报告|白皮书|方案|措施|意见|规划|计划|办法|指南|公报|稿|篇|份|期/;
const COUNT = /一共|总共|共有|共(?:收|登)|几(?:份|篇|期)|多少(?:份|篇|期)|how many/i;
/** "分别", "各自": each subject asked for its own value (a comparison's other words are in the lexicon). */
const EACH = /分别|各自|各(?:打算|要|是|为|有|提出)/;
const WHERE =
  /哪一期|哪期|第几期|哪一页|第几页|几页|页码|从第几页|登在|登过|刊在|刊登在|收在|收录在|载于|出处|在哪(?:里|儿)?(?:能)?(?:找到|看到|查到)|是哪一期|\bwhich issue\b|\bwhat page\b|\bwhere (?:can|do|is|was|did)\b/i;
const VALUE =
  /多少|(?<!哪)几(?:个|家|项|条|份|亿|万|千|百|年|倍|成|次|名|所|座|台|类|种|大块|大类|方面|部|款|户|颗|位|只|场|批)|多大|多高|多长|多快|多久|哪年|哪一年|何时|什么时候|几月|几号|哪天|哪一天|比例|占比|比重|百分之|排第几|第几位|排名第|\bhow (?:many|much|large|big|high|long)\b|\bwhat (?:share|percentage|proportion|rate)\b|\bwhen\b/i;
const YESNO = /有没有|是否|是不是|有无|能不能|可不可以|需不需要|要不要|吗[？?]?\s*$|\b(?:does|do|is|are|can|must|should)\b[^?]*\?\s*$/i;
const SUMMARY =
  /主要内容|讲了什么|说了什么|讲的是什么|提出了(?:什么|哪些)|有哪些(?:内容|任务|举措|措施|要求|方向|目标|重点|亮点)|包括哪些|是什么|怎么(?:做|规定|说|安排|布局)|如何|怎样|什么样|哪几个方面|哪(?:三|四|五|几)(?:个|大|项|类)|\bwhat (?:does|did|are|is)\b/i;
/** Words that can only mean the masthead, and words that do when the question is about the bulletin ("移动电话" is not). */
/** Words that can only mean the masthead: its roles (data/lexicon/masthead.tsv) and how readers ask for them. */
const MASTHEAD = new RegExp(
  [
    ...lexicon().mastheadRoles.map((r) => r.role),
    '联系电话',
    '电话号码',
    '传真',
    '邮箱',
    '电子邮件',
    'e-?mail',
    '编辑部',
    '通讯地址',
    '总编',
    '谁编',
    '谁办',
    '主办单位',
    '\\b(?:e-?mail|editor)\\b',
  ].join('|'),
  'i',
);
const MASTHEAD_IF_ABOUT_BULLETIN = /电话|联系方式|地址|\b(?:phone|address)\b/i;
const ABOUT_BULLETIN = /简报|大数据发展动态|这份刊物|本刊|刊物|杂志|这个(?:简报|刊)|\bbulletin\b/i;

export function classifyIntent(question: string, hasOtherSubject: boolean, namesDocument = false): Intent {
  const q = question;
  const at = (re: RegExp) => re.exec(q)?.[0] ?? '';
  const masthead = at(MASTHEAD) || (ABOUT_BULLETIN.test(q) ? at(MASTHEAD_IF_ABOUT_BULLETIN) : '');
  if (masthead && (ABOUT_BULLETIN.test(q) || !hasOtherSubject)) return { kind: 'masthead', count: false, cue: masthead };
  const list = at(LIST);
  if (list && !(namesDocument && !OF_DOCUMENTS.test(list))) return { kind: 'list', count: COUNT.test(q), cue: list };
  const where = at(WHERE);
  if (where) return { kind: 'where', count: false, cue: where };
  const weak = at(WEAK_LIST);
  if (weak) return { kind: 'list', count: COUNT.test(q), cue: weak };
  const compare = at(EACH) || at(lexicon().asksComparison);
  if (compare && /[和与跟及、]|\band\b|\bvs\b/i.test(q)) return { kind: 'compare', count: false, cue: compare };
  const value = at(VALUE);
  if (value) return { kind: 'value', count: false, cue: value };
  const yesno = at(YESNO);
  if (yesno) return { kind: 'yesno', count: false, cue: yesno };
  const summary = at(SUMMARY);
  if (summary) return { kind: 'summary', count: false, cue: summary };
  return { kind: 'general', count: false, cue: '' };
}
