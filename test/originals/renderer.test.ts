// @module-tag process
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PageJob } from '../../src/originals/render-jobs.js';
import { PageRenderer } from '../../src/originals/renderer.js';
import { createLogger } from '../../src/util/log.js';
import { producerFixtures } from '../helpers/pdf-fixtures.js';

const fx = producerFixtures().find((f) => f.producer === 'writer')!;
const sentence = fx.truth.pages
  .find((p) => p.printed === 2)!
  .body.replace(/\s+/g, '')
  .match(/[^。]{15,}。/)![0];
const job: PageJob = {
  kind: 'page',
  file: fx.pdf,
  sha256: createHash('sha256').update(readFileSync(fx.pdf)).digest('hex'),
  article: [1, 2],
  pages: [2, 2],
  quote: sentence,
  width: 600,
};

describe('the renderer process', () => {
  let renderer: PageRenderer | null = null;
  afterEach(async () => renderer?.close());

  it('renders in a process of its own, survives a failed job and a crash, and says how much memory it took', async () => {
    renderer = new PageRenderer(createLogger('silent'));
    const first = await renderer.run(job);
    expect(first.kind === 'page' && first.pages.map((p) => [p.printed, p.highlighted, p.width])).toEqual([[2, true, 600]]);
    const peak = await renderer.peakMemory();
    expect(peak).toBeGreaterThan(50 << 20);
    const child = (renderer as unknown as { child: ChildProcess }).child;
    expect(child.pid).not.toBe(process.pid);

    await expect(renderer.run({ ...job, file: `${fx.pdf}.gone` })).rejects.toMatchObject({ problem: 'missing' });
    await expect(renderer.run({ ...job, sha256: '0'.repeat(64) })).rejects.toMatchObject({ problem: 'replaced' });

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const again = await renderer.run(job);
    expect(again.kind).toBe('page');
    expect((renderer as unknown as { child: ChildProcess }).child.pid).not.toBe(child.pid);
  });

  it('refuses jobs beyond those it may keep waiting, and gives up a job that overruns', async () => {
    renderer = new PageRenderer(createLogger('silent'), { maxWaiting: 1, jobTimeoutMs: 60_000 });
    const running = renderer.run(job);
    await expect(renderer.run(job)).rejects.toMatchObject({ problem: 'busy' });
    await running;
    await renderer.close();

    renderer = new PageRenderer(createLogger('silent'), { jobTimeoutMs: 1 });
    await expect(renderer.run(job)).rejects.toMatchObject({ problem: 'failed' });
  });
});
