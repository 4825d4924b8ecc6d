import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runNpm } from '../helpers/run.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { observeFault } from './faults.js';

const QUESTION = '澜江省每年安排多少数据要素发展专项资金？';

/**
 * The must-show, with the commands an operator runs: a bulletin overwritten by a version of
 * the same size (one digit changed) whose modification time is then set back (cp -p, rsync -t and
 * some editors do that) is re-indexed by the next `npm run ingest`, and `npm run ask` answers the
 * new wording.
 */
describe('npm run ingest and a same-size overwrite', () => {
  it('npm run ingest re-indexes a same-size overwrite whose modification time was set back, and npm run ask answers its new wording', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const env = {
      BULLETINS_DIR: corpus,
      INDEX_DIR: tempDir('index-'),
      STATE_DIR: tempDir('state-'),
      RETRIEVAL_MODE: 'keyword',
      LOG_LEVEL: 'info',
    };
    const ingest = () => runNpm(['run', '--silent', 'ingest'], '', env);
    const ask = async () => (await runNpm(['run', '--silent', 'ask', '--', QUESTION], '', env)).stdout;

    expect((await ingest()).status).toBe(0);
    expect(await ask()).toContain('省财政每年安排3亿元数据要素发展专项资金');

    const file = path.join(corpus, 'issue-a.txt');
    const before = statSync(file);
    const reference = path.join(tempDir('times-'), 'reference');
    writeFileSync(reference, '');
    execFileSync('touch', ['-r', file, reference]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('每年安排3亿元', '每年安排8亿元'));
    execFileSync('touch', ['-r', reference, file]);
    rmSync(reference);
    expect([statSync(file).size, statSync(file).mtimeMs]).toEqual([before.size, before.mtimeMs]);

    const second = await ingest();
    expect(second.status).toBe(0);
    expect(second.stderr).toMatch(/1 updated/);
    const answer = await ask();
    expect(answer).toContain('省财政每年安排8亿元数据要素发展专项资金');
    observeFault(
      'sameSizeOverwrite',
      `second ingest: “${/\d+ added, \d+ updated[^;]*/.exec(second.stderr)?.[0]}”; ask answers “…每年安排8亿元…”`,
    );
  });
});
