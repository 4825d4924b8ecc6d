import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEngine } from '../../../src/answer/engine.js';
import { MAX_LISTED } from '../../../src/answer/shapes/list.js';
import { engineFor } from '../../helpers/engine.js';
import { tempDir } from '../../helpers/paths.js';
import { writeArchive } from '../../../scripts/archive.js';

const TITLE = '智慧农业发展三年行动方案';

/** Titles in each file's 本期要目 that name the document kind, read with a regex of our own, not the parser. */
function tocTitles(dir: string): Array<{ total: number; title: string }> {
  const found: Array<{ total: number; title: string }> = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const total = Number(/总第\s*(\d+)\s*期/.exec(text)![1]);
    const toc = text.slice(text.indexOf('本期要目'), text.indexOf('本期要目') + 3000);
    for (const m of toc.matchAll(/([\p{Script=Han}]{2,4}省智慧农业发展三年行动方案)/gu)) found.push({ total, title: m[1]! });
  }
  return found;
}

describe('a list longer than a chat message', () => {
  let engine: AnswerEngine;
  let expected: Array<{ total: number; title: string }>;
  beforeAll(async () => {
    const dir = tempDir();
    writeArchive(dir, { issues: 40, seed: 7 });
    expected = tocTitles(dir);
    engine = await engineFor(dir);
  }, 120_000);

  it('counts every matching article and lists the most recent ones, saying so', async () => {
    expect(expected.length).toBeGreaterThan(MAX_LISTED);
    const a = await engine.answer(`哪些省份发布了${TITLE}？`);
    expect(a.found).toBe(true);
    expect(a.text).toContain(`共${expected.length}篇`);
    expect(a.text).toContain(`以下列出最近的${MAX_LISTED}篇`);
    expect(a.citations).toHaveLength(MAX_LISTED);
    // The newest MAX_LISTED, oldest first as in short lists.
    const latest = expected.slice(-MAX_LISTED);
    expect(a.citations.map((c) => `${c.issue.total} ${c.title.replace(/（.*$/, '')}`)).toEqual(latest.map((e) => `${e.total} ${e.title}`));
  });
});
