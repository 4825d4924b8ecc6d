import type { CorpusData } from '../domain/corpus.js';
import type { OriginalProblem } from '../originals/types.js';
import { formatDate, formatIssue } from '../domain/format.js';

/** What the channels say themselves (answers come from the engine); user-facing, Chinese by default. */
const ZH = {
  help: [
    '我是《大数据发展动态》问答助手，只根据已收录的简报回答，并注明期号和页码。',
    '',
    '可以这样问：',
    '• 广东到2027年要累计培育多少家专精特新“小巨人”企业？',
    '• 哪一期提到广西推动面向东盟的数据跨境流动？',
    '• 第42期有哪些文章？',
    '',
    '命令：/help 帮助 · /sources 上一个回答的来源 · /issues 已收录的各期 · /reset 清空对话',
    '订阅新一期：/subscribe（群里 @我 并说“订阅”），取消：/unsubscribe（“取消订阅”）',
    '每个回答下可以点 👍/👎 告诉我们答得好不好。',
  ].join('\n'),
  reset: '对话已清空，可以开始新的问题。',
  noSources: '还没有回答过问题，暂无来源。',
  nonText: '我只能回答文字提问，请直接输入你的问题。',
  rateLimited: (seconds: number) => `提问有点频繁了，请在约${seconds}秒后再试。`,
  notAllowed: '抱歉，这个机器人目前只对指定用户开放。',
  error: '抱歉，回答这个问题时出了点问题，请稍后再试。',
  sourcesButton: '查看来源',
  sourcesExpired: '这个回答的来源已过期，请重新提问。',
  sourcesHeading: '来源',
  subscribed: '已订阅：每期《大数据发展动态》收录后，我会把日期、期号和本期要目发到这里。发送 /unsubscribe（或“取消订阅”）可以取消。',
  alreadySubscribed: '这里已经订阅过了，新一期收录后会发到这里。',
  unsubscribed: '已取消订阅，这里不会再收到新一期的推送。',
  notSubscribed: '这里还没有订阅。发送 /subscribe（或“订阅”）可以订阅新一期推送。',
  subscriptionsOff: '这里暂不支持订阅新一期推送。',
  uploadNotAllowed: '抱歉，我只接收管理员发送的简报文件；有问题请直接用文字提问。',
  thanksUp: '谢谢反馈！',
  thanksDown: '谢谢反馈，我们会据此改进回答。',
  voteExpired: '这个回答已过期，无法评价；请重新提问。',
  voteRepeated: '已经记录过你对这个回答的评价。',
  subscriptionNotSaved: '订阅设置没有保存成功（服务器暂时无法写入），这里的订阅状态没有改变，请稍后再试。',
  originalButton: '查看原文',
  downloadButton: '下载原文',
  originalPreparing: '正在准备原文，请稍候…',
  noOriginal: '这个回答的来源没有可查看的原文。',
  chooseOriginal: (n: number) => `这个回答有${n}个来源，请选择要查看哪一处原文：`,
  chooseDownload: (n: number) => `这个回答引用了${n}篇文章，请选择要下载哪一篇：`,
  notMarked: '（未能在页面上标出引文的位置）',
  pageOf: (i: number, n: number) => `（共${n}页，第${i}页）`,
  articlePages: (n: number) => `，共${n}页`,
  originalProblem: {
    missing: '抱歉，这一期简报的原文件已不在资料库中，暂时无法查看原文。',
    replaced: '抱歉，这一期简报的原文件在收录后有了改动，为免页码对不上，暂不提供原文，请稍后重新提问。',
    broken: '抱歉，这一期简报的PDF文件无法打开，暂时无法查看原文。',
    'not-pdf': '这一期简报只有文字版，没有可下载的PDF原文。',
    'not-indexed': '抱歉，这个来源所在的一期已不在资料库中，请重新提问。',
    busy: '查看原文的人有点多，请稍等片刻再试。',
    failed: '抱歉，准备原文时出了点问题，请稍后再试。',
    'page-not-found': '抱歉，没能在原文件中找到引用的页面。',
  } satisfies Record<OriginalProblem, string>,
};

/** The same sentences for a user who writes in English. */
const EN: typeof ZH = {
  ...ZH,
  rateLimited: (seconds: number) => `You are asking a little too often; please try again in about ${seconds} s.`,
  notAllowed: 'Sorry, this bot is open to selected users only.',
  error: 'Sorry, something went wrong while answering; please try again later.',
  sourcesButton: 'Sources',
  sourcesExpired: 'The sources of this answer are no longer available; please ask again.',
  sourcesHeading: 'Sources',
  uploadNotAllowed: 'Sorry, I take bulletin files from administrators only; please ask your question in text.',
  subscribed:
    'Subscribed: whenever a new issue of 《大数据发展动态》 is indexed, its date, number and contents come here. Send /unsubscribe to stop.',
  alreadySubscribed: 'This chat is already subscribed; new issues will come here.',
  unsubscribed: 'Unsubscribed: no more new-issue messages here.',
  notSubscribed: 'This chat is not subscribed. Send /subscribe to get every new issue here.',
  subscriptionsOff: 'New-issue messages are not available here.',
  thanksUp: 'Thanks for the feedback!',
  thanksDown: 'Thanks for the feedback; we will use it to improve the answers.',
  voteExpired: 'This answer is no longer available for votes; please ask again.',
  voteRepeated: 'Your vote on this answer is already recorded.',
  subscriptionNotSaved:
    'The subscription could not be saved (the server cannot write right now); nothing changed here. Please try again later.',
  originalButton: 'Original page',
  downloadButton: 'Download article',
  originalPreparing: 'Preparing the original…',
  noOriginal: 'The sources of this answer have no original to show.',
  chooseOriginal: (n: number) => `This answer has ${n} sources; which one would you like to see?`,
  chooseDownload: (n: number) => `This answer cites ${n} articles; which one would you like to download?`,
  notMarked: '(the quoted sentence could not be marked on the page)',
  pageOf: (i: number, n: number) => ` (page ${i} of ${n})`,
  articlePages: (n: number) => `, ${n} page${n === 1 ? '' : 's'}`,
  originalProblem: {
    missing: 'Sorry, the file of this issue is no longer in the library, so its pages cannot be shown.',
    replaced: 'Sorry, the file of this issue has changed since it was indexed; please ask again a little later.',
    broken: 'Sorry, the PDF of this issue cannot be opened, so its pages cannot be shown.',
    'not-pdf': 'This issue is in the library as text only; there is no PDF to download.',
    'not-indexed': 'Sorry, the issue of this source is no longer in the library; please ask again.',
    busy: 'Many people are opening originals right now; please try again in a moment.',
    failed: 'Sorry, something went wrong while preparing the original; please try again later.',
    'page-not-found': 'Sorry, the cited page could not be found in the file.',
  } satisfies Record<OriginalProblem, string>,
};

/**
 * The channel texts: English when the user wrote in English. A bare command (`/subscribe`) says
 * nothing of the user's language: then the platform's language setting for the user decides
 * (`languageHint`, Telegram's language_code), and Chinese without one.
 */
export function channelTexts(userText: string | null = null, languageHint: string | null = null): typeof ZH {
  const words = (userText ?? '').replace(/^\/[A-Za-z]+(?:@\S+)?/, '').trim();
  if (/[A-Za-z\p{Script=Han}]/u.test(words)) return writesEnglish(words) ? EN : ZH;
  return languageHint?.toLowerCase().startsWith('en') ? EN : ZH;
}

/** Latin letters and no Chinese characters: the user writes in English. */
function writesEnglish(text: string): boolean {
  return /[A-Za-z]{2}/.test(text) && !/\p{Script=Han}/u.test(text);
}

export function describeIssues(corpus: CorpusData): string {
  const bulletins = [...corpus.bulletins].sort((a, b) => a.cover.date.localeCompare(b.cover.date));
  if (!bulletins.length) return '还没有收录任何一期。';
  return [
    `已收录${bulletins.length}期《大数据发展动态》：`,
    ...bulletins.map((b) => `• ${formatIssue(b.cover)}，${formatDate(b.cover.date)}，${b.toc.length}篇文章`),
  ].join('\n');
}
