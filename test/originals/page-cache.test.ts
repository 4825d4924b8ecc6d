import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/originals/page-cache.js';
import { createLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

const log = createLogger('silent');
const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);
const pause = () => new Promise((r) => setTimeout(r, 30));

describe('the page cache on disk', () => {
  it('keeps at most its size in bytes, deleting the least recently used files first', async () => {
    const dir = tempDir('cache-');
    const cache = await PageCache.open(dir, 1000, log);
    await cache.put('a.png', bytes(400, 1));
    await cache.put('b.png', bytes(400, 2));
    expect(await cache.get('a.png')).toEqual(bytes(400, 1)); // a is now more recent than b
    await cache.put('c.png', bytes(400, 3));
    expect(readdirSync(dir).sort()).toEqual(['a.png', 'c.png']);
    expect(await cache.get('b.png')).toBeNull();
    expect(cache.size).toBe(800);
  });

  it('keeps its order across a restart, from the files’ times, and forgets files deleted behind its back', async () => {
    const dir = tempDir('cache-');
    const first = await PageCache.open(dir, 10_000, log);
    for (const k of ['old.png', 'mid.png', 'new.png']) {
      await first.put(k, bytes(300, 1));
      await pause();
    }
    await first.get('old.png'); // used: most recent now
    await pause();
    const second = await PageCache.open(dir, 700, log); // room for two: the least recently used goes
    expect(readdirSync(dir).sort()).toEqual(['new.png', 'old.png']);
    expect(second.size).toBe(600);
    rmSync(path.join(dir, 'new.png'));
    expect(await second.get('new.png')).toBeNull();
    expect(second.size).toBe(300);
  });

  it('does not keep an entry larger than the whole cache, and refuses keys that are not plain file names', async () => {
    const dir = tempDir('cache-');
    const cache = await PageCache.open(dir, 100, log);
    await cache.put('big.png', bytes(500, 1));
    expect(existsSync(path.join(dir, 'big.png'))).toBe(false);
    expect(await cache.get('big.png')).toBeNull();
    await expect(cache.put('../escape.png', bytes(10, 1))).rejects.toThrow(/not a cache key/);
    expect(await cache.get('../escape.png')).toBeNull();
  });

  it('costs only speed when its folder cannot be written', async () => {
    const file = path.join(tempDir('cache-'), 'a-file');
    writeFileSync(file, 'x');
    const lines: string[] = [];
    const cache = await PageCache.open(
      path.join(file, 'cache'),
      1000,
      createLogger('warn', (l) => lines.push(l)),
    );
    await cache.put('a.png', bytes(10, 1));
    expect(await cache.get('a.png')).toBeNull();
    expect(lines.some((l) => l.includes('page cache'))).toBe(true);
  });
});
