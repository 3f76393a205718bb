import notifications from 'notifications-node-client';
import type { Config, MessageTemplate } from '../../config.js';

/**
 * Where a message from the outbox goes. In production, GOV.UK Notify: each kind of message is a
 * template there (its id in configuration) filled with the message's personalisation, with our
 * reference. In development and tests nothing leaves the machine: the message is marked sent and
 * kept whole, to read at /dev/outbox.
 */
export interface OutgoingMessage {
  id: string;
  template: MessageTemplate;
  recipient: string;
  personalisation: Record<string, string>;
  reference: string | null;
}

export interface Transport {
  name: 'notify' | 'development';
  /** Whether the secret fields stay once sent: only where nothing left the machine. */
  keepsSecrets: boolean;
  send(message: OutgoingMessage): Promise<{ providerId: string | null }>;
}

/** A failure not worth trying again (Notify said the request itself is wrong: a bad address, a missing field). */
export class PermanentDeliveryError extends Error {}

export function developmentTransport(): Transport {
  return { name: 'development', keepsSecrets: true, send: async (m) => ({ providerId: `development-${m.id}` }) };
}

export function notifyTransport(messages: Config['messages']): Transport {
  const key = messages.notifyApiKey!;
  const client = messages.notifyBaseUrl ? new notifications.NotifyClient(messages.notifyBaseUrl, key) : new notifications.NotifyClient(key);
  return {
    name: 'notify',
    keepsSecrets: false,
    async send(m) {
      const templateId = messages.templates[m.template];
      if (!templateId) throw new PermanentDeliveryError(`No Notify template is configured for ${m.template} (NOTIFY_TEMPLATES)`);
      try {
        const response = await client.sendEmail(templateId, m.recipient, { personalisation: m.personalisation, reference: m.reference ?? m.id });
        return { providerId: response.data.id };
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status;
        // Notify's own words for the problem, never the message's content.
        const detail = (error as { response?: { data?: { errors?: { error: string; message: string }[] } } }).response?.data?.errors?.map((e) => `${e.error}: ${e.message}`).join('; ');
        const text = `Notify ${status ?? 'unreachable'}${detail ? `: ${detail}` : ''}`;
        if (status === 400 || status === 403) throw new PermanentDeliveryError(text);
        throw new Error(text);
      }
    },
  };
}

export function transportFor(config: Config): Transport {
  return config.messages.delivery === 'notify' ? notifyTransport(config.messages) : developmentTransport();
}
