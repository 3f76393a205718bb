import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvField, readCsv } from './csv.js';

async function read(text: string): Promise<CsvRecord[]> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'csv-')), 'f.csv');
  writeFileSync(file, text);
  const records: CsvRecord[] = [];
  for await (const batch of readCsv(file)) records.push(...batch);
  return records;
}

describe('CSV reader', () => {
  it('reads plain and quoted fields with line numbers, CRLF or LF, with or without a final newline', async () => {
    expect(await read('a,b\r\n1,2\r\n"x,y","say ""hi"""\n3,4')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['x,y', 'say "hi"'] },
      { line: 4, fields: ['3', '4'] },
    ]);
  });

  it('keeps a line break inside quotes, and numbers later lines by where they start', async () => {
    expect(await read('a,b\n"two\nlines",x\nc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['two\nlines', 'x'] },
      { line: 4, fields: ['c', 'd'] },
    ]);
  });

  it('skips a byte order mark and blank lines', async () => {
    expect(await read('\ufeffa\n\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('names the line of a broken quote', async () => {
    await expect(read('a\n"open\n')).rejects.toThrow('line 2: a quoted field is not closed');
    await expect(read('a\nx"y\n"z"\n')).rejects.toThrow(/line 2: a field with a double quote/);
  });

  it('writes fields with quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(12)).toBe('12');
  });
});
