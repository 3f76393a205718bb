import { type Ascof3d, type AscofRow, ascof3d, percentage } from '../../domain/cld/ascof-3d.js';
import { CLD_COLUMNS, type FieldCheck, type Submission, checkCldRow, cldPersonId, cldRow } from '../../domain/cld/extract.js';
import { csvField } from '../../batch/csv.js';
import type { Executor } from '../../web/route.js';
import { eventsOpenIn } from './repository.js';

/** A row the return would refuse, with what to fix. */
export interface InvalidEvent {
  eventReference: string;
  personId: string;
  laPersonId: string;
  eventType: string;
  failures: FieldCheck[];
}

/** Per column, how many rows fall in each of DHSC's categories. */
export type FieldSummary = Record<string, Partial<Record<FieldCheck['validity'], number>>>;

export interface CldExtract {
  rows: number;
  invalid: InvalidEvent[];
  summary: FieldSummary;
}

/**
 * The CLD Release 2 extract for the period, written line by line through `write` (header first),
 * with every row checked as DHSC will check it. Invalid rows are written too (the caller decides
 * whether the file may be used); memory holds a page of events and the failures, not the return.
 */
export async function writeCldExtract(db: Executor, submission: Submission, write: (text: string) => void | Promise<void>): Promise<CldExtract> {
  await write(`${CLD_COLUMNS.join(',')}\r\n`);
  const invalid: InvalidEvent[] = [];
  const summary: FieldSummary = {};
  let rows = 0;
  for await (const page of eventsOpenIn(db, submission.from, submission.to)) {
    let text = '';
    for (const { person, event } of page) {
      const row = cldRow(submission, person, event);
      text += `${CLD_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
      rows += 1;
      const checks = checkCldRow(row);
      for (const check of checks) {
        const counts = (summary[check.column] ??= {});
        counts[check.validity] = (counts[check.validity] ?? 0) + 1;
      }
      const failures = checks.filter((c) => c.validity.startsWith('Failed'));
      if (failures.length > 0) invalid.push({ eventReference: event.eventReference, personId: person.id, laPersonId: row.LA_Person_Unique_Identifier, eventType: event.eventType, failures });
    }
    await write(text);
  }
  return { rows, invalid, summary };
}

/** The rows of the extract as ASCOF reads them (DHSC computes ASCOF from the CLD it receives). */
async function ascofRows(db: Executor, from: string, to: string): Promise<{ rows: AscofRow[]; people: Map<string, string> }> {
  const rows: AscofRow[] = [];
  const people = new Map<string, string>();
  for await (const page of eventsOpenIn(db, from, to)) {
    for (const { person, event } of page) {
      const personId = cldPersonId(person);
      if (!personId) continue;
      people.set(personId, person.id);
      rows.push({
        personId,
        clientType: person.clientType,
        dateOfBirth: person.dateOfBirth,
        dateOfDeath: person.dateOfDeath,
        eventType: event.eventType,
        eventStartDate: event.startDate,
        eventEndDate: event.endDate,
        eventOutcome: event.outcome,
        serviceType: event.serviceType,
        serviceComponent: event.serviceComponent,
        deliveryMechanism: event.deliveryMechanism,
      });
    }
  }
  return { rows, people };
}

export interface AscofReport {
  period: { from: string; to: string };
  measures: Ascof3d['measures'];
  unknownDeliveryMechanism: Ascof3d['unknownDeliveryMechanism'];
  ni130: { people: number; population18Plus: number | null; per100k: number | null };
}

/**
 * ASCOF 3D for the period, and NI 130: people receiving self-directed support (clients at the
 * period end and carers during it, the 3D-1a and 3D-1b numerators) per 100,000 of the council's
 * population aged 18 and over, when it has given one.
 */
export async function ascofReport(db: Executor, from: string, to: string, population18Plus: number | null): Promise<{ report: AscofReport; detail: Ascof3d; people: Map<string, string> }> {
  const { rows, people } = await ascofRows(db, from, to);
  const detail = ascof3d(rows, from, to);
  return { report: ascofReportFrom(detail, from, to, population18Plus), detail, people };
}

/** The report from ASCOF 3D's measures for the period, worked out now or kept. */
export function ascofReportFrom(figures: Pick<Ascof3d, 'measures' | 'unknownDeliveryMechanism'>, from: string, to: string, population18Plus: number | null): AscofReport {
  const total = (id: string) => figures.measures.find((m) => m.id === id && m.group === 'Total')!.numerator;
  const selfDirected = total('3D-1a') + total('3D-1b');
  return {
    period: { from, to },
    measures: figures.measures,
    unknownDeliveryMechanism: figures.unknownDeliveryMechanism,
    ni130: { people: selfDirected, population18Plus, per100k: population18Plus ? percentage(selfDirected * 1000, population18Plus) : null },
  };
}

/**
 * ASCOF 3D for several periods from one read of the events: those open in the whole span, each
 * period then worked out by `ascof3d`, which keeps to its own dates. For the trend by quarter.
 */
export async function ascofForPeriods(db: Executor, periods: { from: string; to: string }[]): Promise<Ascof3d[]> {
  if (periods.length === 0) return [];
  const from = periods.map((p) => p.from).sort()[0]!;
  const to = periods.map((p) => p.to).sort().at(-1)!;
  const { rows } = await ascofRows(db, from, to);
  return periods.map((p) => ascof3d(rows, p.from, p.to));
}
