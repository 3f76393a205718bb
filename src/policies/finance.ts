import { has } from './abilities.js';
import type { Actor } from './actor.js';

/**
 * Direct payment accounts, payment runs, statements, reclaims and annual audits: finance officers,
 * for every team (a council's payments are run centrally). The record is there for the rules that
 * a later change scopes by it (a financial-abuse concern shown to finance, a person's own account).
 */
export interface AccountFacts {
  person_id: string;
}

export const financeRules = {
  'account:manage': (actor: Actor, _account: AccountFacts) => has(actor, 'payments:manage'),
  'payment-run:manage': (actor: Actor, _run: object) => has(actor, 'payments:manage'),
  /** Actual spending by person reference (no names): finance officers and analysts. */
  'spend:read': (actor: Actor, _period: object) => has(actor, 'payments:manage') || has(actor, 'analytics:run'),
};
