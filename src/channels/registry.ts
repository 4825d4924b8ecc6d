import type { ChannelDefinition } from './core/definition.js';
import { feishuChannel } from './feishu/run.js';
import { telegramChannel } from './telegram/run.js';

/**
 * Every channel the bot has. The service starts those that are configured, the CLIs find theirs
 * here, and /healthz lists them all. A new channel is one adapter file and one line here.
 */
export const CHANNELS: readonly ChannelDefinition[] = [telegramChannel, feishuChannel];

export function channelNamed(name: string, channels: readonly ChannelDefinition[] = CHANNELS): ChannelDefinition {
  const channel = channels.find((c) => c.name === name);
  if (!channel) throw new Error(`no channel named ${name} (known: ${channels.map((c) => c.name).join(', ')})`);
  return channel;
}
