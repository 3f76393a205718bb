import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { claimNextMessage, markAttemptFailed, markSent } from './repository.js';
import { PermanentDeliveryError, type Transport } from './transports.js';

/** Wait before attempt n + 1: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends every message due, one at a time: each is claimed in a transaction of its own (committed
 * before the send), then marked sent or failed. A process that dies after the claim leaves the
 * message 'sending'; once the claim is stale it is claimed and sent again.
 */
export async function deliverDue(db: Kysely<Database>, transport: Transport, options: { maxAttempts: number; claimSeconds: number; now?: () => Date; limit?: number }): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  const now = options.now ?? (() => new Date());
  for (let i = 0; i < (options.limit ?? 500); i++) {
    const message = await db.transaction().execute((trx) => claimNextMessage(trx, now(), options.claimSeconds));
    if (!message) break;
    try {
      const { providerId } = await transport.send({ id: message.id, template: message.template, recipient: message.recipient, personalisation: message.personalisation, reference: message.reference });
      await markSent(db, message.id, providerId, transport.keepsSecrets);
      report.sent++;
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryError || message.attempts >= options.maxAttempts;
      const text = error instanceof Error ? error.message : String(error);
      await markAttemptFailed(db, message.id, text.slice(0, 500), permanent ? null : new Date(now().getTime() + retryDelaySeconds(message.attempts) * 1000));
      if (permanent) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}
