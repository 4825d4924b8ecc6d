import type { QuestionAnalysis } from '../question/analyze.js';

/** "有没有收录讲元宇宙的文件？": a yes/no question about what the bulletins hold, answered like a list. */
export function asksWhetherCollected(q: QuestionAnalysis): boolean {
  return (
    q.intent.kind === 'yesno' &&
    /(?:有没有|是否|有无)(?:收录|收|登过|登|刊登|刊载|讲|谈到|提到)?[^，。？?]{0,20}(?:文件|政策|文章|报告|白皮书|方案|措施|规划)|(?:收录|登过|刊登过)[^，。？?]{0,20}吗/.test(
      q.focus,
    )
  );
}

const NEGATION = /免予|免于|无需|无须|不需|不必|不用|不再|不得|禁止|不属于|不包括|不适用|不纳入|不予/;
const AFFIRMATION = /应当|应|须|需要|必须|要求|可以|允许|鼓励|支持/;

/**
 * The yes or no that leads the answer to a yes/no question about a document's content, when the
 * answering sentence says it plainly ("免予申报…" → "不需要。"). Otherwise no lead: the sentence
 * speaks for itself.
 */
export function yesNoLead(question: string, sentence: string): string {
  const needs = /需要|要|必须|得|须/.test(question);
  const may = /能|可以|可否|允许|能否/.test(question);
  if (NEGATION.test(sentence)) return needs ? '不需要。' : may ? '不能。' : '否。';
  if (AFFIRMATION.test(sentence)) return needs ? '需要。' : may ? '可以。' : '';
  return '';
}
