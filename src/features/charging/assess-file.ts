import { createWriteStream, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { CsvSyntaxError, readCsv } from '../../batch/csv.js';
import { BatchFileError, type BatchProblem } from '../../batch/problems.js';
import { type Progress, progressBar } from '../../batch/progress.js';
import { isIsoDate } from '../../domain/calendar/iso-date.js';
import { ASSESSMENT_COLUMNS, ENUMS, MAX_AMOUNT_DIGITS, MAX_COUNT, checkCircumstances } from '../../domain/charging/circumstances.js';
import { type Circumstances, assessContribution } from '../../domain/charging/contribution.js';
import type { ChargingRules } from '../../domain/charging/rules.js';

/**
 * `selfdirect charging assess`: a `selfdirect-financial-assessment` CSV in, contributions out
 * (charging.md §6–7). All or nothing: any bad row refuses the file, every problem is named as
 * `line N, column C: expected …`, and nothing is written (the output goes to a partial file,
 * renamed only when the whole input was good).
 */
export const OUTPUT_HEADER = 'person_id,capital_pence,tariff_income_pence,counted_income_pence,disregarded_income_pence,housing_costs_pence,dre_pence,mig_pence,disposable_income_pence,weekly_contribution_pence,reason';

/** Only the first problems are named: a file can have millions. */
const KEEP_PROBLEMS = 1000;
const PERSON_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const COLUMN_COUNT = ASSESSMENT_COLUMNS.length;

/** Whole pence written as digits, or -1. */
function pence(text: string): number {
  const n = text.length;
  if (n === 0 || n > MAX_AMOUNT_DIGITS) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function count(text: string): number {
  const v = text.length <= 2 ? pence(text) : -1;
  return v > MAX_COUNT ? -1 : v;
}

const yesNo = (text: string) => (text === 'yes' ? true : text === 'no' ? false : null);

/** The header's columns by position in the canonical list, or null with problems named. */
export function readHeader(fields: string[], problems: BatchProblem[]): number[] | null {
  const before = problems.length;
  const position = new Map(ASSESSMENT_COLUMNS.map((c, i) => [c.name, i]));
  const seen = new Set<string>();
  const order: number[] = [];
  for (const name of fields) {
    const i = position.get(name);
    if (i === undefined) problems.push({ line: 1, column: name, message: 'expected one of the selfdirect-financial-assessment columns; this one is not' });
    else if (seen.has(name)) problems.push({ line: 1, column: name, message: 'expected once; this column appears more than once' });
    seen.add(name);
    order.push(i ?? -1);
  }
  const missing = ASSESSMENT_COLUMNS.filter((c) => !seen.has(c.name)).map((c) => c.name);
  if (missing.length > 0) problems.push({ line: 1, column: null, message: `expected every column; these are missing: ${missing.join(', ')}` });
  return problems.length === before ? order : null;
}

const ENUM_TEXT = Object.fromEntries(Object.entries(ENUMS).map(([k, v]) => [k, v.join(', ')])) as Record<keyof typeof ENUMS, string>;

const KIND_CODES = ['id', 'date', 'household', 'yes-no', 'partner', 'count', 'light-touch', 'free-service', 'pence', 'aa-rate', 'dla-care-rate', 'pip-rate'] as const;
const [ID, DATE, , YES_NO, PARTNER, COUNT, , , PENCE] = KIND_CODES.map((_, i) => i) as number[];

/** The kind of each field by its position in the file, as small integers for the row loop. */
export function kindsOf(order: number[]): Int8Array {
  return Int8Array.from(order, (k) => KIND_CODES.indexOf(ASSESSMENT_COLUMNS[k]!.kind));
}

/**
 * Reads one data row into `values` (by canonical column), returning false when any field is not
 * of its column's form. It names nothing: the caller asks `rowProblems` for the messages, so the
 * common case allocates nothing but the values. Dates are checked once per distinct value.
 */
export function readRow(fields: string[], order: number[], kinds: Int8Array, values: unknown[], validDates: Map<string, boolean>): boolean {
  let ok = true;
  for (let j = 0; j < fields.length; j++) {
    const text = fields[j]!;
    const kind = kinds[j]!;
    let v: unknown;
    if (kind === PENCE) {
      v = pence(text);
      if (v === -1) ok = false;
    } else if (kind === YES_NO) {
      v = text === 'yes' ? true : text === 'no' ? false : (ok = false);
    } else if (kind === PARTNER) {
      v = text === '' ? null : text === 'yes' ? true : text === 'no' ? false : (ok = false);
    } else if (kind === COUNT) {
      v = count(text);
      if (v === -1) ok = false;
    } else if (kind === DATE) {
      let valid = validDates.get(text);
      if (valid === undefined) {
        valid = isIsoDate(text);
        if (validDates.size > 100_000) validDates.clear();
        validDates.set(text, valid);
      }
      v = text;
      if (!valid) ok = false;
    } else if (kind === ID) {
      v = text;
      if (!PERSON_ID.test(text)) ok = false;
    } else {
      v = text;
      if (!(ENUMS[KIND_CODES[kind] as keyof typeof ENUMS] as readonly string[]).includes(text)) ok = false;
    }
    values[order[j]!] = v;
  }
  return ok;
}

/** What is wrong with each field of a row that `readRow` refused, named by line and column. */
export function rowProblems(fields: string[], order: number[], line: number): BatchProblem[] {
  const problems: BatchProblem[] = [];
  const found = (text: string) => (text === '' ? 'nothing' : `"${text}"`);
  fields.forEach((text, j) => {
    const column = ASSESSMENT_COLUMNS[order[j]!]!;
    const problem = (message: string) => problems.push({ line, column: column.name, message });
    switch (column.kind) {
      case 'pence':
        if (pence(text) === -1) problem(`expected whole pence written as digits (at most ${MAX_AMOUNT_DIGITS}), like 23025 for £230.25; found ${found(text)}`);
        return;
      case 'yes-no':
        if (yesNo(text) === null) problem(`expected yes or no; found ${found(text)}`);
        return;
      case 'partner':
        if (text !== '' && yesNo(text) === null) problem(`expected yes, no, or empty; found "${text}"`);
        return;
      case 'count':
        if (count(text) === -1) problem(`expected a whole number from 0 to ${MAX_COUNT}; found ${found(text)}`);
        return;
      case 'date':
        if (!isIsoDate(text)) problem(`expected a date written YYYY-MM-DD; found ${found(text)}`);
        return;
      case 'id':
        if (!PERSON_ID.test(text)) problem(`expected 1 to 64 of A-Z, a-z, 0-9, _ . -; found ${found(text)}`);
        return;
      default:
        if (!(ENUMS[column.kind] as readonly string[]).includes(text)) problem(`expected one of ${ENUM_TEXT[column.kind]}; found ${found(text)}`);
    }
  });
  return problems;
}

/** Circumstances from a row's values in canonical column order (ASSESSMENT_COLUMNS), into `into` when given (the batch reuses one). */
export function circumstancesOf(v: unknown[], into = {} as Circumstances): Circumstances {
  into.assessmentDate = v[1] as string;
  into.dateOfBirth = v[2] as string;
  into.household = v[3] as Circumstances['household'];
  into.pensionCreditAge = v[4] as boolean;
  into.partnerPensionCreditAge = v[5] as boolean | null;
  into.dependentChildren = v[6] as number;
  into.disabilityPremium = v[7] as boolean;
  into.enhancedDisabilityPremium = v[8] as boolean;
  into.carerPremium = v[9] as boolean;
  into.nightCareArranged = v[10] as boolean;
  into.lightTouch = v[11] as Circumstances['lightTouch'];
  into.freeService = v[12] as Circumstances['freeService'];
  into.statePensionPence = v[13] as number;
  into.occupationalPensionPence = v[14] as number;
  into.pensionCreditGuaranteePence = v[15] as number;
  into.pensionCreditSavingsPence = v[16] as number;
  into.universalCreditPence = v[17] as number;
  into.esaPence = v[18] as number;
  into.incomeSupportJsaPence = v[19] as number;
  into.carersAllowancePence = v[20] as number;
  into.aaRate = v[21] as Circumstances['aaRate'];
  into.aaPence = v[22] as number;
  into.dlaCareRate = v[23] as Circumstances['dlaCareRate'];
  into.dlaCarePence = v[24] as number;
  into.pipDailyLivingRate = v[25] as Circumstances['pipDailyLivingRate'];
  into.pipDailyLivingPence = v[26] as number;
  into.dlaMobilityPence = v[27] as number;
  into.pipMobilityPence = v[28] as number;
  into.earningsPence = v[29] as number;
  into.warPensionPence = v[30] as number;
  into.armedForcesGipAfipPence = v[31] as number;
  into.childBenefitCtcPence = v[32] as number;
  into.otherCountedPence = v[33] as number;
  into.otherDisregardedPence = v[34] as number;
  into.jointIncomePence = v[35] as number;
  into.capitalSolePence = v[36] as number;
  into.capitalJointPence = v[37] as number;
  into.jointOwners = v[38] as number;
  into.housingCostsPence = v[39] as number;
  into.councilTaxPence = v[40] as number;
  into.dreItemisedPence = v[41] as number;
  into.costOfCareWeeklyPence = v[42] as number;
  return into;
}

export interface AssessFileResult {
  rows: number;
}

export async function assessFile(rules: ChargingRules, input: string, output: string, options: { progress?: Progress } = {}): Promise<AssessFileResult> {
  const progress = options.progress ?? progressBar(statSync(input).size, 'Assessing');
  const problems: BatchProblem[] = [];
  let more = 0;
  const partial = `${output}.partial`;
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  const seen = new Set<string>();
  const validDates = new Map<string, boolean>();
  let order: number[] | null = null;
  let kinds: Int8Array = new Int8Array(0);
  const values = new Array<unknown>(COLUMN_COUNT);
  const circumstances = circumstancesOf(new Array<unknown>(COLUMN_COUNT).fill(0));
  let headerSeen = false;
  let rows = 0;
  let buffer = `${OUTPUT_HEADER}\n`;
  const keep = () => {
    if (problems.length > KEEP_PROBLEMS) {
      more += problems.length - KEEP_PROBLEMS;
      problems.length = KEEP_PROBLEMS;
    }
  };
  try {
    for await (const batch of readCsv(input, (bytes) => progress.update(bytes, `${rows.toLocaleString('en-GB')} rows`), 1 << 16)) {
      for (const record of batch) {
        const fields = record.fields;
        if (!headerSeen) {
          headerSeen = true;
          order = readHeader(fields, problems);
          if (!order) break;
          kinds = kindsOf(order);
          continue;
        }
        if (fields.length !== COLUMN_COUNT) {
          problems.push({ line: record.line, column: null, message: `expected ${COLUMN_COUNT} fields, one for each column of the header; found ${fields.length}` });
          continue;
        }
        if (!readRow(fields, order!, kinds, values, validDates)) {
          problems.push(...rowProblems(fields, order!, record.line));
          keep();
          continue;
        }
        const personId = values[0] as string;
        if (seen.has(personId)) problems.push({ line: record.line, column: 'person_id', message: `expected each person once; "${personId}" is on an earlier line` });
        seen.add(personId);
        circumstancesOf(values, circumstances);
        for (const p of checkCircumstances(rules, circumstances)) problems.push({ line: record.line, column: p.column, message: p.message });
        if (problems.length > 0) {
          keep();
          continue; // once the file is bad, only look for more problems
        }
        const r = assessContribution(rules, circumstances);
        buffer += `${personId},${r.capitalPence},${r.tariffIncomePence},${r.countedIncomePence},${r.disregardedIncomePence},${r.housingCostsPence},${r.drePence},${r.migPence},${r.disposableIncomePence},${r.weeklyContributionPence},${r.reason}\n`;
        rows++;
      }
      if (!order && headerSeen) break;
      if (buffer.length > 1 << 16) {
        if (problems.length === 0 && !out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    if (!headerSeen) problems.push({ line: 1, column: null, message: 'expected a header row; the file is empty' });
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ line: error.line, column: null, message: error.message.replace(/^line \d+: /, '') });
  } finally {
    progress.finish();
  }
  keep();
  out.end(problems.length === 0 ? buffer : '');
  await once(out, 'close');
  if (problems.length > 0) {
    await rm(partial, { force: true });
    throw new BatchFileError(input, problems, more);
  }
  await rename(partial, output);
  return { rows };
}
