/**
 * PostgreSQL may not be up yet when the service starts (a container started alongside it, a
 * server restarting). Connection errors are retried with growing delays, saying so; anything
 * else (a wrong password, a migration error) fails at once.
 */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', '57P03', '08006', '08001']);

export function isTransientConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT.has(code);
}

export const START_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000];

export async function untilDatabaseIsUp<T>(attempt: () => Promise<T>, options: { delaysMs?: readonly number[]; onWait?: (tries: number, waitMs: number) => void; sleep?: (ms: number) => Promise<void> } = {}): Promise<T> {
  const delays = options.delaysMs ?? START_DELAYS_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const wait = delays[tries];
      if (!isTransientConnectionError(error) || wait === undefined) throw error;
      options.onWait?.(tries + 1, wait);
      await sleep(wait);
    }
  }
}
