import { type FileHandle, open } from 'node:fs/promises';
import type { Progress } from '../../batch/progress.js';
import { type CompiledScheme, priceChecked } from '../../domain/ras/pricing.js';

/**
 * `ras allocate`'s fast path for a plain file (issue 19): read as bytes into one reused buffer and
 * priced without making a string per field or an array per row — an answer is matched against the
 * scheme's answer ids as bytes, and the row written out as bytes. A plain file is UTF-8 with no
 * double quotes, ASCII person ids, every row the header's width and every answer and group one the
 * scheme knows. At the first thing that is not plain this gives up (null) and the careful reader
 * (allocate.ts) reads the whole file again, naming every problem by line and column exactly as
 * before; so the two can never disagree about a good file's figures, only about how fast.
 */

const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;
/** Read a few megabytes at a time into the same buffer. */
const CHUNK_BYTES = 4 << 20;
const OUT_BYTES = 1 << 20;
/** Past this a line is not a row of answers: leave it to the careful reader. */
const MAX_LINE_BYTES = 1 << 20;

/** An id the scheme knows, as bytes to match and as the string pricing takes. */
interface Known {
  bytes: Buffer;
  id: string;
}

const known = (ids: Iterable<string>): Known[] => [...ids].map((id) => ({ bytes: Buffer.from(id, 'utf8'), id }));

/** The id whose bytes are `buffer[start, end)`, or undefined. */
function match(candidates: Known[], buffer: Buffer, start: number, end: number): string | undefined {
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

/** Gives up on the file: it is not plain. */
class NotPlain extends Error {}

/** The rows priced, or null when the file is not plain. `sizes` are the read and write buffers' (small in tests, to cross their edges). */
export async function allocatePlainFile(c: CompiledScheme, input: string, partial: string, progress: Progress, sizes = { read: CHUNK_BYTES, write: OUT_BYTES }): Promise<number | null> {
  const source = await open(input, 'r');
  let target: FileHandle | null = await open(partial, 'w');
  const CHUNK = sizes.read;
  const OUT = sizes.write;
  const reading = Buffer.allocUnsafe(CHUNK);
  const out = Buffer.allocUnsafe(OUT);
  let at = 0;
  const ascii = (text: string) => (at += out.write(text, at, 'latin1'));
  const flush = async () => {
    if (at > 0) await target!.write(out, 0, at);
    at = 0;
  };
  const digitsOf = new Uint8Array(24);
  const number = (n: number) => {
    let d = 0;
    do {
      digitsOf[d++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    while (d > 0) out[at++] = digitsOf[--d]!;
  };
  const outcomes = new Map<string, Buffer>(['allocated', 'panel-review', 'below-threshold'].map((o) => [o, Buffer.from(`,${o}\n`, 'latin1')]));
  const groups = c.groups ? known(c.groups.keys()) : null;
  // The header decides which question each column answers.
  let columns: Known[][] = [];
  let questionOf: number[] = [];
  const answers = new Array<string>(c.questionIds.length);
  const domainPoints = new Array<number>(c.domainCaps.length);
  let line = 0;
  let rows = 0;

  const header = (text: string) => {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const names = text.split(',');
    if (names[0] !== 'person_id' || names[1] !== 'group') throw new NotPlain();
    questionOf = names.slice(2).map((name) => c.questionIndex.get(name) ?? -1);
    if (questionOf.includes(-1) || new Set(questionOf).size !== c.questionIds.length || questionOf.length !== c.questionIds.length) throw new NotPlain();
    columns = questionOf.map((q) => known(c.answerPoints[q]!.keys()));
    ascii('person_id,group,points,weekly_pence,annual_pence,outcome\n');
  };

  /** Prices every whole line in `buffer` from `from`; returns where it stopped (an unfinished line, or a full output buffer). */
  const scan = (buffer: Buffer, from: number): number => {
    const length = buffer.length;
    let start = from;
    for (;;) {
      let end = buffer.indexOf(NEWLINE, start);
      if (end === -1) return start;
      const next = end + 1;
      if (end > start && buffer[end - 1] === RETURN) end--;
      if (line === 0) {
        const text = buffer.toString('utf8', start, end);
        if (text.indexOf('"') !== -1 || text.indexOf('\uFFFD') !== -1) throw new NotPlain();
        header(text);
        line = 1;
        start = next;
        continue;
      }
      if (end === start) {
        line++;
        start = next;
        continue;
      }
      // The person id: not empty, ASCII, no quotes.
      let i = start;
      while (i < end && buffer[i] !== COMMA) {
        const b = buffer[i]!;
        if (b >= 0x80 || b < 0x20 || b === QUOTE) throw new NotPlain();
        i++;
      }
      const personEnd = i;
      if (personEnd === start || personEnd === end) throw new NotPlain();
      // The group.
      const groupStart = personEnd + 1;
      i = groupStart;
      while (i < end && buffer[i] !== COMMA) {
        const b = buffer[i]!;
        if (b >= 0x80 || b < 0x20 || b === QUOTE) throw new NotPlain();
        i++;
      }
      const groupEnd = i;
      let groupId: string | null = null;
      if (groups) {
        groupId = match(groups, buffer, groupStart, groupEnd) ?? null;
        if (groupId === null) throw new NotPlain();
      }
      // The answers, one a column.
      for (let j = 0; j < columns.length; j++) {
        if (i >= end) throw new NotPlain(); // too few fields
        const fieldStart = i + 1;
        i = buffer.indexOf(COMMA, fieldStart);
        if (i === -1 || i > end) i = end;
        const id = match(columns[j]!, buffer, fieldStart, i);
        if (id === undefined) throw new NotPlain();
        answers[questionOf[j]!] = id;
      }
      if (i !== end) throw new NotPlain(); // too many fields
      // Room for the row: its ids, three numbers and an outcome.
      if (at + (groupEnd - start) + 80 > OUT) {
        if (at === 0) throw new NotPlain(); // a row longer than the whole output buffer
        return start;
      }
      const priced = priceChecked(c, answers, groupId, domainPoints);
      at += buffer.copy(out, at, start, groupEnd);
      out[at++] = COMMA;
      number(priced.points);
      out[at++] = COMMA;
      number(priced.weeklyPence);
      out[at++] = COMMA;
      number(priced.annualPence);
      at += outcomes.get(priced.outcome)!.copy(out, at);
      rows++;
      line++;
      start = next;
      if (start >= length) return start;
    }
  };

  let bytes = 0;
  let carry: Buffer | null = null;
  try {
    for (;;) {
      const { bytesRead } = await source.read(reading, 0, CHUNK, null);
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
        const joined = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
        for (let from = 0; from < joined.length; ) {
          from = scan(joined, from);
          if (from < joined.length) await flush();
        }
        carry = null;
        chunk = chunk.subarray(nl + 1);
      }
      let from = 0;
      for (;;) {
        from = scan(chunk, from);
        if (from >= chunk.length || chunk.indexOf(NEWLINE, from) === -1) break;
        await flush();
      }
      if (from < chunk.length) {
        if (chunk.length - from > MAX_LINE_BYTES) throw new NotPlain();
        carry = Buffer.from(chunk.subarray(from));
      }
      await flush();
      progress.update(bytes, `${rows.toLocaleString('en-GB')} rows`);
    }
    // The last line, without a line break after it.
    if (carry && carry.length > 0) {
      const last = Buffer.concat([carry, Buffer.from([NEWLINE])]);
      for (let from = 0; from < last.length; ) {
        from = scan(last, from);
        if (from < last.length) await flush();
      }
    }
    if (line === 0) throw new NotPlain(); // empty: the careful reader says so
    await flush();
    await target.close();
    target = null;
    return rows;
  } catch (error) {
    if (error instanceof NotPlain) return null;
    throw error;
  } finally {
    await source.close();
    await target?.close();
  }
}
