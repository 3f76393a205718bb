import { type Fit, ExactSums, fit } from '../../domain/analytics/regression.js';
import { decimalOf, decimalText, pow10, roundHalfUp } from '../../domain/ras/exact.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Progress } from '../../batch/progress.js';
import { open } from 'node:fs/promises';
import { CsvSyntaxError, MAX_LINE_CHARACTERS, parseCsvLine } from '../../batch/csv.js';
import { BatchFileError, type BatchProblem } from '../../batch/problems.js';
import { MAX_PROBLEMS_KEPT, wholeNumber } from './files.js';

/** A line of UTF-8 text of MAX_LINE_CHARACTERS characters takes at most four bytes a character. */
const MAX_LINE_BYTES = MAX_LINE_CHARACTERS * 4;
/** Read a few megabytes at a time into the same buffer. */
const CHUNK_BYTES = 4 << 20;

/** `selfdirect ras calibrate`: least squares of weekly cost on points, per group, from a history file. */
export interface CalibrationReport {
  groups: ({ id: string } & Fit)[];
}

const HEADER = 'person_id,group,points,weekly_cost_pence';
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;

/** Whether `buffer` holds the bytes of `known` at `at` (a short group name: faster than a native compare). */
function sameBytes(known: Buffer, buffer: Buffer, at: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== buffer[at + i]) return false;
  return true;
}

/** A whole number of 0 or more from ASCII digits in bytes [start, end), or -1. */
function digits(buffer: Buffer, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buffer[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The history file is read as bytes (a record may not span lines here: a line break inside quotes
 * is reported as a quoted field that is not closed): a plain line (no quotes, four fields, whole numbers) is
 * summed without making strings of its numbers. Any other line goes through the full RFC 4180
 * reader and its checks, so the messages are the same either way.
 */
async function scanHistory(file: string, add: (group: string, points: number, cost: number) => void, progress?: Progress) {
  const problems: BatchProblem[] = [];
  let more = 0;
  // Only the first problems are kept and named; the rest are counted, so a bad file never fills memory.
  const capProblems = () => {
    if (problems.length > MAX_PROBLEMS_KEPT) {
      more += problems.length - MAX_PROBLEMS_KEPT;
      problems.length = MAX_PROBLEMS_KEPT;
    }
  };
  let carry: Buffer | null = null;
  let line = 0;
  let bytes = 0;
  // The groups seen so far, as bytes: a row's group is matched without making a string.
  const seenGroups: { bytes: Buffer; name: string }[] = [];
  const slow = (text: string, at: number) => {
    let fields: string[];
    try {
      fields = text.indexOf('"') === -1 ? text.split(',') : parseCsvLine(text, at);
    } catch (error) {
      if (!(error instanceof CsvSyntaxError)) throw error;
      problems.push({ line: at, column: null, message: error.message.replace(/^line \d+: /, '') });
      return;
    }
    if (fields.length !== 4) {
      problems.push({ line: at, column: null, message: `has ${fields.length} fields; expected 4, one for each column of the header` });
      return;
    }
    checkRow(fields, at, problems, add);
  };
  /** Reads every whole line in `buffer` from `from`; returns where the unfinished last line starts. */
  const scanLines = (buffer: Buffer, from: number): number => {
    const length = buffer.length;
    let start = from;
    for (;;) {
      // One pass over the line's bytes: where its commas are, whether it has a quote, where it ends.
      let i = start;
      let commas = 0;
      let c1 = -1;
      let c2 = -1;
      let c3 = -1;
      let quoted = false;
      for (; i < length; i++) {
        const b = buffer[i]!;
        if (b === NEWLINE) break;
        if (b === COMMA) {
          commas++;
          if (commas === 1) c1 = i;
          else if (commas === 2) c2 = i;
          else if (commas === 3) c3 = i;
        } else if (b === QUOTE) quoted = true;
      }
      if (i === length) return start; // unfinished: the rest comes with the next chunk
      line++;
      let end = i;
      if (end > start && buffer[end - 1] === RETURN) end--;
      const lineStart = start;
      start = i + 1;
      if (line === 1) {
        let text = buffer.toString('utf8', lineStart, end);
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (text !== HEADER) {
          problems.push({ line: 1, column: null, message: `the header must be ${HEADER}` });
          throw new BatchFileError(file, problems);
        }
        continue;
      }
      if (end === lineStart) continue;
      // Four fields, a person id and a group that are not empty, no quotes.
      if (!quoted && commas === 3 && c1 > lineStart && c2 > c1 + 1 && c3 < end) {
        const points = digits(buffer, c2 + 1, c3);
        const cost = digits(buffer, c3 + 1, end);
        if (points >= 0 && cost >= 0) {
          const groupLength = c2 - c1 - 1;
          let group: string | undefined;
          for (const seen of seenGroups) {
            if (seen.bytes.length === groupLength && sameBytes(seen.bytes, buffer, c1 + 1)) {
              group = seen.name;
              break;
            }
          }
          if (group === undefined) {
            const bytes = Buffer.from(buffer.subarray(c1 + 1, c2));
            group = bytes.toString('utf8');
            if (seenGroups.length < 64) seenGroups.push({ bytes, name: group });
          }
          add(group, points, cost);
          continue;
        }
      }
      slow(buffer.toString('utf8', lineStart, end), line);
    }
  };
  const tooLong = () => problems.push({ line: line + 1, column: null, message: `is longer than ${MAX_LINE_CHARACTERS.toLocaleString('en-GB')} characters, so this is not a CSV file of records` });
  // One buffer, read into again and again: no allocation a chunk.
  const handle = await open(file, 'r');
  const reading = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(reading, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const chunk = reading.subarray(0, bytesRead);
      bytes += chunk.length;
      // A line cut by the chunk's edge is joined to the head of the next (a copy of one line, not of the chunk).
      let from = 0;
      if (carry) {
        const nl = chunk.indexOf(NEWLINE);
        if (nl === -1) {
          // A line longer than any record is not a history file: stop before it fills memory.
          if (carry.length + chunk.length > MAX_LINE_BYTES) {
            tooLong();
            carry = null;
            break;
          }
          carry = Buffer.concat([carry, chunk]);
          progress?.update(bytes);
          continue;
        }
        scanLines(Buffer.concat([carry, chunk.subarray(0, nl + 1)]), 0);
        carry = null;
        from = nl + 1;
      }
      const start = scanLines(chunk, from);
      carry = start < chunk.length ? Buffer.from(chunk.subarray(start)) : null;
      if (carry && carry.length > MAX_LINE_BYTES) {
        tooLong();
        carry = null;
        break;
      }
      capProblems();
      progress?.update(bytes);
    }
    if (carry && carry.length > 0) {
      line++;
      const text = carry.toString('utf8').replace(/\r$/, '');
      if (line === 1) problems.push({ line: 1, column: null, message: text === HEADER ? 'the file has a header and no rows' : `the header must be ${HEADER}` });
      else if (text !== '') slow(text, line);
    }
    if (line === 0) problems.push({ line: 1, column: null, message: 'the file is empty; expected a header row' });
  } finally {
    await handle.close();
    progress?.finish();
  }
  capProblems();
  if (problems.length > 0) throw new BatchFileError(file, problems, more);
}

function checkRow(f: string[], line: number, problems: BatchProblem[], add: (group: string, points: number, cost: number) => void) {
  const [personId, group, pointsText, costText] = f as [string, string, string, string];
  const points = wholeNumber(pointsText);
  const cost = wholeNumber(costText);
  const before = problems.length;
  if (personId === '') problems.push({ line, column: 'person_id', message: 'is empty; expected the person’s id' });
  if (group === '') problems.push({ line, column: 'group', message: 'is empty; expected the person’s group' });
  if (points === null) problems.push({ line, column: 'points', message: `"${pointsText}" is not a whole number of points, 0 or more` });
  if (cost === null) problems.push({ line, column: 'weekly_cost_pence', message: `"${costText}" is not a whole number of pence, 0 or more` });
  if (problems.length === before) add(group, points!, cost!);
}

/** `onRow` sees every valid row as it is summed (the web page samples points for its chart there, in the same pass). */
export async function calibrate(history: string, options: { throughOrigin: boolean; progress?: Progress; onRow?: (group: string, points: number, cost: number) => void }): Promise<CalibrationReport> {
  const groups = new Map<string, ExactSums>();
  let lastGroup = '';
  let lastSums: ExactSums | undefined;
  await scanHistory(
    history,
    (group, points, cost) => {
      if (group !== lastGroup || !lastSums) {
        lastGroup = group;
        lastSums = groups.get(group);
        if (!lastSums) groups.set(group, (lastSums = new ExactSums()));
      }
      lastSums.add(points, cost);
      options.onRow?.(group, points, cost);
    },
    options.progress,
  );
  return { groups: [...groups].map(([id, sums]) => ({ id, ...fit(sums, options.throughOrigin) })) };
}

/** A fitted figure to `places` decimal places, half up, exactly from the decimal it prints as. */
export function roundDecimal(value: number, places: number): number {
  const d = decimalOf(value);
  if (d.scale <= places) return value;
  return Number(decimalText({ units: roundHalfUp(d.units, pow10(d.scale - places)), scale: places }));
}

/**
 * A new draft version of a rate scheme with each fitted group's rate and fixed amount. Groups
 * that could not be fitted, or whose fitted rate is negative, keep their rates and are named.
 */
export function calibratedScheme(scheme: RasScheme, report: CalibrationReport, version: string, effectiveFrom: string = scheme.effectiveFrom): { scheme: RasScheme; kept: string[] } {
  if (scheme.allocation.type !== 'rate') throw new Error('Only a rate scheme can take fitted rates: this scheme uses bands');
  const kept: string[] = [];
  const groups = scheme.allocation.groups.map((g) => {
    const fitted = report.groups.find((r) => r.id === g.id);
    if (!fitted || 'error' in fitted || fitted.pencePerPoint < 0) {
      kept.push(g.id);
      return g;
    }
    // The format's rounding: pencePerPoint to 4 places, fixedPence to a whole penny.
    return { ...g, pencePerPoint: roundDecimal(fitted.pencePerPoint, 4), fixedPence: roundDecimal(fitted.fixedPence, 0) || 0 };
  });
  return { scheme: { ...scheme, version, effectiveFrom, allocation: { ...scheme.allocation, groups } }, kept };
}
