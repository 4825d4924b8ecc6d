import { formatDate, formatNamedIssue } from '../domain/format.js';
import type { ParsedFile } from '../server/ingest-jobs.js';
import type { LastIngest } from '../server/ingest-runner.js';
import { digestOf } from '../subscriptions/digest.js';

/** What an admin is told after an upload: the issue found, its table of contents by category, and whether it is indexed. */
export function describeUpload(parsed: ParsedFile, fileName: string, ingest: LastIngest, replaced: boolean): string {
  const digest = digestOf({ file: fileName, cover: parsed.cover, masthead: { roles: {} }, toc: parsed.toc, warnings: [] });
  const failed = ingest.failed.find((f) => f.file === fileName);
  const state =
    ingest.result === 'failed'
      ? `文件已保存为 ${fileName}，但建立索引失败（${ingest.error ?? '原因见日志'}），暂时还不能回答本期的问题。`
      : failed
        ? `文件已保存为 ${fileName}，但没有收录：${failed.error}`
        : `${replaced ? '已替换并' : '已'}收录，保存为 ${fileName}，现在就可以提问本期内容。`;
  return [
    `${formatNamedIssue(parsed.cover)}，${formatDate(parsed.cover.date)}，${parsed.articles}篇文章。`,
    ...(parsed.cover.headline ? [`本期头条：${parsed.cover.headline}`] : []),
    '本期要目：',
    ...digest.sections.flatMap((s) => [`【${s.category}】`, ...s.entries.map((e) => `${e.pages}　${e.title}`)]),
    ...parsed.warnings.map((w) => `注意：${w}`),
    state,
  ].join('\n');
}
