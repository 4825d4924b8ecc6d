import { createServer } from 'node:http';
import { z } from 'zod';
import type { Answer } from '../../../src/answer/types.js';
import type { ChannelAdapter, InboundMessage } from '../../../src/channels/core/adapter.js';
import type { ChannelDefinition } from '../../../src/channels/core/definition.js';
import { ChannelRuntime } from '../../../src/channels/core/runtime.js';
import { presentAnswer, presentSources } from '../../../src/channels/present.js';
import { MemoryDeliveryLog } from '../../../src/channels/seen-store.js';
import { closeServer, listen, MAX_WEBHOOK_BODY, sameSecret, sendJson } from '../../../src/server/http.js';
import { readJsonRequest, refuseRequest } from '../../../src/channels/core/json-webhook.js';

/**
 * A whole channel in one file, as README "How to add a channel" describes: a chat platform that
 * POSTs each message to our webhook as JSON with a shared token, and takes replies at POST
 * {api}/send ({chat, text, replyTo} → {id}) and edits at POST {api}/edit ({id, text}).
 * A real channel reads its settings from config keys; this one takes them from its caller.
 */
export interface ExampleSettings {
  api: string;
  token: string;
  onListening(port: number): void;
}

interface ExampleMessage extends InboundMessage {
  messageId: string;
}

const incoming = z.object({
  id: z.string().min(1),
  chat: z.string().min(1),
  user: z.string(),
  group: z.boolean(),
  text: z.string().nullable(),
});

class ExampleAdapter implements ChannelAdapter<ExampleMessage, string, string> {
  readonly name = 'example';
  readonly capabilities = { streamingEdits: true, cards: false, typingIntervalMs: null };
  constructor(private readonly api: string) {}

  readonly render = {
    text: (text: string) => text,
    draft: (text: string) => `${text} …`,
    answer: (answer: Answer) => {
      const { body, sources } = presentAnswer(answer);
      return [body, ...sources.map((s) => `[${s.marker}] ${s.where}《${s.title}》`)].join('\n');
    },
    sources: (answer: Answer) => {
      const { heading, sources } = presentSources(answer);
      return [heading, ...sources.map((s) => `[${s.marker}] ${s.where} “${s.quote}”`)].join('\n');
    },
  };

  async send(to: ExampleMessage, text: string): Promise<string> {
    return (await this.call('send', { chat: to.chatId, text, replyTo: to.messageId })).id;
  }

  async edit(_to: ExampleMessage, id: string, text: string): Promise<void> {
    await this.call('edit', { id, text });
  }

  describeError(error: unknown): string {
    return (error as Error).message;
  }

  private async call(method: string, body: unknown): Promise<{ id: string }> {
    const res = await fetch(`${this.api}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method}: HTTP ${res.status}`);
    return (await res.json()) as { id: string };
  }
}

export function exampleChannel(settings: ExampleSettings): ChannelDefinition {
  return {
    name: 'example',
    needs: 'EXAMPLE_TOKEN must be set',
    isConfigured: () => Boolean(settings.token),
    async start(_config, deps) {
      // The runtime every channel starts through: the core, the rejection log, health, digests, drain.
      const runtime = new ChannelRuntime(deps, {
        adapter: new ExampleAdapter(settings.api),
        seen: new MemoryDeliveryLog(),
        settings: { ratePerMinute: 10, editIntervalMs: 1000, maxMessageAgeMs: null },
      });
      const { core, rejections } = runtime;
      const server = createServer(async (req, res) => {
        if (!sameSecret(String(req.headers['x-token'] ?? ''), settings.token))
          return refuseRequest(req, res, rejections, { status: 401, reason: 'wrong token' }, 'error');
        const notMessage = { status: 400, reason: 'not a message' };
        const m = await readJsonRequest(req, res, {
          maxBody: MAX_WEBHOOK_BODY,
          schema: incoming,
          rejections,
          messageKey: 'error',
          notJson: notMessage,
          invalid: notMessage,
        });
        if (!m) return;
        sendJson(res, 200, {});
        const { id, chat, user, group, text } = m;
        void core.handle({
          deliveryIds: [id],
          messageId: id,
          chatId: chat,
          senderId: user,
          isPrivate: !group,
          addressed: !group || (text ?? '').includes('@bot'),
          fromBot: false,
          text: text === null ? null : text.replace('@bot', '').trim(),
          sentAt: null,
        });
      });
      settings.onListening((await listen(server, 0, '127.0.0.1')).port);
      return runtime.running({}, () => closeServer(server));
    },
  };
}
