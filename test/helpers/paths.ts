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

/** The parts of ../shared a test may need: the real bulletins, and the dev question sets with issues.json. */
export type SharedPart = 'bulletins' | 'eval';
const SHARED_PARTS: Record<SharedPart, string> = { bulletins: SHARED_BULLETINS, eval: SHARED_EVAL };

/** Why a test needing these parts of ../shared cannot run here (naming each missing path), or null when it can. */
export function sharedMissing(parts: readonly SharedPart[]): string | null {
  const missing = parts.map((p) => SHARED_PARTS[p]).filter((dir) => !existsSync(dir));
  return missing.length ? `needs ${missing.join(' and ')} (not found)` : null;
}

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
