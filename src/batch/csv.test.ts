import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvRecord, CsvSyntaxError, MAX_LINE_CHARACTERS, csvField, readCsv, readCsvChunks } from './csv.js';

async function read(text: string): Promise<CsvRecord[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'csv-'));
  const file = path.join(folder, 'f.csv');
  writeFileSync(file, text);
  const records: CsvRecord[] = [];
  try {
    for await (const batch of readCsv(file)) records.push(...batch);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
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

describe('files that are not CSV text', () => {
  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const latin1 = Buffer.from('a,b\nCaf\xe9,1\n', 'latin1').toString('utf8');
    const read = async () => {
      for await (const _ of readCsvChunks([latin1])) void _;
    };
    await expect(read()).rejects.toThrow(CsvSyntaxError);
    await expect(read()).rejects.toThrow(/line 2: is not UTF-8 text/);
  });

  it('refuses a line longer than any record, without holding the whole file', async () => {
    const chunks = (function* () {
      yield 'header\n';
      for (let i = 0; i < 5; i++) yield 'x'.repeat(MAX_LINE_CHARACTERS / 2 + 1);
    })();
    const read = async () => {
      for await (const _ of readCsvChunks(chunks)) void _;
    };
    await expect(read()).rejects.toThrow(/line 2: is longer than 1,000,000 characters/);
  });
});
