import { describe, expect, it } from 'vitest';
import { acceptedStep, codeAt, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, recoveryCodeHash, setUpDetails, stepAt, twoFactorRequired } from './two-factor.js';

// RFC 6238's own test secret (ASCII "12345678901234567890") and its SHA-1 vector at 59 s: 94287082 → six digits 287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('codes from an authenticator app (RFC 6238)', () => {
  it('agrees with the RFC’s test vector', () => {
    expect(codeAt(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(acceptedStep(RFC_SECRET, '287082', null, new Date(59_000))).toBe(1);
  });

  it('accepts the step before and after (clocks drift), not two away, and never a step already used', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-12-07T10:00:10Z');
    const step = stepAt(now);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() - 30_000)), null, now)).toBe(step - 1);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() + 30_000)), null, now)).toBe(step + 1);
    expect(acceptedStep(secret, codeAt(secret, new Date(now.getTime() + 60_000)), null, now)).toBeNull();
    expect(acceptedStep(secret, codeAt(secret, now), step, now)).toBeNull();
    expect(acceptedStep(secret, codeAt(secret, now), step - 1, now)).toBe(step);
    expect(acceptedStep(secret, ` ${codeAt(secret, now).slice(0, 3)} ${codeAt(secret, now).slice(3)} `, null, now)).toBe(step);
    expect(acceptedStep(secret, 'abcdef', null, now)).toBeNull();
    expect(acceptedStep(secret, '12345', null, now)).toBeNull();
  });

  it('gives an app the council’s name and the member of staff’s email, and the key in groups of four', () => {
    const { uri, key } = setUpDetails(RFC_SECRET, 'amara@council.example', 'Anytown Council');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain('issuer=Selfdirect%20(Anytown%20Council)');
    expect(uri).toContain('amara%40council.example');
    expect(key).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
  });
});

describe('recovery codes', () => {
  it('makes ten different codes that are easy to read, matched however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(recoveryCodeHash('abcde-fghjk')).toBe(recoveryCodeHash(' ABCDE FGHJK '));
    expect(looksLikeRecoveryCode('ABCDE FGHJK')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});

describe('who must use it', () => {
  it('administrators by default, everyone or nobody by choice; never a demo account', () => {
    expect(twoFactorRequired('administrators', { role: 'administrator', is_demo: false })).toBe(true);
    expect(twoFactorRequired('administrators', { role: 'social-worker', is_demo: false })).toBe(false);
    expect(twoFactorRequired('everyone', { role: 'analyst', is_demo: false })).toBe(true);
    expect(twoFactorRequired('nobody', { role: 'administrator', is_demo: false })).toBe(false);
    expect(twoFactorRequired('everyone', { role: 'administrator', is_demo: true })).toBe(false);
  });
});
