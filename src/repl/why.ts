import type { Explain } from '../answer/explain-data.js';
import { paint, type TerminalStyle } from './terminal.js';
import { formatPages, pageSpan } from '../domain/format.js';

/** /why: the answer decision of the last answer, for a tester reading a terminal. */
export function formatWhy(e: Explain | undefined, style: TerminalStyle, candidates = 5): string {
  if (!e) return '上一个回答没有可显示的判断过程。';
  const head = (t: string) => paint(style, 'bold', t);
  const c = e.constraints;
  const constraintParts = [
    c.years.length ? `年份 ${c.years.join('、')}` : '',
    c.months ? `月份 ${c.months[0]}—${c.months[1]}月` : '',
    c.places.length ? `地点 ${c.places.map((p) => `${p.text}(${p.level})`).join('、')}` : '',
    c.level ? `层级 ${c.level}` : '',
    c.excluded.length ? `排除 ${c.excluded.join('、')}` : '',
    c.documents.length ? `文件 ${c.documents.map((d) => `《${d}》`).join('、')}` : '',
    c.institutions.length ? `机构 ${c.institutions.join('、')}` : '',
    c.quotes.length ? `引语 ${c.quotes.map((q) => `“${q}”`).join('、')}` : '',
    c.attribute.length ? `所问 ${c.attribute.map((g) => g.join('、')).join(' / ')}` : '',
  ].filter(Boolean);
  const filters = Object.entries(e.filters)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`);
  const lines = [
    `${head('问题')}  ${e.normalized}`,
    ...(e.standalone !== e.normalized ? [`${head('独立问题')}  ${e.standalone}（${e.followUp.how}: ${e.followUp.detail}）`] : []),
    ...(e.focus !== e.standalone ? [`${head('检索用')}  ${e.focus}`] : []),
    `${head('意图')}  ${e.intent.kind}${e.intent.cue ? `（“${e.intent.cue}”）` : ''}${e.intent.count ? '，计数' : ''}`,
    ...(e.parts && e.parts.length > 1 ? [`${head('分问')}  ${e.parts.map((p, i) => `${i + 1}) ${p}`).join('  ')}`] : []),
    `${head('筛选')}  ${filters.length ? filters.join(' ') : '无'}`,
    `${head('约束')}  ${constraintParts.length ? constraintParts.join('；') : '无'}`,
  ];
  if (e.retrieval)
    lines.push(
      `${head('检索')}  ${e.retrieval.mode}；词 ${e.retrieval.tokens.slice(0, 16).join(' ')}${e.retrieval.expansions.length ? `；同义扩展 ${e.retrieval.expansions.join(' ')}` : ''}`,
    );
  if (e.candidates.length) {
    lines.push(head('候选'));
    for (const cand of e.candidates.slice(0, candidates)) {
      const ranks = [
        cand.keyword ? `关键词 #${cand.keyword.rank} ${cand.keyword.score}` : '',
        cand.dense ? `向量 #${cand.dense.rank} ${cand.dense.score}` : '',
        cand.fused ? `融合 ${cand.fused.score}` : '',
      ].filter(Boolean);
      const mark = cand.passed ? paint(style, 'green', '✓') : paint(style, 'red', '✗');
      lines.push(
        `  ${mark} ${cand.rank}. 《${cand.title}》 ${cand.issue} ${formatPages(pageSpan({ page: cand.pages[0], endPage: cand.pages[1] }))}`,
      );
      lines.push(
        `     ${ranks.join('，')}${ranks.length ? '；' : ''}覆盖 窗口 ${cand.coverage} / 全文 ${cand.articleCoverage} / 主题 ${cand.topicCoverage}`,
      );
      lines.push(`     句子：${cand.sentence.length > 80 ? `${cand.sentence.slice(0, 80)}…` : cand.sentence}`);
      if (cand.score !== undefined) lines.push(`     作答模型概率 ${cand.score}`);
      cand.sentences?.forEach((part, p) =>
        part.forEach((s, i) =>
          lines.push(
            `     ${(cand.sentences?.length ?? 0) > 1 ? `分问${p + 1} ` : ''}句${i + 1} ${s.score}：${s.sentence.length > 60 ? `${s.sentence.slice(0, 60)}…` : s.sentence}`,
          ),
        ),
      );
      for (const check of cand.checks)
        lines.push(`     ${check.ok ? paint(style, 'green', '✓') : paint(style, 'red', '✗')} ${check.name}：${check.detail}`);
    }
  }
  if (e.list) {
    lines.push(`${head('列表')}  ${e.list.matched}篇符合；条件 ${JSON.stringify(e.list.criteria)}`);
    for (const a of e.list.articles.slice(0, candidates * 2))
      lines.push(
        `  · 《${a.title}》 ${a.issue}（${a.reason}）${a.sentence ? `：${a.sentence.length > 50 ? `${a.sentence.slice(0, 50)}…` : a.sentence}` : ''}`,
      );
  }
  if (e.evidence?.length) {
    const chars = e.evidence.reduce((n, p) => n + p.chars, 0);
    lines.push(`${head('证据')}  ${e.evidence.length}段，${chars}字（给语言模型看的内容）`);
    for (const p of e.evidence.slice(0, candidates * 2)) lines.push(`  · [${p.role}] ${p.source}：${p.text}`);
    if (e.evidence.length > candidates * 2) lines.push(`  · …另有${e.evidence.length - candidates * 2}段`);
  }
  const d = e.decision;
  const bar = d.bar ? `；${d.bar.measure} ${d.bar.measured}，门槛 ${d.bar.name} = ${d.bar.value}` : '';
  lines.push(
    `${head('判断')}  ${d.path} → ${d.answered ? paint(style, 'green', '作答') : paint(style, 'yellow', '不作答')}：${d.reason}${bar}`,
  );
  if (d.failedCheck) lines.push(`${head('未通过')}  ${d.failedCheck.name}：${d.failedCheck.detail}`);
  for (const s of e.subjects ?? []) lines.push(`  · ${s.subject}：${s.answered ? '作答' : '不作答'}（${s.reason}）`);
  if (e.model) lines.push(`${head('语言模型')}  ${e.model.called ? '已调用' : '未调用'}：${e.model.reason}`);
  if (e.model?.removed?.length) {
    lines.push(`${head('删去')}  模型回答中未通过核对的内容${e.model.fellBack ? '（全部未通过，改用摘录回答）' : ''}：`);
    for (const r of e.model.removed) lines.push(`  ${paint(style, 'red', '✗')} ${r.text}（${r.reason}）`);
  }
  return lines.join('\n');
}
