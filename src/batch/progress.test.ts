import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream, written };
}

describe('progress bar', () => {
  it('draws on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar(200, 'Pricing', stream);
    bar.update(100, '5 rows');
    bar.finish();
    expect(written[0]).toMatch(/^\rPricing \[#{15}-{15}\]  50% 5 rows$/);
    expect(written.at(-1)).toBe('\n');
  });

  it('writes nothing when output is piped or redirected', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar(200, 'Pricing', stream);
    bar.update(100);
    bar.finish();
    expect(written).toEqual([]);
  });
});
