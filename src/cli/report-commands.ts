import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { isIsoDate } from '../domain/calendar/iso-date.js';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { writeReport } from '../features/analytics/files.js';
import { ascofReport, writeCldExtract } from '../features/statutory-returns/returns.js';
import { askForPagesFirstShown, workOutAskedFigures } from '../features/statutory-returns/kept-figures.js';
import { londonToday } from '../web/format.js';
import { UsageError } from './usage.js';
import { withDatabase } from './with-database.js';

/** `selfdirect report cld|ascof --from --to --out`: the statutory returns (../shared/formats/README.md). */
export async function runReport(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'figures') {
    // The statutory-figures job, run now, with what the pages show first asked for (ADR 0018).
    const { statutory } = loadConfig();
    const done = await withDatabase(async ({ db }) => {
      await askForPagesFirstShown(db, londonToday());
      return workOutAskedFigures(db, { laCode: statutory.laCode });
    });
    process.stdout.write(`Worked out ${done.ascof} ASCOF and ${done.quality} data-quality ${done.ascof + done.quality === 1 ? 'period' : 'periods'}; forgot ${done.forgotten} not asked for in five weeks.\n`);
    return 0;
  }
  if (sub !== 'cld' && sub !== 'ascof') throw new UsageError('Usage: selfdirect report cld|ascof --from YYYY-MM-DD --to YYYY-MM-DD --out FILE, or selfdirect report figures');
  const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, 'allow-invalid': { type: 'boolean' } } });
  const from = reportDate(values.from, 'from');
  const to = reportDate(values.to, 'to');
  if (to < from) throw new UsageError('--to must not be before --from');
  const out = values.out;
  if (!out) throw new UsageError('--out is required');
  const { statutory } = loadConfig();
  if (sub === 'ascof') {
    const { report } = await withDatabase(({ db }) => ascofReport(db, from, to, statutory.population18Plus?.people ?? null));
    await writeReport(out, report);
    for (const m of report.measures) process.stdout.write(`${m.id} ${m.group}: ${m.numerator} of ${m.denominator}, ${m.outcome}%\n`);
    process.stdout.write(`Delivery mechanism unknown: ${report.unknownDeliveryMechanism.clients} clients, ${report.unknownDeliveryMechanism.carers} carers.\n`);
    process.stdout.write(report.ni130.per100k === null ? `NI 130: ${report.ni130.people} people (set POPULATION_18_PLUS for the rate).\n` : `NI 130: ${report.ni130.people} people, ${report.ni130.per100k} per 100,000 aged 18 and over.\n`);
    return 0;
  }
  // The extract is written beside its name and renamed only when whole (and valid, or allowed).
  const partial = `${out}.partial`;
  const file = createWriteStream(partial, { encoding: 'utf8' });
  try {
    const extract = await withDatabase(({ db }) =>
      writeCldExtract(db, { laCode: statutory.laCode, from, to }, async (text) => {
        if (!file.write(text)) await once(file, 'drain');
      }),
    );
    file.end();
    await once(file, 'finish');
    for (const bad of extract.invalid) {
      process.stderr.write(`${bad.eventType} ${bad.eventReference} (person ${bad.laPersonId}): ${bad.failures.map((f) => `${f.column}: ${f.message}`).join('; ')}\n`);
    }
    if (extract.invalid.length > 0 && !values['allow-invalid']) {
      rmSync(partial, { force: true });
      process.stderr.write(`${extract.invalid.length} of ${extract.rows} events cannot be reported validly: nothing was written. Fix them (or use --allow-invalid).\n`);
      return 1;
    }
    renameSync(partial, out);
    process.stdout.write(`Wrote ${extract.rows} events open between ${from} and ${to} to ${out}${extract.invalid.length ? `, ${extract.invalid.length} of them invalid` : ''}.\n`);
    return 0;
  } catch (error) {
    file.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
}

function reportDate(value: string | undefined, option: string): string {
  if (!value) throw new UsageError(`--${option} is required, like 2025-04-01`);
  if (!isIsoDate(value)) throw new UsageError(`--${option} must be a date written YYYY-MM-DD, like 2025-04-01`);
  return value;
}
