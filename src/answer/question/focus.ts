/**
 * Long questions carry background before the question ("我在福州开了一家小公司……像我们这种情况，
 * 一年至少要买多少算力才能申报？"). Retrieval and evidence read the question part: the sentences that
 * ask, and from the background only the clauses that name a document, an issuer or a place.
 */
const LONG = 40;
const ASKS =
  /[？?]|吗|呢|多少|哪|什么|几[个家项条份亿万次年月天号成倍]|怎么|如何|怎样|是否|有没有|能否|可否|\b(what|which|how|when|where|who|why|does|is|are|can)\b/i;
const NAMES_SOMETHING = /《|[省市区县厅局委部院]|方案|意见|措施|规划|计划|办法|指南|白皮书|报告|公报|通知|条例|政策|文件/;
/** First-person filler that names nothing in the bulletins. */
const FILLER = /^(我|我们|我司|本人|听说|最近|前几天|之前|请问|想问|麻烦|你好|您好)/;

/** A clause about the asker ("我在福州开了一家小公司", "像我们这种情况"), not about a document. */
const FIRST_PERSON = /我们|咱们|本人|我司|听说|我(?![国省市区])/;

export function questionFocus(question: string): string {
  if (question.length <= LONG) return question;
  const sentences = question.match(/[^。！？!?；;\n]+[。！？!?；;\n]*/g) ?? [question];
  if (!sentences.some((s) => ASKS.test(s))) return question;
  const kept: string[] = [];
  for (const sentence of sentences) {
    const asking = ASKS.test(sentence);
    for (const clause of sentence.split(/(?<=[，,、：:])/)) {
      const c = clause.trim();
      if (!c) continue;
      const names = NAMES_SOMETHING.test(c);
      // Background sentences keep only what names something; in the asking sentence a clause about
      // the asker ("像我们这种情况") goes unless it names something or asks.
      if (names || ASKS.test(c) || (asking && !FIRST_PERSON.test(c))) kept.push(names ? c.replace(FILLER, '') : c);
    }
  }
  const focus = kept.join('').replace(/^[，,、：:]+/, '');
  return focus && focus.length < question.length ? focus : question;
}
