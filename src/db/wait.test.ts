import { describe, expect, it } from 'vitest';
import { untilDatabaseIsUp } from './wait.js';

const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

describe('waiting for PostgreSQL at start-up', () => {
  it('retries a refused connection with growing delays, saying so, until it answers', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await untilDatabaseIsUp(
      async () => {
        if (++calls < 3) throw refused;
        return 'up';
      },
      { delaysMs: [10, 20, 40], onWait: (_tries, ms) => waits.push(ms), sleep: async () => {} },
    );
    expect(result).toBe('up');
    expect(waits).toEqual([10, 20]);
  });

  it('gives up after the last delay, and fails at once on anything but a connection error', async () => {
    await expect(untilDatabaseIsUp(async () => Promise.reject(refused), { delaysMs: [1], sleep: async () => {} })).rejects.toBe(refused);
    let calls = 0;
    const wrongPassword = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    await expect(untilDatabaseIsUp(async () => (calls++, Promise.reject(wrongPassword)), { sleep: async () => {} })).rejects.toBe(wrongPassword);
    expect(calls).toBe(1);
  });
});
