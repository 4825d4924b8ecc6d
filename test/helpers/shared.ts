import { describe, it } from 'vitest';
import { SHARED_MISSING } from './paths.js';

/**
 * Tests over the real bulletins in ../shared (users' data, never in the repository). Without it
 * they are skipped, each with the reason in its title; the summary line repeats the reason.
 */
export function describeShared(title: string, body: () => void): void {
  if (SHARED_MISSING === null) describe(title, body);
  else describe.skip(`${title} — skipped: ${SHARED_MISSING}`, () => it('needs ../shared', () => {}));
}

export function itShared(title: string, body: () => unknown, timeout?: number): void {
  if (SHARED_MISSING === null) it(title, body, timeout);
  else it.skip(`${title} — skipped: ${SHARED_MISSING}`, () => {});
}
