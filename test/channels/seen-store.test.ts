import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryDeliveryLog, SeenStore } from '../../src/channels/seen-store.js';
import { createLogger, silentLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

describe('SeenStore', () => {
  it('claims an id once, across a restart, until the TTL has passed', async () => {
    const file = path.join(tempDir(), 'seen.jsonl');
    let now = 1_000_000;
    const a = await SeenStore.open(file, 8 * 3600_000, silentLogger, () => now);
    expect(a.claim('msg:1', 'evt:1')).toBe(true);
    expect(a.claim('msg:1')).toBe(false);
    expect(a.claim('evt:1', 'msg:other')).toBe(false);
    await a.flush();
    const b = await SeenStore.open(file, 8 * 3600_000, silentLogger, () => now);
    expect(b.claim('msg:1')).toBe(false);
    now += 8 * 3600_000 + 1;
    const c = await SeenStore.open(file, 8 * 3600_000, silentLogger, () => now);
    expect(c.claim('msg:1')).toBe(true);
  });

  // Made unwritable by putting a folder where the file goes: chmod does not stop root, which CI may be.
  it('says once when it cannot write, keeps de-duplicating in memory, and writes everything back once it can', async () => {
    const file = path.join(tempDir(), 'seen.jsonl');
    const logs: string[] = [];
    const store = await SeenStore.open(
      file,
      3600_000,
      createLogger('info', (l) => logs.push(l)),
    );
    await store.flush();
    expect(store.problem()).toBeNull();
    rmSync(file);
    mkdirSync(file);
    expect(store.claim('msg:a')).toBe(true);
    expect(store.claim('msg:b')).toBe(true);
    await store.flush();
    expect(store.claim('msg:a')).toBe(false);
    expect(store.problem()).toMatch(/not writable: EISDIR/);
    expect(logs.filter((l) => l.includes('state store cannot be written'))).toHaveLength(1);

    rmSync(file, { recursive: true });
    expect(store.claim('msg:c')).toBe(true);
    await store.flush();
    await store.flush();
    expect(store.problem()).toBeNull();
    expect(logs.some((l) => l.includes('state store writable again'))).toBe(true);
    const ids = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(expect.arrayContaining(['msg:a', 'msg:b', 'msg:c']));
  });

  it('starts in memory when its folder cannot be made, and says why', async () => {
    const notAFolder = path.join(tempDir(), 'file');
    writeFileSync(notAFolder, '');
    const store = await SeenStore.open(path.join(notAFolder, 'seen.jsonl'), 3600_000, silentLogger);
    expect(store.problem()).toMatch(/ENOTDIR|EEXIST/);
    expect(store.claim('x')).toBe(true);
    expect(store.claim('x')).toBe(false);
  });
});

describe('MemoryDeliveryLog', () => {
  it('claims each id once', () => {
    const log = new MemoryDeliveryLog(2);
    expect(log.claim('a', 'b')).toBe(true);
    expect(log.claim('b')).toBe(false);
    expect(log.problem()).toBeNull();
  });
});
