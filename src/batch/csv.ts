import { createReadStream } from 'node:fs';

/**
 * A streaming RFC 4180 reader: comma-separated, header row, fields optionally in double quotes
 * (a quote inside written twice, commas and line breaks allowed inside quotes), CRLF or LF.
 * Lines without quotes take a fast path (a plain split). Each record carries the line number it
 * starts on, counting the header as line 1, so messages can name it.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
    /** The record ends inside a quoted field: it may go on over the next line. */
    readonly unclosed = false,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** One record's fields from its text (which may hold quoted fields). */
export function parseCsvLine(text: string, line: number): string[] {
  return parseQuoted(text, line);
}

function parseQuoted(text: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close === -1) throw new CsvSyntaxError(line, 'a quoted field is not closed', true);
        value += text.slice(i, close);
        if (text[close + 1] === '"') {
          value += '"';
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') throw new CsvSyntaxError(line, 'a quoted field must be followed by a comma or the end of the line');
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma === -1 ? text.length : comma;
      const value = text.slice(i, end);
      if (value.includes('"')) throw new CsvSyntaxError(line, 'a field with a double quote in it must be in double quotes, with the quote written twice');
      fields.push(value);
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

/** The record's fields, or null when it ends inside a quoted field and needs the next line. */
function tryParse(text: string, line: number): string[] | null {
  try {
    return parseQuoted(text, line);
  } catch (error) {
    if (error instanceof CsvSyntaxError && error.unclosed) return null;
    throw error;
  }
}

/**
 * Reads records from a file; `onProgress` gets the bytes read so far. A smaller chunk keeps fewer
 * records alive at once (less for the garbage collector to copy) at the cost of more reads.
 */
export function readCsv(file: string, onProgress?: (bytes: number) => void, chunkBytes = 1 << 20): AsyncGenerator<CsvRecord[]> {
  return readCsvChunks(createReadStream(file, { encoding: 'utf8', highWaterMark: chunkBytes }) as AsyncIterable<string>, onProgress);
}

/** All the records of CSV text already in memory (a pasted file). */
export async function csvRecords(text: string): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const batch of readCsvChunks([text])) records.push(...batch);
  return records;
}

/** No line of a CSV file this service reads is anywhere near this long: past it, the file is not CSV (or is not split into lines). */
export const MAX_LINE_CHARACTERS = 1_000_000;

export async function* readCsvChunks(stream: AsyncIterable<string> | Iterable<string>, onProgress?: (bytes: number) => void): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let line = 0;
  let record = '';
  let recordLine = 0;
  let openQuotes = false;
  let bytes = 0;
  let first = true;
  for await (const chunk of stream) {
    bytes += Buffer.byteLength(chunk);
    // A byte that is not UTF-8 was decoded as U+FFFD: a Latin-1 or Windows-1252 file would lose its accents.
    const notUtf8 = chunk.indexOf('\uFFFD');
    if (notUtf8 !== -1) {
      const before = pending + chunk.slice(0, notUtf8);
      throw new CsvSyntaxError(line + 1 + (before.match(/\n/g)?.length ?? 0), 'is not UTF-8 text: the file may have been saved as Latin-1 or Windows-1252. Save it as "CSV UTF-8" and upload it again');
    }
    let text = pending + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark
      first = false;
    }
    const batch: CsvRecord[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      let physical = text.slice(start, nl);
      start = nl + 1;
      line++;
      if (physical.endsWith('\r')) physical = physical.slice(0, -1);
      if (openQuotes) {
        record += `\n${physical}`;
        if (physical.indexOf('"') === -1) continue;
      } else {
        if (physical.indexOf('"') === -1) {
          if (physical !== '') batch.push({ line, fields: physical.split(',') });
          continue;
        }
        record = physical;
        recordLine = line;
      }
      const fields = tryParse(record, recordLine);
      openQuotes = fields === null;
      if (fields) batch.push({ line: recordLine, fields });
    }
    pending = text.slice(start);
    if (pending.length > MAX_LINE_CHARACTERS || record.length > MAX_LINE_CHARACTERS) {
      throw new CsvSyntaxError(line + 1, `is longer than ${MAX_LINE_CHARACTERS.toLocaleString('en-GB')} characters, so this is not a CSV file of records`);
    }
    onProgress?.(bytes);
    if (batch.length > 0) yield batch;
  }
  if (pending.endsWith('\r')) pending = pending.slice(0, -1);
  if (openQuotes) {
    yield [{ line: recordLine, fields: parseQuoted(pending === '' ? record : `${record}\n${pending}`, recordLine) }];
  } else if (pending !== '') {
    line++;
    yield [{ line, fields: pending.indexOf('"') === -1 ? pending.split(',') : parseQuoted(pending, line) }];
  }
}

/** A field as RFC 4180 writes it: quoted only when it must be. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A cell for a CSV that people open in a spreadsheet: a value beginning = + - @, a tab or a
 * carriage return is a formula there (CSV injection), so it is written with a leading
 * apostrophe, which spreadsheets show as text. Plain numbers (a negative amount) are left alone.
 * Every export uses this; the directory import takes the apostrophe off again.
 */
export function exportCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const neutral = /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return csvField(neutral);
}

/** A cell written by exportCell, read back: the protective apostrophe removed. */
export function importCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

/** Text a bank's payment file accepts: letters, digits, space and . & / - (others become spaces), never leading with a sign. */
export function bankText(value: string): string {
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 .&/-]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^-+/, '');
}
