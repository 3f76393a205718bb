import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchFileError } from '../../batch/problems.js';
import { calibrate } from './calibrate.js';

const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEADER = 'person_id,group,points,weekly_cost_pence';

async function refusal(content: string | Buffer): Promise<BatchFileError> {
  const file = path.join(dir, `history-${Math.random()}.csv`);
  writeFileSync(file, content);
  try {
    await calibrate(file, { throughOrigin: false });
  } catch (error) {
    if (error instanceof BatchFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('a history file that is not one is refused without filling memory', () => {
  it('a line longer than any record (no line breaks) stops the read, naming its line', async () => {
    const error = await refusal(Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.alloc(6 * 1024 * 1024, 'x')]));
    expect(error.problems).toEqual([{ line: 2, column: null, message: 'is longer than 1,000,000 characters, so this is not a CSV file of records' }]);
  });

  it('names the first 1,000 problems and counts the rest', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `P${i},older-people,many,100`);
    const error = await refusal(`${HEADER}\n${rows.join('\n')}\n`);
    expect(error.problems).toHaveLength(1000);
    expect(error.more).toBe(2000);
    expect(error.problems[0]).toMatchObject({ line: 2, column: 'points' });
  });
});
