import { describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../src/ingest/ingest.js';
import { denseDeps, loadEmbedder } from '../../src/app/retrieval.js';
import { MANIFEST_FILE } from '../../src/store/manifest.js';
import { createLogger } from '../../src/util/log.js';
import { testConfig } from '../helpers/config.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { ingestCommand } from '../../src/cli/ingest.js';
import { ask } from '../../src/cli/ask.js';
import { runInProcess } from '../helpers/command.js';
import { manifestOf } from '../helpers/json.js';

/**
 * The state a broken save leaves (a file under both `files` and `failed` in the manifest) survives
 * a restart: the commands, started afresh, read the index as written, report the kept version, and
 * answer from it. (They run in this process: each loads the index from disk as a new process would.)
 */
describe('a kept version after a restart', () => {
  it('is loaded as written by a fresh `ingest` and `ask`, which answer from it and report it', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    // The vitest environment's model (test/tiny-zh), as the processes below load it: they find nothing to rebuild.
    const config = testConfig({});
    const deps = { dense: denseDeps(config, await loadEmbedder(config, createLogger('silent'))) };
    await ingest({ corpusDir: corpus, indexDir }, deps);
    const original = readFileSync(path.join(corpus, 'issue-a.txt'), 'utf8');
    writeFileSync(path.join(corpus, 'issue-a.txt'), original.slice(0, Math.floor(original.length * 0.6)));
    const broken = await ingest({ corpusDir: corpus, indexDir }, deps);
    expect(broken.failed[0]!.kept).toBeDefined();
    const manifestFile = path.join(indexDir, MANIFEST_FILE);
    const written = readFileSync(manifestFile, 'utf8');
    const writtenAt = statSync(manifestFile).mtimeMs;
    const manifest = manifestOf(indexDir);
    expect(Object.keys(manifest.files).sort()).toEqual(['issue-a.txt', 'issue-b.md']);
    expect(Object.keys(manifest.failed)).toEqual(['issue-a.txt']);

    const env = { BULLETINS_DIR: corpus, INDEX_DIR: indexDir, LOG_LEVEL: 'info', LOG_FORMAT: 'text' };
    const ingestRun = await runInProcess(ingestCommand, [], '', env);
    expect(ingestRun.status, ingestRun.stderr).toBe(3);
    expect(ingestRun.stderr).toContain('2 issues,');
    expect(ingestRun.stderr).toContain('1 unchanged, 1 failed with the previous version kept; index already up to date');
    expect(ingestRun.stderr).toContain('1 file(s) failed to parse; the version indexed before is still served:');
    expect(ingestRun.stderr).toMatch(
      /issue-a\.txt: table of contents entry .* has no article in the body — still serving the version indexed \d{4}-\d\d-\d\d \d\d:\d\d \(2031年第9期（总第301期，2031-03-07）, sha256 [0-9a-f]{12}\)/,
    );
    expect(ingestRun.stderr).not.toContain('not indexed');

    const answered = await runInProcess(ask, ['星海市低空物流航线每架次补贴多少？'], '', { ...env, LOG_LEVEL: 'warn' });
    expect(answered.status, answered.stderr).toBe(0);
    expect(answered.stdout).toContain('每架次补贴300元');
    expect(answered.stdout).toContain('《大数据发展动态》2031年第9期（总第301期）第11–16页');
    expect(answered.stderr).toContain('new version not indexed: issue-a.txt');
    // Neither process wrote the index: what they served is the manifest as the broken save left it.
    expect(readFileSync(manifestFile, 'utf8')).toBe(written);
    expect(statSync(manifestFile).mtimeMs).toBe(writtenAt);
  }, 120_000);
});
