import type { Slice } from '../../web/slice.js';
import { directPaymentRoutes } from './routes.js';

export const directPaymentsSlice: Slice = {
  name: 'direct-payments',
  routes: directPaymentRoutes,
  navigation: [{ href: '/direct-payments', text: 'Direct payments', ability: 'payments:manage', order: 70 }],
  home: [
    { href: '/direct-payments', title: 'Direct payments', hint: 'Accounts, their balances and flags, monitoring, audits and reclaims', ability: 'payments:manage', order: 25 },
    { href: '/payment-runs', title: 'Payment runs', hint: 'Work out, check and confirm what is paid into each account', ability: 'payments:manage', order: 26 },
  ],
  tables: [
    { name: 'dp_agreements', orderBy: 'id' },
    { name: 'dp_suspensions', orderBy: 'id' },
    { name: 'dp_variations', orderBy: 'id' },
    { name: 'payment_runs', orderBy: 'id' },
    { name: 'dp_payments', orderBy: 'id' },
    { name: 'ledger_entries', orderBy: 'id' },
    { name: 'statement_lines', orderBy: 'id' },
    { name: 'reclaims', orderBy: 'id' },
    { name: 'dp_audits', orderBy: 'id' },
    { name: 'dp_letters', orderBy: 'id' },
    { name: 'dp_final_reconciliations', orderBy: 'id' },
  ],
};
