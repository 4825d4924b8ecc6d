import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real bulletins, beside the clone (users' data, never copied into the repo). */
export const SHARED_BULLETINS = path.resolve(ROOT, '..', 'shared', 'bulletins');
export const SHARED_ISSUES = path.resolve(ROOT, '..', 'shared', 'eval', 'issues.json');
export const FIXTURE_BULLETINS = path.join(ROOT, 'test', 'fixtures', 'bulletins');

export function tempDir(prefix = 'bulletin-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A corpus folder holding copies of the named fixture bulletins. */
export function fixtureCorpus(...names: string[]): string {
  const dir = tempDir('corpus-');
  mkdirSync(dir, { recursive: true });
  for (const n of names) copyFileSync(path.join(FIXTURE_BULLETINS, n), path.join(dir, n));
  return dir;
}
