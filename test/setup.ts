import { useTestAuditKeys } from './helpers/audit-keys.js';

// Every test process signs and checks the audit trail with the tests' key (src/features/audit/keys.ts).
useTestAuditKeys();
