import { z } from 'zod';
import { formatDate, formatNamedIssue, formatPages, pageSpan } from '../domain/format.js';
import type { BulletinSummary } from '../domain/corpus.js';

/** A new issue as every channel announces it; each renders it its own way (Telegram HTML, a Feishu card). */
export interface Digest {
  /** 总第M期: what makes an issue one issue. */
  total: number;
  /** 《大数据发展动态》2031年第9期（总第301期） */
  title: string;
  /** 2031年3月7日 */
  date: string;
  /** The cover's headline, as the editors wrote it; empty when the cover has none. */
  headline: string;
  /** The table of contents by category, in printed order. */
  sections: Array<{ category: string; entries: Array<{ pages: string; title: string }> }>;
  /** The invitation to ask, with example questions. */
  invitation: string;
}

/** A digest as STATE_DIR/digests.json keeps it until every chat has it. */
export const digestSchema: z.ZodType<Digest> = z.object({
  total: z.number().int(),
  title: z.string(),
  date: z.string(),
  headline: z.string(),
  sections: z.array(z.object({ category: z.string(), entries: z.array(z.object({ pages: z.string(), title: z.string() })) })),
  invitation: z.string(),
});

export function digestOf(b: BulletinSummary): Digest {
  const { number, total } = b.cover;
  const sections: Digest['sections'] = [];
  for (const entry of b.toc) {
    const category = entry.category || '其他';
    let section = sections.at(-1);
    if (!section || section.category !== category) sections.push((section = { category, entries: [] }));
    section.entries.push({ pages: formatPages(pageSpan(entry)), title: entry.title });
  }
  const example = b.toc[0] ? `“${b.toc[0].title}的主要内容是什么？”` : null;
  return {
    total,
    title: formatNamedIssue(b.cover),
    date: formatDate(b.cover.date),
    headline: b.cover.headline,
    sections,
    invitation: ['新一期已收录，可以直接向我提问，例如：', `“第${number}期有哪些文章？”`, ...(example ? [example] : [])].join('\n'),
  };
}

/** The digest as plain text (a fallback for platforms without formatting). */
export function digestText(d: Digest): string {
  return [
    `${d.title}已发布`,
    d.date,
    ...(d.headline ? [`本期头条：${d.headline}`] : []),
    '',
    '本期要目',
    ...d.sections.flatMap((s) => [`【${s.category}】`, ...s.entries.map((e) => `${e.pages}　${e.title}`)]),
    '',
    d.invitation,
  ].join('\n');
}
