import { open } from 'node:fs/promises';
import type { Progress } from './progress.js';

/**
 * The batch commands' fast path (issue 19): a CSV file read as bytes into one reused buffer, a
 * line at a time, for a reader that matches its fields as bytes instead of making a string of
 * each. Only for plain files: a reader throws NotPlain at anything it does not take (a quote, a
 * field it does not know, a short row) and the command reads the file again with the RFC 4180
 * reader (csv.ts), which names every problem by line and column. So the fast path never decides
 * what a file means, only how quickly a good one is read.
 */
export class NotPlain extends Error {}

export const COMMA = 44;
export const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
/** Read a few megabytes at a time into the same buffer. */
export const READ_BYTES = 4 << 20;
/** Past this a line is not a record: leave it to the careful reader. */
const MAX_LINE_BYTES = 1 << 20;

export interface PlainReader {
  /** The header line (a byte order mark removed); throws NotPlain when it is not one this reader takes. */
  header(text: string): void;
  /** One line's bytes, `buffer[start, end)` (never empty, no line break): false to be given it again after `drain`. */
  line(buffer: Buffer, start: number, end: number): boolean;
  /** Makes room (writes out what the reader has gathered); called when `line` says false and at each chunk's end. */
  drain?(): Promise<void>;
}

/** Reads `file` through `reader`: false when the file is not plain (the caller reads it carefully instead). */
export async function readPlainLines(file: string, reader: PlainReader, progress?: Progress, readBytes = READ_BYTES): Promise<boolean> {
  const source = await open(file, 'r');
  const reading = Buffer.allocUnsafe(readBytes);
  let headerSeen = false;
  let bytes = 0;
  /** Every whole line in `buffer` from `from`; returns where it stopped (an unfinished line, or a line given back). */
  const scan = (buffer: Buffer, from: number): number => {
    let start = from;
    for (;;) {
      let end = buffer.indexOf(NEWLINE, start);
      if (end === -1) return start;
      const next = end + 1;
      if (end > start && buffer[end - 1] === RETURN) end--;
      if (!headerSeen) {
        let text = buffer.toString('utf8', start, end);
        if (text.indexOf('"') !== -1 || text.indexOf('\uFFFD') !== -1) throw new NotPlain();
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        reader.header(text);
        headerSeen = true;
      } else if (end > start && !reader.line(buffer, start, end)) {
        return start;
      }
      start = next;
    }
  };
  /** All of `buffer`'s whole lines, draining the reader whenever it gives one back; returns where the unfinished line starts. */
  const scanAll = async (buffer: Buffer): Promise<number> => {
    let from = scan(buffer, 0);
    while (from < buffer.length && buffer.indexOf(NEWLINE, from) !== -1) {
      await reader.drain?.();
      const again = scan(buffer, from);
      if (again === from) throw new NotPlain(); // a line the reader cannot take even with room
      from = again;
    }
    return from;
  };
  let carry: Buffer | null = null;
  try {
    for (;;) {
      const { bytesRead } = await source.read(reading, 0, readBytes, null);
      if (bytesRead === 0) break;
      bytes += bytesRead;
      let chunk = reading.subarray(0, bytesRead);
      // A line cut by the chunk's edge is joined to the head of the next.
      if (carry) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl === -1) {
          if (carry.length + chunk.length > MAX_LINE_BYTES) throw new NotPlain();
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        await scanAll(Buffer.concat([carry, chunk.subarray(0, nl + 1)]));
        carry = null;
        chunk = chunk.subarray(nl + 1);
      }
      const from = await scanAll(chunk);
      if (from < chunk.length) {
        if (chunk.length - from > MAX_LINE_BYTES) throw new NotPlain();
        carry = Buffer.from(chunk.subarray(from));
      }
      await reader.drain?.();
      progress?.update(bytes);
    }
    // The last line, without a line break after it.
    if (carry && carry.length > 0) await scanAll(Buffer.concat([carry, Buffer.from([NEWLINE])]));
    if (!headerSeen) throw new NotPlain(); // empty: the careful reader says so
    await reader.drain?.();
    return true;
  } catch (error) {
    if (error instanceof NotPlain) return false;
    throw error;
  } finally {
    await source.close();
  }
}

/** An id a reader knows, as bytes to match and as the string the rules take. */
export interface KnownId {
  bytes: Buffer;
  id: string;
}

export const knownIds = (ids: Iterable<string>): KnownId[] => [...ids].map((id) => ({ bytes: Buffer.from(id, 'utf8'), id }));

/** The id whose bytes are `buffer[start, end)`, or undefined. */
export function matchId(candidates: KnownId[], buffer: Buffer, start: number, end: number): string | undefined {
  const length = end - start;
  for (let k = 0; k < candidates.length; k++) {
    const bytes = candidates[k]!.bytes;
    if (bytes.length !== length) continue;
    let i = 0;
    while (i < length && bytes[i] === buffer[start + i]) i++;
    if (i === length) return candidates[k]!.id;
  }
  return undefined;
}

/** Where the field starting at `start` ends (a comma or `end`), checking it is plain printable ASCII: NotPlain otherwise. */
export function asciiFieldEnd(buffer: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = buffer[i]!;
    if (b === COMMA) return i;
    if (b >= 0x80 || b < 0x20 || b === QUOTE) throw new NotPlain();
    i++;
  }
  return i;
}

/** Where a row's first field (a person's id) ends: it must be plain ASCII, not empty, and followed by more fields. */
export function personIdEnd(buffer: Buffer, start: number, end: number): number {
  const idEnd = asciiFieldEnd(buffer, start, end);
  if (idEnd === start || idEnd === end) throw new NotPlain();
  return idEnd;
}

/**
 * A group's id from the ASCII field `buffer[start, end)`: one already seen, or a new string added
 * to `seen` (a file with more groups than any council has is not plain).
 */
export function groupAt(seen: KnownId[], buffer: Buffer, start: number, end: number): string {
  const known = matchId(seen, buffer, start, end);
  if (known !== undefined) return known;
  if (seen.length > 1000) throw new NotPlain();
  const id = buffer.toString('latin1', start, end);
  seen.push({ bytes: Buffer.from(id, 'latin1'), id });
  return id;
}

/**
 * The answer fields after `from` (the comma before the first), one for each column, each one of
 * its column's known ids: `each(column, id)` for every one; NotPlain for too few or too many
 * fields, or an answer not known.
 */
export function answersAt(buffer: Buffer, from: number, end: number, columns: readonly KnownId[][], each: (column: number, id: string) => void) {
  let i = from;
  for (let j = 0; j < columns.length; j++) {
    if (i >= end) throw new NotPlain(); // too few fields
    const fieldStart = i + 1;
    i = fieldEnd(buffer, fieldStart, end);
    const id = matchId(columns[j]!, buffer, fieldStart, i);
    if (id === undefined) throw new NotPlain();
    each(j, id);
  }
  if (i !== end) throw new NotPlain(); // too many fields
}

/** Where the field starting at `start` ends: the next comma, or `end`. */
export function fieldEnd(buffer: Buffer, start: number, end: number): number {
  const comma = buffer.indexOf(COMMA, start);
  return comma === -1 || comma > end ? end : comma;
}

/** A whole number of 0 or more from ASCII digits in `buffer[start, end)`: NotPlain otherwise. */
export function wholeNumberAt(buffer: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) throw new NotPlain();
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buffer[i]! - 48;
    if (d < 0 || d > 9) throw new NotPlain();
    n = n * 10 + d;
  }
  return n;
}
