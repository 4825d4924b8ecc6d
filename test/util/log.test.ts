import { describe, expect, it } from 'vitest';
import { createLogger, LOGGER_KEYS, registerSecret } from '../../src/util/log.js';
import { jsonObject } from '../helpers/json.js';

describe('the logger', () => {
  it('keeps a field named after one of its own keys, under _<key>, in both formats', () => {
    const fields = { msg: 'Failed to create card content', level: 'x', time: 1, pid: 2, hostname: 'h', code: 230099 };
    const json: string[] = [];
    createLogger('info', (l) => json.push(l), 'json').warn('feishu: card refused', fields);
    const line = jsonObject(json[0]!);
    expect(line).toMatchObject({
      msg: 'feishu: card refused',
      level: 'warn',
      _msg: 'Failed to create card content',
      _level: 'x',
      code: 230099,
    });
    for (const key of LOGGER_KEYS) expect(line[`_${key}`]).toEqual(fields[key]);
    const text: string[] = [];
    createLogger('info', (l) => text.push(l), 'text').warn('feishu: card refused', fields);
    expect(text[0]).toContain('"_msg":"Failed to create card content"');
    expect(text[0]).toMatch(/^\[warn\] feishu: card refused /);
  });

  it('redacts registered secrets wherever they appear', () => {
    registerSecret('log-test-SECRET-123');
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l), 'json').error('failed with log-test-SECRET-123', {
      error: 'token log-test-SECRET-123 refused',
    });
    expect(lines.join('\n')).not.toContain('log-test-SECRET-123');
    expect(lines.join('\n')).toContain('[redacted]');
  });
});
