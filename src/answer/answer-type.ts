/**
 * What kind of answer a question asks for, when it says so: "多少万元" wants an amount in 万元,
 * "占比多少" a percentage, "哪天" a date. A passage without such a value does not answer the
 * question, however many of its words it shares.
 */
const NUMBER = '(?:\\d[\\d.,]*|[一二两三四五六七八九十百千]+)';
const UNITS = [
  '万元',
  '亿元',
  '元',
  '万人',
  '亿人',
  '万户',
  '万家',
  '万',
  '亿',
  '家',
  '个',
  '项',
  '人',
  '户',
  '分',
  '倍',
  '座',
  '台',
  '条',
  '所',
  '次',
  '部',
  '款',
  '件',
  '份',
  '篇',
  '名',
  '位',
  '架',
  '颗',
  '张',
  '平方米',
  '公里',
  '吉瓦',
  '千瓦',
  '年',
];

export function expectedValue(question: string): RegExp | null {
  const unit = new RegExp(`(?:多少|几)(${UNITS.join('|')})`).exec(question)?.[1];
  if (unit) {
    const accept = unit === '万' || unit === '亿' ? `${unit}` : unit;
    return new RegExp(`${NUMBER}\\s*(?:余|多|多万|万|亿)?\\s*${accept}`);
  }
  if (
    /(比例|占比|比重|增速|增长率|渗透率|覆盖率|普及率|(?<![a-z])率)(是|为|达到|达|要达到|有)?多少|百分之多少|多少个百分点/.test(question)
  ) {
    return /\d[\d.]*\s*[%％]|百分之|个百分点/;
  }
  if (/哪天|哪一天|几月几日|几号|截止日期|截至日期|什么日期/.test(question)) return /\d{1,2}\s*月\s*\d{1,2}\s*日/;
  if (/哪一年|哪年/.test(question)) return /\d{4}\s*年/;
  return null;
}
