import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The real bulletins, beside the clone (users' data, never copied into the repo). */
export const SHARED_BULLETINS = path.resolve(ROOT, '..', 'shared', 'bulletins');
export const SHARED_ISSUES = path.resolve(ROOT, '..', 'shared', 'eval', 'issues.json');
export const FIXTURE_ROOT = path.join(ROOT, 'test', 'fixtures');
export const FIXTURE_BULLETINS = path.join(FIXTURE_ROOT, 'bulletins');
export const SHARED_EVAL = path.resolve(ROOT, '..', 'shared', 'eval');
/** Why tests over ../shared cannot run here (it is not beside the clone), or null when they can. */
export const SHARED_MISSING: string | null =
  existsSync(SHARED_BULLETINS) && existsSync(SHARED_EVAL)
    ? null
    : `../shared is absent (looked for ${SHARED_BULLETINS} and ${SHARED_EVAL})`;

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
