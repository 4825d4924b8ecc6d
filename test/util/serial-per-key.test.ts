import { describe, expect, it } from 'vitest';
import { SerialPerKey } from '../../src/util/serial-per-key.js';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SerialPerKey', () => {
  it('runs work of one key one at a time in order, other keys alongside, and forgets a key once it runs dry', async () => {
    const serial = new SerialPerKey();
    const events: string[] = [];
    const a1 = deferred();
    const a2 = deferred();
    const b1 = deferred();
    const job = (name: string, d: ReturnType<typeof deferred>) => async () => {
      events.push(`start ${name}`);
      await d.promise;
      events.push(`end ${name}`);
      return name;
    };
    const ra1 = serial.run('a', job('a1', a1));
    const ra2 = serial.run('a', job('a2', a2));
    const rb1 = serial.run('b', job('b1', b1));
    await tick();
    // a2 waits for a1; b1 does not wait for anything.
    expect(events).toEqual(['start a1', 'start b1']);
    a2.resolve(); // finishing early changes nothing: a2 has not started
    b1.resolve();
    await tick();
    expect(events).toEqual(['start a1', 'start b1', 'end b1']);
    a1.resolve();
    expect(await Promise.all([ra1, ra2, rb1])).toEqual(['a1', 'a2', 'b1']);
    expect(events).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
    await tick();
    expect(serial.size).toBe(0);
  });

  it('goes on with the next work of a key after one fails, and hands the failure to its caller only', async () => {
    const serial = new SerialPerKey();
    const failing = serial.run('a', () => Promise.reject(new Error('boom')));
    const next = serial.run('a', () => Promise.resolve('after'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });
});
