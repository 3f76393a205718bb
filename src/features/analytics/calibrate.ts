import { type Fit, ExactSums, fit } from '../../domain/analytics/regression.js';
import { decimalOf, decimalText, pow10, roundHalfUp } from '../../domain/ras/exact.js';
import type { RasScheme } from '../../domain/ras/scheme.js';
import type { Progress } from '../../batch/progress.js';
import { createReadStream } from 'node:fs';
import { CsvSyntaxError, MAX_LINE_CHARACTERS, parseCsvLine } from '../../batch/csv.js';
import { BatchFileError, type BatchProblem } from '../../batch/problems.js';
import { MAX_PROBLEMS_KEPT, wholeNumber } from './files.js';

/** A line of UTF-8 text of MAX_LINE_CHARACTERS characters takes at most four bytes a character. */
const MAX_LINE_BYTES = MAX_LINE_CHARACTERS * 4;

/** `selfdirect ras calibrate`: least squares of weekly cost on points, per group, from a history file. */
export interface CalibrationReport {
  groups: ({ id: string } & Fit)[];
}

const HEADER = 'person_id,group,points,weekly_cost_pence';
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;

/** Whether bytes [start, end) hold a double quote (searching only this line, not the whole chunk). */
function hasQuote(buffer: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buffer[i] === QUOTE) return true;
  return false;
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
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
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
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // A line longer than any record is not a history file: stop before it fills memory.
      if (carry && carry.length + chunk.length > MAX_LINE_BYTES && chunk.indexOf(NEWLINE) === -1) {
        problems.push({ line: line + 1, column: null, message: `is longer than ${MAX_LINE_CHARACTERS.toLocaleString('en-GB')} characters, so this is not a CSV file of records` });
        carry = null;
        break;
      }
      const buffer: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = buffer.indexOf(NEWLINE, start); nl !== -1; nl = buffer.indexOf(NEWLINE, start)) {
        line++;
        let end = nl;
        if (end > start && buffer[end - 1] === RETURN) end--;
        const lineStart = start;
        start = nl + 1;
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
        const c1 = buffer.indexOf(COMMA, lineStart);
        const c2 = c1 === -1 || c1 >= end ? -1 : buffer.indexOf(COMMA, c1 + 1);
        const c3 = c2 === -1 || c2 >= end ? -1 : buffer.indexOf(COMMA, c2 + 1);
        const c4 = c3 === -1 || c3 >= end ? -1 : buffer.indexOf(COMMA, c3 + 1);
        // Four fields, a person id and a group that are not empty.
        const plain = c1 > lineStart && c1 < end && c2 > c1 + 1 && c2 < end && c3 > c2 && c3 < end && (c4 === -1 || c4 >= end);
        if (plain && !hasQuote(buffer, lineStart, end)) {
          const points = digits(buffer, c2 + 1, c3);
          const cost = digits(buffer, c3 + 1, end);
          if (points >= 0 && cost >= 0) {
            const groupLength = c2 - c1 - 1;
            let group: string | undefined;
            for (const seen of seenGroups) {
              if (seen.bytes.length === groupLength && buffer.compare(seen.bytes, 0, groupLength, c1 + 1, c2) === 0) {
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
      carry = start < buffer.length ? Buffer.from(buffer.subarray(start)) : null;
      if (carry && carry.length > MAX_LINE_BYTES) {
        problems.push({ line: line + 1, column: null, message: `is longer than ${MAX_LINE_CHARACTERS.toLocaleString('en-GB')} characters, so this is not a CSV file of records` });
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
