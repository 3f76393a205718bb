import { z } from 'zod';
import { statutoryRedundancyPence } from '../../domain/direct-payments/final-reconciliation.js';
import { formatPence, poundsForInput } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { submittedValues } from '../../web/forms.js';
import * as ending from './ending-presenters.js';
import { recordFinalReconciliation, finalFigures } from './endings.js';
import { finalPaymentRunOf, finalReconciliationOf } from './endings-repository.js';
import { letterOutcome, sentRoute } from './letter-routes.js';
import { ACCESS, loadAgreement, manages } from './loaders.js';
import { reclaimById } from './repository.js';
import { finalSchema, redundancySchema } from './schemas.js';

/** The final reconciliation of an ended direct payment, its redundancy calculator, and the ending letter. */

async function loadFinal(ctx: Context, params: { id: string }): Promise<(ending.FinalView & { person_id: string; person: Parameters<typeof ending.endingLetter>[0]['person'] }) | undefined> {
  const found = await loadAgreement(ctx, params);
  if (!found) return undefined;
  const [figures, recorded] = await Promise.all([finalFigures(ctx.db, found.agreement, ctx.today, ctx.config.monitoring), finalReconciliationOf(ctx.db, found.agreement.id)]);
  const [reclaim, paidOn] = await Promise.all([recorded?.reclaim_id ? reclaimById(ctx.db, recorded.reclaim_id) : undefined, recorded ? finalPaymentRunOf(ctx.db, recorded.id) : null]);
  return { ...found, figures, recorded, reclaim, paidOn, redundancyCapPence: ctx.config.monitoring.redundancyWeeklyCapPence };
}
type Final = NonNullable<Awaited<ReturnType<typeof loadFinal>>>;

const finalPage = (v: Final, values: Record<string, string | string[]>, errors?: { field: string; message: string }[], extra: { status?: number; calculated?: string } = {}) => ({
  ...page('direct-payments/views/final.njk', { ...ending.finalPage(v, values, errors), calculated: extra.calculated ?? null }, { noStore: true }),
  ...(extra.status ? { status: extra.status } : {}),
});
const onFinal = { access: ACCESS, params: idParams, load: loadFinal, allow: manages, viewed: (v: Final) => ({ action: 'direct-payment.final-viewed', subjectType: 'dp-agreement', subjectId: v.agreement.id, personId: v.agreement.person_id }) };
const letterOf = (ctx: Pick<Context, 'today' | 'config'>, v: Final) => ending.endingLetter({ agreement: v.agreement, person: v.person, recorded: v.recorded!, reclaim: v.reclaim, returnedPence: Number(v.recorded!.returned_pence) }, ctx.today, ctx.config.councilContact);
const loadRecorded = async (ctx: Context, params: { id: string }) => {
  const v = await loadFinal(ctx, params);
  return v?.recorded ? v : undefined;
};

export const endingRoutes: Route[] = [
  route({ method: 'GET', url: '/direct-payments/:id/final', ...onFinal, respond: (_ctx, v: Final) => finalPage(v, ending.finalValues(v.figures)) }),
  route({
    method: 'POST',
    url: '/direct-payments/:id/final',
    access: ACCESS,
    params: idParams,
    load: loadFinal,
    allow: manages,
    form: finalSchema,
    command: (ctx, v: Final, f: z.infer<typeof finalSchema>) => recordFinalReconciliation(ctx, v, { noticePence: f.notice, holidayPence: f.holiday, redundancyPence: f.redundancy, otherPence: f.other, notes: f.notes }),
    invalid: (_ctx, v: Final, problems) => finalPage(v, problems.values, problems.errors),
    conflict: (_ctx, v: Final, error) => finalPage(v, ending.finalValues(v.figures), [{ field: 'notes', message: error.message }], { status: 409 }),
    respond: (_ctx, v: Final, r) =>
      redirect(
        paths.directPayments.final(v.agreement.id),
        r.outcome === 'reclaim' ? `Final reconciliation recorded: a final reclaim of ${formatPence(r.amount_pence)} is proposed for finance to decide` : r.outcome === 'final-payment' ? `Final reconciliation recorded: the next payment run pays a final payment of ${formatPence(r.amount_pence)}` : 'Final reconciliation recorded: nothing to come back and nothing to pay',
      ),
  }),
  // The calculator: works out statutory redundancy pay and puts it in the form, without saving anything.
  route({
    method: 'POST',
    url: '/direct-payments/:id/final/redundancy',
    access: ACCESS,
    params: idParams,
    load: loadFinal,
    allow: manages,
    form: redundancySchema,
    command: async (_ctx, v: Final, f: z.infer<typeof redundancySchema>) => ({ pence: statutoryRedundancyPence({ weeklyPayPence: f.pa_weekly, weeklyCapPence: v.redundancyCapPence, ageAtEnd: f.pa_age, fullYears: f.pa_years }), values: { ...submittedValues(f), pa_weekly: poundsForInput(f.pa_weekly), pa_years: String(f.pa_years), pa_age: String(f.pa_age) } }),
    invalid: (_ctx, v: Final, problems) => finalPage(v, problems.values, problems.errors),
    respond: (_ctx, v: Final, { pence, values }) =>
      finalPage(v, { ...values, redundancy: poundsForInput(pence) }, undefined, { calculated: pence > 0 ? `Statutory redundancy pay is ${formatPence(pence)}. It is now in the redundancy pay box: check it, then record the reconciliation.` : 'No statutory redundancy pay is due: it needs 2 full years of work or more.' }),
  }),
  route({ method: 'GET', url: '/direct-payments/:id/final/letter', access: ACCESS, params: idParams, load: loadRecorded, allow: manages, respond: (ctx, v: Final) => letterOutcome(letterOf(ctx, v), `${paths.directPayments.endingLetter(v.agreement.id)}/sent`) }),
  sentRoute('/direct-payments/:id/final/letter/sent', loadRecorded, 'ending', (ctx, v: Final) => ({ id: v.recorded!.id, letter: letterOf(ctx, v) })),
];
