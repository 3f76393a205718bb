import { parseAuditKeys, useAuditKeys } from '../../src/features/audit/keys.js';

/** The tests' audit key, in the environment too so CLI commands and servers the tests start share it. */
export const TEST_AUDIT_KEYS = 'test-1=selfdirect-test-audit-key-not-a-secret-0000';

export function useTestAuditKeys(): void {
  process.env.AUDIT_KEYS ??= TEST_AUDIT_KEYS;
  useAuditKeys(parseAuditKeys(process.env.AUDIT_KEYS));
}
