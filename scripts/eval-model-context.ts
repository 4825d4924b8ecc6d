import { createGeneration } from '../src/app/generation.js';
import { defaultConfig } from '../src/config/defaults.js';
import { readSuite } from '../src/eval/manifest.js';
import { loadSuite } from '../src/eval/suite.js';
import { traceAll, mustHits } from '../src/eval/traces.js';
import { silentLogger } from '../src/util/log.js';
import { startFakeOpenAi } from '../test/helpers/fake-openai.js';

/**
 * `npm run eval:model`: the committed question sets answered with a language model configured — an
 * OpenAI-compatible server on 127.0.0.1 that records every request — to measure what the model is
 * shown: the share of answerable questions that reach it, the share of those whose every required
 * fact (the must strings) is in the prompt, the prompt's size, and whether unrelated questions
 * (off-topic unanswerable ones) make a call.
 */
async function main(): Promise<void> {
  const fake = await startFakeOpenAi();
  const suite = readSuite();
  for (const m of suite.missing) process.stderr.write(`skipped ${m.set}: ${m.path} is missing\n`);
  const data = await loadSuite(suite);
  try {
    const config = { ...defaultConfig(), LLM_API_KEY: 'fake-key', LLM_BASE_URL: fake.url, LLM_MAX_RETRIES: 0 };
    const { writer } = createGeneration(config, silentLogger);
    const engines = new Map<string, ReturnType<(typeof data.indexes extends Map<string, infer I> ? I : never)['engine']>>();
    const engineFor = (corpus: string) => {
      let e = engines.get(corpus);
      if (!e) engines.set(corpus, (e = data.indexes.get(corpus)!.engine(undefined, writer ?? undefined)));
      return e;
    };
    const rows: Array<{ kind: string; offTopic: boolean; called: boolean; chars: number; allMust: boolean | null }> = [];
    for (const lq of data.questions) {
      const before = fake.requests.length;
      await traceAll([lq], engineFor);
      // The request that writes the answer (a follow-up's rewrite request carries <history>).
      const answering = fake.requests.slice(before).filter((r) => !(r.body.messages.at(-1)?.content ?? '').includes('<history>'));
      const prompt =
        answering
          .at(-1)
          ?.body.messages.map((m) => m.content)
          .join('\n') ?? '';
      const must = lq.q.must ?? [];
      rows.push({
        kind: lq.q.kind,
        offTopic: lq.q.kind === 'unanswerable' && !lq.q.near,
        called: answering.length > 0,
        chars: prompt.length,
        allMust: must.length && lq.q.kind !== 'locate' && lq.q.kind !== 'meta' ? mustHits(prompt, must).every(Boolean) : null,
      });
    }
    const answerable = rows.filter((r) => r.kind !== 'unanswerable');
    const reached = answerable.filter((r) => r.called);
    const withMust = reached.filter((r) => r.allMust !== null);
    const chars = rows
      .filter((r) => r.called)
      .map((r) => r.chars)
      .sort((a, b) => a - b);
    const offTopic = rows.filter((r) => r.offTopic);
    const share = (n: number, d: number) => `${(n / Math.max(1, d)).toFixed(3)} (${n}/${d})`;
    process.stdout.write(
      [
        `answerable questions that reach the model: ${share(reached.length, answerable.length)}`,
        `of those, every required fact in the prompt: ${share(withMust.filter((r) => r.allMust).length, withMust.length)}`,
        `prompt characters: median ${chars[Math.floor(chars.length / 2)] ?? 0}, 90th percentile ${chars[Math.floor(chars.length * 0.9)] ?? 0}, max ${chars.at(-1) ?? 0}`,
        `unrelated (off-topic) questions that made a call: ${offTopic.filter((r) => r.called).length} of ${offTopic.length}`,
        ...[...new Set(answerable.map((r) => r.kind))].sort().map((k) => {
          const of = answerable.filter((r) => r.kind === k);
          const m = of.filter((r) => r.called && r.allMust !== null);
          return `  ${k.padEnd(12)} reached ${share(of.filter((r) => r.called).length, of.length)}  facts shown ${m.length ? share(m.filter((r) => r.allMust).length, m.length) : '–'}`;
        }),
      ].join('\n') + '\n',
    );
  } finally {
    data.dispose();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
