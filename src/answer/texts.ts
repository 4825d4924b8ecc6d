import type { Language } from '../domain/language.js';

/** User-facing sentences, Chinese by default and English for questions asked in English. */
const ZH = {
  answerHead: '根据已收录的《大数据发展动态》：',
  notFound: (issues: number, question: string) => `在已收录的${issues}期《大数据发展动态》中没有找到能回答“${shorten(question)}”的内容。`,
  closest: '最接近的文章：',
  outOfScope:
    '我只回答已收录各期《大数据发展动态》里的内容：国家和地方的数字经济政策、统计数据和白皮书要点，并注明出处。可以这样问：“广东到2027年要培育多少家专精特新‘小巨人’企业？”',
  emptyQuestion: '请输入一个问题，例如：“广东到2027年要培育多少家专精特新‘小巨人’企业？”',
  tooLong: (max: number) => `问题太长了（上限${max}个字），请缩短后再问。`,
  internalError: '抱歉，回答这个问题时出了点问题，请稍后再试。',
  noMasthead: '这一期的刊头信息没有解析出来。',
  modelDown: '（语言模型暂时无法回答，以下是简报原文摘录。）',
  notAQuestion: '这看起来不是一个问题。请用中文描述想了解的内容，例如：“广东到2027年要培育多少家专精特新‘小巨人’企业？”',
};

const EN: typeof ZH = {
  answerHead: 'From the indexed issues of 《大数据发展动态》:',
  notFound: (issues: number, question: string) =>
    `Nothing in the ${issues} indexed issues of 《大数据发展动态》 answers "${shorten(question, 80)}".`,
  closest: 'Closest articles:',
  outOfScope:
    'I answer only from the indexed issues of 《大数据发展动态》: national and local digital-economy policies, statistics and white-paper summaries, with issue and page. For example: "How many little-giant firms does Guangdong plan to foster by 2027?"',
  emptyQuestion: 'Please type a question, for example: "How many little-giant firms does Guangdong plan to foster by 2027?"',
  tooLong: (max: number) => `The question is too long (at most ${max} characters); please shorten it.`,
  internalError: 'Sorry, something went wrong while answering; please try again later.',
  noMasthead: 'The masthead of this issue could not be read.',
  modelDown: '(The language model could not answer just now; here are the passages from the bulletins.)',
  notAQuestion:
    'That does not look like a question. Please ask in Chinese or English, for example: "How many little-giant firms does Guangdong plan to foster by 2027?"',
};

function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function texts(language: Language): typeof ZH {
  return language === 'en' ? EN : ZH;
}
