import { describe, it } from 'vitest';
import { sharedMissing, type SharedPart } from './paths.js';

/**
 * Tests over ../shared beside the clone (users' data, never in the repository): the real bulletins,
 * and the dev question sets with their issues.json. A test names the parts it needs; where one is
 * missing it is skipped with the missing path in its title, and the summary line repeats it.
 */
export function describeShared(needs: readonly SharedPart[], title: string, body: () => void): void {
  const missing = sharedMissing(needs);
  if (missing === null) describe(title, body);
  else describe.skip(`${title} — skipped: ${missing}`, () => it('needs ../shared', () => {}));
}

export function itShared(needs: readonly SharedPart[], title: string, body: () => unknown, timeout?: number): void {
  const missing = sharedMissing(needs);
  if (missing === null) it(title, body, timeout);
  else it.skip(`${title} — skipped: ${missing}`, () => {});
}
