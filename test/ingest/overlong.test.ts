import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/ingest.js';
import { loadIndex } from '../../src/store/load-index.js';
import { denseDeps, loadEmbedder } from '../../src/app/retrieval.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import type { Chunk } from '../../src/domain/chunk.js';
import { createLogger } from '../../src/util/log.js';
import { fixtureCorpus, tempDir } from '../helpers/paths.js';
import { testConfig } from '../helpers/config.js';

/** The issues of the fixtures, as test/fixtures/bulletins.md lists them. */
const ISSUE_OF: Record<string, string> = { 'issue-a.txt': '2031年第9期（总第301期）', 'issue-b.md': '2031年第10期（总第302期）' };

/**
 * Tokens of a chunk as the model reads it, counted here without the tokenizer: the test model's
 * vocabulary holds every character of the fixtures, each one token, plus [CLS] and [SEP]; the
 * model reads the title in 《》, the headings and the text.
 */
function tokensByHand(c: Chunk): number {
  const read = `《${c.title}》${c.sectionPath.join('')}${c.text}`;
  return [...read].filter((ch) => !/\s/u.test(ch)).length + 2;
}

describe('chunks longer than the embedding model reads', () => {
  let embedder: Embedder;
  const config = testConfig({});
  beforeAll(async () => {
    embedder = (await loadEmbedder(config, createLogger('silent')))!;
  });
  /** The test model as if it read only `maxTokens` tokens (its real limit, 512, is past every fixture chunk). */
  const reading = (maxTokens: number, withTokenizer = true): Embedder => ({
    settings: { ...embedder.settings, maxTokens },
    embedDocuments: (texts, onBatch) => embedder.embedDocuments(texts, onBatch),
    embedQuery: (text) => embedder.embedQuery(text),
    ...(withTokenizer ? { countTokens: (text: string) => embedder.countTokens!(text) } : {}),
  });

  it('are named in the ingest log with their article and counted in the report; the rest are not', async () => {
    const corpus = fixtureCorpus('issue-a.txt', 'issue-b.md');
    const indexDir = tempDir();
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    const report = await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, reading(200)), log });
    const chunks = (await loadIndex(indexDir)).corpus.chunks;
    const expected = chunks.filter((c) => tokensByHand(c) > 200);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(chunks.length);
    expect(report.overlong).toBe(expected.length);
    expect(lines).toHaveLength(expected.length);
    for (const c of expected)
      expect(lines).toContainEqual(
        expect.stringContaining(
          `chunk longer than test/tiny-zh reads: ${c.file} ${ISSUE_OF[c.file]}《${c.title}》 chunk ${c.ordinal + 1}, ${tokensByHand(c)} tokens (by its tokenizer) > 200; its vector covers only the first 200`,
        ),
      );

    // Flagged once, when embedded: vectors are stored, and an unchanged corpus embeds nothing.
    lines.length = 0;
    const again = await ingest({ corpusDir: corpus, indexDir }, { dense: denseDeps(config, reading(200)), log });
    expect(again).toMatchObject({ embedded: 0, overlong: 0 });
    expect(lines).toEqual([]);
  });

  it('fit the model as it is: none is flagged at its real 512 tokens', async () => {
    const report = await ingest(
      { corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md'), indexDir: tempDir() },
      { dense: denseDeps(config, embedder) },
    );
    expect(report.embedded).toBeGreaterThan(0);
    expect(report.overlong).toBe(0);
  });

  it('without the tokenizer, are found by an upper bound from characters, and a flood is cut short', async () => {
    const indexDir = tempDir();
    const lines: string[] = [];
    const report = await ingest(
      { corpusDir: fixtureCorpus('issue-a.txt', 'issue-b.md'), indexDir },
      { dense: denseDeps(config, reading(10, false)), log: createLogger('warn', (l) => lines.push(l)) },
    );
    const chunks = (await loadIndex(indexDir)).corpus.chunks;
    expect(report.overlong).toBe(chunks.length);
    expect(lines).toHaveLength(21);
    expect(lines[0]).toContain('(at most, counted from characters) > 10');
    expect(lines[20]).toContain(`… and ${chunks.length - 20} more chunks longer than 10 tokens`);
  });
});
