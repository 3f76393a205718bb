import { describe, expect, it } from 'vitest';
import { DEVICE_DAYS, deviceToken, knownDeviceUser } from './devices.js';

describe('known devices', () => {
  it('a device cookie names its member of staff until it expires, and cannot be forged', () => {
    const now = Date.UTC(2026, 11, 1);
    const token = deviceToken('s'.repeat(40), 'user-1', now);
    expect(knownDeviceUser('s'.repeat(40), token, now)).toBe('user-1');
    expect(knownDeviceUser('s'.repeat(40), token, now + (DEVICE_DAYS + 1) * 86_400_000)).toBeNull();
    expect(knownDeviceUser('t'.repeat(40), token, now)).toBeNull();
    expect(knownDeviceUser('s'.repeat(40), token.replace('user-1', 'user-2'), now)).toBeNull();
    expect(knownDeviceUser('s'.repeat(40), 'nonsense', now)).toBeNull();
  });
});
