import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IngestRunner } from '../../src/server/ingest-runner.js';
import { emptyReport } from '../../src/ingest/report.js';
import { silentLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { tempDir } from '../helpers/paths.js';
import { observeFault } from '../reliability/faults.js';

/**
 * A stand-in for src/server/ingest-child.ts that speaks its protocol: a parse waits until the test
 * creates `<file>.release` (an upload's long OCR, held as long as the test likes); an ingest writes
 * the job it got to INDEX_DIR/job.json and is done at once.
 */
function standInChild(dir: string): string {
  const script = path.join(dir, 'child.mjs');
  const report = JSON.stringify(emptyReport());
  writeFileSync(
    script,
    `import { existsSync, writeFileSync } from 'node:fs';
process.once('message', async (job) => {
  if (job.kind === 'parse') {
    while (!existsSync(job.file + '.release')) await new Promise((r) => setTimeout(r, 20));
    process.send({ type: 'done', result: { kind: 'parse', parsed: { cover: {}, toc: [], articles: 0, warnings: [], notes: [] } } });
  } else {
    writeFileSync(job.config.INDEX_DIR + '/job.json', JSON.stringify(job));
    process.send({ type: 'done', result: { kind: 'ingest', report: ${report} } });
  }
  process.disconnect();
});
`,
  );
  return script;
}

describe('the ingest runner', () => {
  it('runs an ingest while an upload is still being parsed', async () => {
    const dir = tempDir('runner-');
    const runner = new IngestRunner(
      testConfig({ INDEX_DIR: dir, BULLETINS_DIR: dir }),
      silentLogger,
      async () => undefined,
      standInChild(dir),
    );
    const staged = path.join(dir, 'upload.pdf');
    const parse = runner.parse(staged, 'upload.pdf');
    let parsed = false;
    void parse.then(() => (parsed = true));
    // The parse cannot end before the test releases it: the ingest must get through beside it.
    const ingested = await runner.ingest('files changed: add 2031-011-303.txt', { rehash: ['2031-011-303.txt'] });
    expect(ingested.result).toBe('ok');
    expect(parsed).toBe(false);
    writeFileSync(`${staged}.release`, '');
    await parse;
    observeFault('parseApart', 'the ingest finished while the upload’s parse was still held; the parse finished after its release');
    runner.stop();
  });

  it('passes the files named by uploads to the ingest, joining the requests that wait for one run', async () => {
    const dir = tempDir('runner-');
    const runner = new IngestRunner(
      testConfig({ INDEX_DIR: dir, BULLETINS_DIR: dir }),
      silentLogger,
      async () => undefined,
      standInChild(dir),
    );
    const first = runner.ingest('one');
    const second = runner.ingest('two', { rehash: ['a.md'] });
    const third = runner.ingest('three', { rehash: ['b.txt'] });
    await Promise.all([first, second, third]);
    expect(existsSync(path.join(dir, 'job.json'))).toBe(true);
    const job = JSON.parse(readFileSync(path.join(dir, 'job.json'), 'utf8'));
    expect(job.rehash.sort()).toEqual(['a.md', 'b.txt']);
    runner.stop();
  });
});
