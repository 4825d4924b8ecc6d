import { BulletinParseError } from './parse-error.js';
import type { Cover, Masthead } from '../domain/bulletin.js';
import { foldAlphanumerics, stripMarkdown, tidySpaces } from './normalize.js';

const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const NUMBER = /(?<!总)第\s*(\d{1,4})\s*期/;
const TOTAL = /总\s*第\s*(\d{1,5})\s*期/;
const TITLE_LINE = /^大数据发展动态$/;

export interface CoverParse {
  cover: Cover;
  masthead: Masthead;
}

/**
 * The cover carries the date, 第N期 and 总第M期 (on one line or spread over the next two),
 * then the cover headline until the masthead starts with the bulletin's name again.
 * `lines` are the lines before 本期要目.
 */
export function parseCover(file: string, lines: string[]): CoverParse {
  const plain = lines.map((l) => tidySpaces(stripMarkdown(foldAlphanumerics(l))));
  const dateAt = plain.findIndex((l) => DATE.test(l));
  if (dateAt < 0) throw new BulletinParseError(file, 'no cover date (YYYY年M月D日) before the table of contents');
  const window = plain.slice(dateAt, dateAt + 3).join(' ');
  const date = DATE.exec(window)!;
  const number = NUMBER.exec(window);
  const total = TOTAL.exec(window);
  const missing = [number ? null : '第N期', total ? null : '总第M期'].filter(Boolean);
  if (missing.length) throw new BulletinParseError(file, `no ${missing.join(' and ')} on the cover`);

  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const lastCoverLine = dateAt + plain.slice(dateAt, dateAt + 3).findIndex((l) => TOTAL.test(l));
  const mastheadAt = plain.findIndex((l, i) => i > lastCoverLine && TITLE_LINE.test(l));
  const headlineLines = plain.slice(lastCoverLine + 1, mastheadAt < 0 ? lastCoverLine + 3 : mastheadAt).filter(Boolean);

  return {
    cover: {
      year,
      number: Number(number![1]),
      total: Number(total![1]),
      date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      headline: joinHeadline(headlineLines),
    },
    masthead: parseMasthead(mastheadAt < 0 ? [] : lines.slice(mastheadAt + 1).map((l) => stripMarkdown(foldAlphanumerics(l)))),
  };
}

function joinHeadline(lines: string[]): string {
  return lines.reduce((acc, l) => (!acc ? l : /[A-Za-z]$/.test(acc) && /^[A-Za-z]/.test(l) ? `${acc} ${l}` : acc + l), '');
}

const ROLES = [
  '主编',
  '联合主编',
  '学术支持',
  '编委会',
  '总编辑',
  '副总编辑',
  '执行编辑',
  '责任编辑',
  '美术编辑',
  '咨询电话',
  '邮箱',
  '编辑地址',
  '新媒体',
];

/** Masthead lines are "role value", a role's value may continue on the following lines. */
export function parseMasthead(lines: string[]): Masthead {
  const roles: Record<string, string> = {};
  let current: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || DATE.test(line) || TOTAL.test(line)) continue;
    if (/^声明/.test(line)) break;
    const role = ROLES.find((r) => line.replace(/\s/g, '').startsWith(r) && matchRolePrefix(line, r) !== null);
    if (role) {
      current = role;
      roles[role] = matchRolePrefix(line, role)!.trim();
    } else if (current) {
      roles[current] = `${roles[current]} ${line}`.trim();
    }
  }
  for (const k of Object.keys(roles)) roles[k] = roles[k]!.replace(/\s+/g, ' ').trim();
  return { roles };
}

/** The rest of the line after a role written with or without spaces between its characters ("主 编", "主编"). */
function matchRolePrefix(line: string, role: string): string | null {
  const pattern = new RegExp(`^${[...role].join('\\s*')}[:：]?(?=\\s|$)`);
  const m = pattern.exec(line);
  return m ? line.slice(m[0].length) : null;
}
