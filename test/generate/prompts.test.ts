import { describe, expect, it } from 'vitest';
import { cpSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadPrompts, PromptError, variablesOf } from '../../src/generate/prompts.js';
import { ROOT, tempDir } from '../helpers/paths.js';

describe('prompt files', () => {
  it('are the shipped prompts, with their variables', async () => {
    const prompts = loadPrompts();
    expect(prompts.answer.inputVariables.sort()).toEqual(['excerpts', 'question']);
    expect(prompts.rewrite.inputVariables.sort()).toEqual(['history', 'question']);
    const messages = await prompts.answer.formatMessages({ excerpts: '<excerpt id="1">…</excerpt>', question: '问题' });
    expect(messages.map((m) => m.getType())).toEqual(['system', 'human']);
    expect(String(messages[0]!.content)).toContain('只根据');
  });

  it('fail at start-up when a variable is missing, unknown, or a file is absent', () => {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'prompts'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'answer.md'), '摘录：{excerpts}\n问题：{query}\n');
    expect(() => loadPrompts(dir)).toThrow(PromptError);
    expect(() => loadPrompts(dir)).toThrow(/answer\.md uses \{excerpts\}, \{query\} but must use exactly \{excerpts\}, \{question\}/);
    rmSync(path.join(dir, 'rewrite.md'));
    writeFileSync(path.join(dir, 'answer.md'), '{excerpts}{question}');
    expect(() => loadPrompts(dir)).toThrow(/rewrite\.md is missing/);
  });

  it('treat doubled braces as literal text', () => {
    expect(variablesOf('JSON: {{"a": 1}} and {question}')).toEqual(['question']);
  });
});
