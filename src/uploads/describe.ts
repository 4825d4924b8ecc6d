import { formatDate, formatIssue, formatNamedIssue } from '../domain/format.js';
import type { ParsedFile } from '../server/ingest-jobs.js';
import type { LastIngest } from '../server/ingest-runner.js';
import type { BulletinSummary } from '../domain/corpus.js';
import { digestOf } from '../subscriptions/digest.js';

/**
 * What an admin is told after an upload: the issue found, its table of contents by category, and
 * whether it is answered from now on (`live`: the index being served holds this very content).
 */
export function describeUpload(parsed: ParsedFile, fileName: string, ingest: LastIngest, replaced: boolean, live: boolean): string {
  const digest = digestOf({ file: fileName, cover: parsed.cover, masthead: { roles: {} }, toc: parsed.toc, warnings: [] });
  const failed = ingest.failed.find((f) => f.file === fileName);
  const state =
    ingest.result === 'failed'
      ? `文件已保存为 ${fileName}，但建立索引失败（${ingest.error ?? '原因见日志'}），暂时还不能回答本期的问题。`
      : failed
        ? `文件已保存为 ${fileName}，但没有收录：${failed.error}${failed.kept ? `\n本期仍按${indexedAtText(failed.kept.indexedAt)}收录的原版本回答。` : ''}`
        : live
          ? `${replaced ? '已替换并' : '已'}收录，保存为 ${fileName}，现在就可以提问本期内容。`
          : `文件已保存为 ${fileName}，但正在使用的索引还没有换成包含这份内容的版本，暂时${replaced ? '仍按原来的版本' : '还不能'}回答本期的问题（原因见服务日志和 /healthz）。`;
  return [
    `${formatNamedIssue(parsed.cover)}，${formatDate(parsed.cover.date)}，${parsed.articles}篇文章。`,
    ...(parsed.cover.headline ? [`本期头条：${parsed.cover.headline}`] : []),
    '本期要目：',
    ...digest.sections.flatMap((s) => [`【${s.category}】`, ...s.entries.map((e) => `${e.pages}　${e.title}`)]),
    ...parsed.warnings.map((w) => `注意：${w}`),
    state,
  ].join('\n');
}

/**
 * An upload that does not parse: the parse error, and when it was meant to replace an issue being
 * served (its cover or its name says which), that the indexed version stays in service.
 */
export function describeRefusal(
  fileName: string,
  error: string,
  served: { summary: BulletinSummary; indexedAt: string | null } | null,
): string {
  const lines = [`无法解析“${fileName}”：${error}`, '没有保存任何内容。'];
  if (served) {
    const when = served.indexedAt ? `，${indexedAtText(served.indexedAt)}收录` : '';
    lines.push(
      `已收录的${formatIssue(served.summary.cover)}不受影响，仍按原来的版本回答（文件 ${served.summary.file}${when}）。请修正文件后重新发送。`,
    );
  }
  return lines.join('\n');
}

/** 2031年3月7日 09:30, in this machine's time zone (TZ). */
function indexedAtText(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
