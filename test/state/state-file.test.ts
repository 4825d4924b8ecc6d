import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DamagedFiles } from '../../src/state/damaged-files.js';
import { jsonFormat, readLastGood, readStateFile, writeStateFile } from '../../src/state/state-file.js';
import { SubscriptionStore } from '../../src/subscriptions/store.js';
import { silentLogger } from '../../src/util/log.js';
import { tempDir } from '../helpers/paths.js';

const LIST = jsonFormat('a list', (v) => {
  if (!Array.isArray(v)) throw new Error('not an array');
  return v as number[];
});

describe('the state file loader', () => {
  it('reads a sound file, says absent for a missing one, and moves a damaged one aside under a name with the time', async () => {
    const dir = tempDir('state-');
    const file = path.join(dir, 'list.json');
    expect(await readStateFile(file, LIST)).toEqual({ kind: 'absent' });
    writeFileSync(file, '[1,2]');
    expect(await readStateFile(file, LIST)).toEqual({ kind: 'ok', value: [1, 2] });
    writeFileSync(file, '[1,');
    const read = await readStateFile(file, LIST, () => new Date('2031-03-07T09:30:00.000Z'));
    expect(read).toMatchObject({ kind: 'damaged', damaged: { file, reason: expect.stringMatching(/^not a list: /) as string } });
    expect(readdirSync(dir)).toEqual(['list.json.damaged-2031-03-07T09-30-00-000Z']);
    expect(readFileSync(path.join(dir, 'list.json.damaged-2031-03-07T09-30-00-000Z'), 'utf8')).toBe('[1,');
  });

  it('keeps a last good copy for files rebuilt from one', async () => {
    const dir = tempDir('state-');
    const file = path.join(dir, 'list.json');
    await writeStateFile(file, '[3]', { keepGood: true });
    writeFileSync(file, '\u0000\u0000');
    expect((await readStateFile(file, LIST)).kind).toBe('damaged');
    expect(await readLastGood(file, LIST)).toEqual([3]);
  });

  it('rebuilds a truncated subscription list from its last good copy and lists the damage until the copy is removed', async () => {
    const dir = tempDir('state-');
    const first = await SubscriptionStore.open(dir);
    await first.add('telegram', '61', true);
    await first.add('feishu', 'oc_2', false);
    const file = path.join(dir, 'subscriptions.json');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const damaged = new DamagedFiles(dir, silentLogger);
    const second = await SubscriptionStore.open(dir, { damaged });
    expect(second.list().map((s) => s.chatId)).toEqual(['61', 'oc_2']);
    const [problem] = damaged.problems();
    expect(problem).toMatch(/^state file subscriptions\.json was damaged \(not a subscription list: .*; rebuilt from its last good copy \(2 chats\)\)/);
    // Listed by a later run too, until someone deletes the copy.
    expect(new DamagedFiles(dir, silentLogger).problems()).toHaveLength(1);
    for (const f of readdirSync(dir)) if (f.includes('.damaged-')) rmSync(path.join(dir, f));
    expect(damaged.problems()).toEqual([]);
  });
});
