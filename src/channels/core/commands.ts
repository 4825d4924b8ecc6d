export const COMMANDS = ['help', 'start', 'reset', 'issues', 'sources', 'subscribe', 'unsubscribe'] as const;
export type Command = (typeof COMMANDS)[number];

/** The same commands said in words (a Feishu group has no commands: "@bot 订阅"). */
const WORDS: Record<string, Command> = { 订阅: 'subscribe', 订阅简报: 'subscribe', 取消订阅: 'unsubscribe', 退订: 'unsubscribe' };

/** `/help`, `/help@bot_name`, `/HELP 内容`, `订阅`: the command, or null for a question. */
export function commandOf(text: string | null): Command | null {
  const trimmed = text?.trim() ?? '';
  const name = /^\/([A-Za-z]+)(?:@\S+)?(?:\s|$)/.exec(trimmed)?.[1]?.toLowerCase();
  if ((COMMANDS as readonly string[]).includes(name ?? '')) return name as Command;
  return WORDS[trimmed.replace(/[\s。！!？?]+$/u, '')] ?? null;
}
