import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileScheme } from '../../domain/ras/pricing.js';
import { parseScheme } from '../../domain/ras/scheme.js';
import { projectRoot } from '../../root.js';
import { BatchFileError } from '../../batch/problems.js';
import { allocateCarefully } from './allocate.js';
import { allocatePlainFile } from './allocate-plain.js';

/**
 * The fast path for plain files (issue 19) against the careful RFC 4180 reader: for any file, the
 * fast path either gives exactly the careful reader's output, or gives up and leaves the file to it.
 * Small read and write buffers make every edge (a line cut by a chunk, a full output buffer) happen.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-plain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { update: () => {}, finish: () => {} };
const parsed = parseScheme(readFileSync(path.join(projectRoot, 'src/db/seed/schemes/anytown-adults.ras.json'), 'utf8'));
if (!parsed.ok) throw new Error('the Anytown adult scheme does not parse');
const scheme = compileScheme(parsed.scheme);
const questions = scheme.questionIds.map((id, q) => ({ id, answers: [...scheme.answerPoints[q]!.keys()] }));
const groups = [...scheme.groups!.keys()];

async function both(csv: string, sizes: { read: number; write: number }) {
  const input = path.join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(input, csv);
  const fast = await allocatePlainFile(scheme, input, `${input}.fast`, quiet, sizes);
  let careful: string | BatchFileError;
  try {
    await allocateCarefully(scheme, input, `${input}.careful`, quiet);
    careful = readFileSync(`${input}.careful`, 'utf8');
  } catch (error) {
    if (!(error instanceof BatchFileError)) throw error;
    careful = error;
  }
  return { fast: fast === null ? null : { rows: fast, text: readFileSync(`${input}.fast`, 'utf8') }, careful };
}

const answerOf = (q: number) => fc.constantFrom(...questions[q]!.answers);
const personId = fc.oneof(fc.stringMatching(/^[A-Z]{1,3}-[0-9]{1,8}$/), fc.string({ minLength: 0, maxLength: 6 }), fc.constantFrom('Smith, J', 'O"Neil', 'Zoë', 'tab\there'));
const row = fc.tuple(personId, fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...groups) }, { weight: 1, arbitrary: fc.constantFrom('', 'older-people') }), fc.tuple(...questions.map((_, q) => answerOf(q))), fc.boolean());
const file = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  finalNewline: fc.boolean(),
  blankLine: fc.boolean(),
  rows: fc.array(row, { minLength: 0, maxLength: 40 }),
  read: fc.integer({ min: 16, max: 400 }),
  write: fc.integer({ min: 200, max: 2000 }),
});

describe('ras allocate: the fast path for plain files', () => {
  it('agrees with the careful reader on every file it takes, and gives up on every file that is not plain', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const nl = f.crlf ? '\r\n' : '\n';
        const lines = [`person_id,group,${questions.map((q) => q.id).join(',')}`];
        for (const [id, group, answers, quote] of f.rows) {
          const needsQuotes = /[",\r\n]/.test(id);
          lines.push(`${needsQuotes || (quote && id.length > 0 && id.length % 3 === 0) ? `"${id.replace(/"/g, '""')}"` : id},${group},${answers.join(',')}`);
          if (f.blankLine && lines.length === 3) lines.push('');
        }
        const csv = `${f.bom ? '\uFEFF' : ''}${lines.join(nl)}${f.finalNewline ? nl : ''}`;
        const { fast, careful } = await both(csv, { read: f.read, write: f.write });
        if (fast === null) return; // not plain: the careful reader's answer stands alone
        taken++;
        expect(typeof careful).toBe('string');
        expect(fast.text).toBe(careful);
      }),
      { numRuns: 150 },
    );
    // The generated files are plain often enough for the comparison to mean something.
    expect(taken).toBeGreaterThan(15);
  });

  it('takes a plain file, with a byte order mark, CRLF and no final line break, whatever the buffer sizes', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `P${i},${groups[i % groups.length]},${questions.map((q) => q.answers[i % q.answers.length]).join(',')}`);
    const csv = `\uFEFFperson_id,group,${questions.map((q) => q.id).join(',')}\r\n${rows.join('\r\n')}`;
    for (const sizes of [{ read: 17, write: 200 }, { read: 4096, write: 4096 }]) {
      const { fast, careful } = await both(csv, sizes);
      expect(fast?.rows).toBe(50);
      expect(fast?.text).toBe(careful);
    }
  });

  it('gives up on a quoted field, an unknown answer, a short row and an empty file', async () => {
    const header = `person_id,group,${questions.map((q) => q.id).join(',')}`;
    const good = questions.map((q) => q.answers[0]).join(',');
    for (const csv of [`${header}\n"P1",${groups[0]},${good}\n`, `${header}\nP1,${groups[0]},${good.replace(/^[a-z]+/, 'zz')}\n`, `${header}\nP1,${groups[0]},a,a\n`, '']) {
      const input = path.join(dir, `not-plain-${Math.random().toString(36).slice(2)}.csv`);
      writeFileSync(input, csv);
      expect(await allocatePlainFile(scheme, input, `${input}.out`, quiet)).toBeNull();
    }
    expect(existsSync(dir)).toBe(true);
  });
});
