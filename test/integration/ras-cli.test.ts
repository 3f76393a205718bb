import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { captureOutput } from '../helpers/capture.js';
import { projectRoot } from '../../src/root.js';

const adults = path.join(projectRoot, 'src/db/seed/schemes/anytown-adults.ras.json');
const carers = path.join(projectRoot, 'src/db/seed/schemes/anytown-carers.ras.json');
const ADULT_COLUMNS = 'pc-wash,pc-dress,pc-toilet,ea-prepare,ea-eat,ho-tasks,he-meds,he-conditions,mo-indoors,mo-outdoors,sa-risk,sa-night,re-social,wo-activity,de-decide,carer-sustain';
const row = (answer: string) => Array.from({ length: 16 }, () => answer).join(',');

let dir: string;
let out: string[];
let err: string[];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-ras-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function capture() {
  ({ out, err } = captureOutput());
}

function file(name: string, text: string) {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function allocate(scheme: string, csv: string, name: string) {
  const input = file(`${name}.csv`, csv);
  const output = path.join(dir, `${name}.out.csv`);
  capture();
  const code = await run(['ras', 'allocate', '--scheme', scheme, '--input', input, '--out', output]);
  return { code, output, stderr: err.join(''), written: existsSync(output) ? readFileSync(output, 'utf8') : null };
}

describe('selfdirect ras validate', () => {
  it('accepts both Anytown schemes', async () => {
    capture();
    expect(await run(['ras', 'validate', adults])).toBe(0);
    expect(await run(['ras', 'validate', carers])).toBe(0);
    expect(out.join('')).toContain('anytown-adults 2026.1 is valid: 10 domains, 16 questions, a rate per point for 5 groups.');
    expect(out.join('')).toContain('anytown-carers 2026.1 is valid: 2 domains, 4 questions, 4 bands.');
  });

  it('names every problem by JSON path and exits non-zero', async () => {
    const scheme = JSON.parse(readFileSync(adults, 'utf8'));
    scheme.allocation.groups[1].pencePerPoint = 1.23456;
    scheme.domains[0].questions[0].answers[0].points = -2;
    capture();
    expect(await run(['ras', 'validate', file('bad.ras.json', JSON.stringify(scheme))])).toBe(1);
    expect(err.join('')).toContain('$.domains[0].questions[0].answers[0].points: must be a whole number of 0 or more');
    expect(err.join('')).toContain('$.allocation.groups[1].pencePerPoint: must have at most 4 decimal places');
  });
});

describe('selfdirect ras allocate', () => {
  it('prices the adult file exactly, in input order, quoting where RFC 4180 needs it', async () => {
    const result = await allocate(
      adults,
      `person_id,group,${ADULT_COLUMNS}\r\nP1,physical-sensory,${row('b')}\r\n"Smith, J",learning-disability,${row('b')}\r\nP3,memory-cognition,${row('d')}\r\nP4,mental-health,${row('a')}\r\n`,
      'adults',
    );
    expect(result.code).toBe(0);
    expect(result.written).toBe(
      [
        'person_id,group,points,weekly_pence,annual_pence,outcome',
        'P1,physical-sensory,52,67860,3528720,allocated',
        '"Smith, J",learning-disability,52,92262,4797624,allocated',
        'P3,memory-cognition,161,247301,12859652,panel-review',
        'P4,mental-health,0,0,0,below-threshold',
        '',
      ].join('\n'),
    );
  });

  it('prices the carers file by band, carrying the group column through unchecked', async () => {
    const result = await allocate(carers, 'person_id,group,cr-hours,cr-nights,wb-health,wb-life\nC1,,c,a,b,b\nC2,anything,d,d,d,d\nC3,x,a,a,a,a\n', 'carers');
    expect(result.code).toBe(0);
    expect(result.written).toBe('person_id,group,points,weekly_pence,annual_pence,outcome\nC1,,18,192,10000,allocated\nC2,anything,54,577,30000,panel-review\nC3,x,0,0,0,below-threshold\n');
  });

  const header = `person_id,group,${ADULT_COLUMNS}`;
  it.each([
    ['an unknown column', `${header},extra\nP1,mental-health,${row('a')},a\n`, 'line 1, column extra: is not a question of scheme anytown-adults 2026.1'],
    ['a missing column', `person_id,group,${ADULT_COLUMNS.replace(',carer-sustain', '')}\nP1,mental-health,${row('a').slice(2)}\n`, 'line 1: columns missing for these questions: carer-sustain'],
    ['a repeated column', `${header},pc-wash\nP1,mental-health,${row('a')},a\n`, 'line 1, column pc-wash: appears more than once'],
    ['the wrong first columns', `group,person_id,${ADULT_COLUMNS}\n`, 'line 1, column group: the first column must be person_id'],
    ['an unknown group', `${header}\nP1,mental-health,${row('a')}\nP2,older-people,${row('a')}\n`, 'line 3, column group: "older-people" is not a group of this scheme; expected one of physical-sensory, memory-cognition, learning-disability, mental-health, social-support'],
    ['an empty answer', `${header}\nP1,mental-health,${row('a').replace(/^a/, '')}\n`, 'line 2, column pc-wash: is empty; expected one of a, b, c, d'],
    ['an unknown answer', `${header}\nP1,mental-health,${row('a').replace(/a$/, 'z')}\n`, 'line 2, column carer-sustain: "z" is not an answer to this question; expected one of a, b, c, d'],
    ['a short row', `${header}\nP1,mental-health,a,a\n`, 'line 2: has 4 fields; expected 18, one for each column of the header'],
    ['an empty person id', `${header}\n,mental-health,${row('a')}\n`, 'line 2, column person_id: is empty'],
    ['an empty file', '', 'line 1: the file is empty; expected a header row'],
    ['a broken quote', `${header}\n"P1,mental-health,${row('a')}\n`, 'line 2: a quoted field is not closed'],
  ])('refuses a file with %s whole: names it, writes nothing, exits non-zero', async (_kind, csv, message) => {
    const name = `bad-${Math.random().toString(36).slice(2)}`;
    const result = await allocate(adults, csv, name);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('nothing was written');
    expect(result.written).toBeNull();
    expect(existsSync(`${result.output}.partial`)).toBe(false);
  });

  it('names every bad row, not just the first', async () => {
    const csv = `${header}\nP1,mental-health,${row('a')}\nP2,nope,${row('a')}\nP3,mental-health,${row('q')}\nP4,mental-health,${row('b')}\n`;
    const result = await allocate(adults, csv, 'many-bad');
    expect(result.stderr).toContain('line 3, column group');
    expect(result.stderr.match(/line 4, column/g)).toHaveLength(16);
    expect(result.stderr).toMatch(/has 17 problems/);
  });

  it('leaves an existing output untouched when the new input is bad', async () => {
    const good = await allocate(adults, `${header}\nP1,mental-health,${row('a')}\n`, 'keep');
    const bad = await allocate(adults, `${header}\nP1,mental-health,${row('z')}\n`, 'keep');
    expect(bad.code).toBe(1);
    expect(bad.written).toBe(good.written);
  });
});
