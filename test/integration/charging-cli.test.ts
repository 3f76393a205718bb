import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/commands.js';
import { ASSESSMENT_COLUMNS } from '../../src/domain/charging/circumstances.js';
import { circumstancesOf } from '../../src/features/charging/assess-file.js';
import { projectRoot } from '../../src/root.js';
import { captureOutput } from '../helpers/capture.js';

const rules = path.join(projectRoot, 'src/db/seed/charging/anytown-charging-2025-26.json');
const example = readFileSync(path.join(projectRoot, 'test/fixtures/charging/anytown-charging-example.csv'), 'utf8');
const expected = readFileSync(path.join(projectRoot, 'test/fixtures/charging/anytown-charging-example-expected.csv'), 'utf8');
const [header, ...rows] = example.trimEnd().split('\n') as [string, ...string[]];

let dir: string;
let out: string[];
let err: string[];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-charging-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string) {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function assess(csv: string, name: string, rulesFile = rules) {
  const input = file(`${name}.csv`, csv);
  const output = path.join(dir, `${name}.out.csv`);
  ({ out, err } = captureOutput());
  const code = await run(['charging', 'assess', '--rules', rulesFile, '--input', input, '--out', output]);
  return { code, stdout: out.join(''), stderr: err.join(''), written: existsSync(output) ? readFileSync(output, 'utf8') : null, partial: existsSync(`${output}.partial`) };
}

/** The example row A1 with one column changed. */
function rowWith(column: string, value: string, base = rows[0]!) {
  const fields = base.split(',');
  fields[header.split(',').indexOf(column)] = value;
  return fields.join(',');
}

describe('selfdirect charging assess', () => {
  it('reproduces the worked examples exactly (charging.md §8)', async () => {
    const result = await assess(example, 'example');
    expect(result.code).toBe(0);
    expect(result.written).toBe(expected);
    expect(result.stdout).toContain('Assessed 7 people with anytown-charging 2025-26');
    expect(result.stdout).toContain('9 of the rules’ figures are still to be confirmed'.replace('’', "'"));
  });

  it('reads columns in any order, a byte order mark, CRLF and quoted fields', async () => {
    const cols = header.split(',');
    const order = cols.map((_, i) => i).reverse();
    const shuffle = (line: string) => order.map((i) => line.split(',')[i]).join(',');
    const text = `\uFEFF${[shuffle(header), ...rows.map(shuffle)].join('\r\n')}\r\n`.replace(',A1-pension-age-aa-higher', ',"A1-pension-age-aa-higher"');
    const result = await assess(text, 'shuffled');
    expect(result.code).toBe(0);
    expect(result.written).toBe(expected);
  });

  it('refuses a bad file whole, naming every problem by line and column, and writes nothing', async () => {
    const bad = [
      header,
      rows[0],
      rowWith('aa_pence', '110.40'),
      rowWith('household', 'married', rows[1]),
      rowWith('assessment_date', '2026-04-06', rows[2]),
      rowWith('date_of_birth', '2008-06-03', rows[3]),
      rows[0],
      rowWith('dependent_children', '2', rows[5]),
      rowWith('aa_rate', 'none', rows[0]!.replace('A1-pension-age-aa-higher', 'A1b')),
      rowWith('joint_owners', '1', rows[4]!.replace('A4-couple-joint', 'A4b')),
      'A9,2025-06-02',
    ].join('\n');
    const result = await assess(`${bad}\n`, 'bad');
    expect(result.code).toBe(1);
    expect(result.written).toBeNull();
    expect(result.partial).toBe(false);
    expect(result.stderr).toContain('has 9 problems; nothing was written');
    const lines = result.stderr.split('\n').map((l) => l.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        'line 3, column aa_pence: expected whole pence written as digits (at most 10), like 23025 for £230.25; found "110.40"',
        'line 4, column household: expected one of single, lone_parent, couple; found "married"',
        'line 5, column assessment_date: expected a date from 2025-04-07 to 2026-04-05, when the 2025-26 rules apply',
        'line 6, column date_of_birth: expected someone aged 18 or over on the assessment date',
        'line 7, column person_id: expected each person once; "A1-pension-age-aa-higher" is on an earlier line',
        'line 8, column dependent_children: expected 0 for household single; a person with children is lone_parent',
        'line 9, column aa_pence: expected 0 when aa_rate is none',
        'line 10, column joint_owners: expected 2 or more owners of joint capital, or 0 when there is none',
        'line 11: expected 43 fields, one for each column of the header; found 2',
      ]),
    );
  });

  it('refuses unknown, missing and repeated columns', async () => {
    const cols = header.split(',');
    const text = `${[...cols.slice(0, -1), 'person_id', 'notes'].join(',')}\n`;
    const result = await assess(text, 'columns');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 1, column person_id: expected once; this column appears more than once');
    expect(result.stderr).toContain('line 1, column notes: expected one of the selfdirect-financial-assessment columns; this one is not');
    expect(result.stderr).toContain('line 1: expected every column; these are missing: cost_of_care_weekly_pence');
  });

  it('refuses an empty file, and rules that are not valid, writing nothing', async () => {
    expect((await assess('', 'empty')).stderr).toContain('line 1: expected a header row; the file is empty');
    const broken = file('broken.json', '{"format": "selfdirect-charging/1"}');
    const result = await assess(example, 'broken-rules', broken);
    expect(result.code).toBe(1);
    expect(result.written).toBeNull();
    expect(result.stderr).toContain('run selfdirect charging validate');
  });

  it('names at most a thousand problems and counts the rest', async () => {
    const many = [header, ...Array.from({ length: 1200 }, (_, i) => rowWith('person_id', `P${i}`, rowWith('esa_pence', 'x')))].join('\n');
    const result = await assess(many, 'many');
    expect(result.stderr).toContain('has 1200 problems; nothing was written');
    expect(result.stderr).toContain('and 200 more');
  });
});

describe('selfdirect charging validate', () => {
  it('says a valid document is valid and warns of its figures to confirm', async () => {
    ({ out, err } = captureOutput());
    expect(await run(['charging', 'validate', rules])).toBe(0);
    expect(out.join('')).toBe('anytown-charging 2025-26 is valid: from 2025-04-07 to 2026-04-05, 9 figures to confirm.\n');
    expect(err.join('')).toContain('warning: $.toConfirm: 9 figures have still to be confirmed');
  });

  it('names every problem by its JSON path, and figures below the statutory ones', async () => {
    const doc = JSON.parse(readFileSync(rules, 'utf8'));
    doc.capital.tariffPerPence = 0;
    delete doc.mig.childPence;
    ({ out, err } = captureOutput());
    expect(await run(['charging', 'validate', file('bad-rules.json', JSON.stringify(doc))])).toBe(1);
    expect(err.join('')).toContain('  $.capital.tariffPerPence: must be whole pence greater than 0');
    expect(err.join('')).toContain('  $.mig.childPence: is missing');
    const mean = JSON.parse(readFileSync(rules, 'utf8'));
    mean.mig.single.age18to24Pence = 8000;
    ({ out, err } = captureOutput());
    expect(await run(['charging', 'validate', file('mean-rules.json', JSON.stringify(mean))])).toBe(0);
    expect(err.join('')).toContain('warning: $.mig.single.age18to24Pence: £80.00 is less generous than the statutory £89.15 for 2025-26');
  });
});

describe('the columns', () => {
  it('fill the fields they are named for', () => {
    const values = ASSESSMENT_COLUMNS.map((_, i) => `value ${i}`);
    const c = circumstancesOf(values) as unknown as Record<string, unknown>;
    ASSESSMENT_COLUMNS.forEach((column, i) => {
      if (column.field !== 'personId') expect(c[column.field]).toBe(`value ${i}`);
    });
    expect(Object.keys(c)).toHaveLength(ASSESSMENT_COLUMNS.length - 1);
  });
});
