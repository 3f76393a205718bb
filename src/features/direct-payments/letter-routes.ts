import { z } from 'zod';
import type { DpAgreement } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { letterPdf } from '../../web/letter-pdf.js';
import * as present from './presenters.js';
import { decideReclaim, recordReclaim } from './reclaims.js';
import { letterById, recordLetterSent } from './letters.js';
import { reclaimDecisionSchema, reclaimRecordSchema } from './schemas.js';
import { ACCESS, type Account, type ReclaimRecord, accountViewed, loadAccount, loadAgreement, loadReclaim, loadVariation, manages, reclaimViewed } from './loaders.js';

/** Reclaims and the letters to the person: each letter is shown, then recorded as sent (its words kept). */

/** A letter's page, with the button that records it as sent (its words kept as they are now). */
/** A letter as it was sent, with its account. */
async function loadSentLetter(ctx: Context, params: { id: string }) {
  const letter = await letterById(ctx.db, params.id);
  const found = letter ? await loadAgreement(ctx, { id: letter.agreement_id }) : undefined;
  return letter && found ? { letter, ...found, person_id: found.agreement.person_id } : undefined;
}

export const letterOutcome = (letter: ReturnType<typeof present.letterPage>, sentAction: string) => page('direct-payments/views/letter.njk', { ...letter, sentAction }, { noStore: true });
export const sentRoute = <R extends { agreement: DpAgreement }>(url: string, load: (ctx: Context, p: { id: string }) => Promise<R | undefined>, kind: 'reclaim' | 'variation' | 'contribution' | 'ending', content: (ctx: Context, r: R) => { id: string | null; letter: ReturnType<typeof present.letterPage> }) =>
  route({
    method: 'POST',
    url,
    access: ACCESS,
    params: idParams,
    load,
    allow: (actor, r: R) => manages(actor, r.agreement),
    command: (ctx, r: R) => {
      const { id, letter } = content(ctx, r);
      return recordLetterSent(ctx, r.agreement, kind, id, letter);
    },
    respond: (_ctx, _r, sent) => redirect(paths.directPayments.letterSent(sent.id), 'Recorded as sent: this is the letter as it went, kept on the account'),
  });

const reclaimPage = (r: ReclaimRecord, values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) => page('direct-payments/views/reclaim.njk', present.reclaimPage(r, values, errors), { noStore: true });


export const letterRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/direct-payments/:id/contribution-note',
    access: ACCESS,
    params: idParams,
    load: loadAccount,
    allow: manages,
    viewed: accountViewed,
    respond: (ctx, a: Account) => letterOutcome(present.contributionNote({ agreement: a.agreement, person: a.person, weeklyPence: a.contributionWeeklyPence, check: a.summary.contribution }, ctx.today, ctx.config.councilContact), `/direct-payments/${a.agreement.id}/contribution-note/sent`),
  }),
  route({
    method: 'GET',
    url: '/dp-variations/:id/notice',
    access: ACCESS,
    params: idParams,
    load: loadVariation,
    allow: manages,
    viewed: (r) => ({ action: 'direct-payment.variation-notice-viewed', subjectType: 'dp-variation', subjectId: r.variation.id, personId: r.agreement.person_id }),
    respond: (ctx, r) => letterOutcome(present.variationNotice(r.variation, r.agreement, r.person, ctx.today, ctx.config.councilContact), `/dp-variations/${r.variation.id}/notice/sent`),
  }),
  route({ method: 'GET', url: '/reclaims/:id', access: ACCESS, params: idParams, load: loadReclaim, allow: manages, viewed: reclaimViewed, respond: (_ctx, r: ReclaimRecord) => reclaimPage(r, {}) }),
  route({
    method: 'POST',
    url: '/reclaims/:id/decision',
    access: ACCESS,
    params: idParams,
    load: loadReclaim,
    allow: manages,
    form: reclaimDecisionSchema,
    command: (ctx, r: ReclaimRecord, f: z.infer<typeof reclaimDecisionSchema>) => decideReclaim(ctx, r, f.version, f),
    invalid: (_ctx, r: ReclaimRecord, problems) => reclaimPage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ReclaimRecord, error) => ({ ...reclaimPage(r, {}, [{ field: 'decision', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ReclaimRecord) => redirect(paths.directPayments.reclaim(r.reclaim.id), 'Decision recorded'),
  }),
  route({
    method: 'POST',
    url: '/reclaims/:id/record',
    access: ACCESS,
    params: idParams,
    load: loadReclaim,
    allow: manages,
    form: reclaimRecordSchema,
    command: (ctx, r: ReclaimRecord, f: z.infer<typeof reclaimRecordSchema>) => recordReclaim(ctx, r, f.version, f.how),
    invalid: (_ctx, r: ReclaimRecord, problems) => reclaimPage(r, problems.values, problems.errors),
    conflict: (_ctx, r: ReclaimRecord, error) => ({ ...reclaimPage(r, {}, [{ field: 'how', message: error.message }]), status: 409 }),
    respond: (_ctx, r: ReclaimRecord) => redirect(paths.directPayments.reclaim(r.reclaim.id), 'Reclaim recorded. A review of the plan has been created'),
  }),
  route({ method: 'GET', url: '/reclaims/:id/letter', access: ACCESS, params: idParams, load: loadReclaim, allow: manages, viewed: reclaimViewed, respond: (ctx, r: ReclaimRecord) => letterOutcome(present.letterPage(r, ctx.today, ctx.config.councilContact), `/reclaims/${r.reclaim.id}/letter/sent`) }),
  sentRoute('/reclaims/:id/letter/sent', loadReclaim, 'reclaim', (ctx, r) => ({ id: r.reclaim.id, letter: present.letterPage(r, ctx.today, ctx.config.councilContact) })),
  sentRoute('/dp-variations/:id/notice/sent', loadVariation, 'variation', (ctx, r) => ({ id: r.variation.id, letter: present.variationNotice(r.variation, r.agreement, r.person, ctx.today, ctx.config.councilContact) })),
  sentRoute('/direct-payments/:id/contribution-note/sent', loadAccount, 'contribution', (ctx, a) => ({ id: null, letter: present.contributionNote({ agreement: a.agreement, person: a.person, weeklyPence: a.contributionWeeklyPence, check: a.summary.contribution }, ctx.today, ctx.config.councilContact) })),
  route({
    method: 'GET',
    url: '/dp-letters/:id',
    access: ACCESS,
    params: idParams,
    load: loadSentLetter,
    allow: manages,
    viewed: (r) => ({ action: 'direct-payment.letter-viewed', subjectType: 'dp-letter', subjectId: r.letter.id, personId: r.agreement.person_id }),
    respond: (_ctx, r) => page('direct-payments/views/letter.njk', { ...present.sentLetterPage(r.letter, r.agreement), pdfHref: paths.directPayments.letterPdf(r.letter.id) }, { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/dp-letters/:id/letter.pdf',
    access: ACCESS,
    params: idParams,
    load: loadSentLetter,
    allow: manages,
    viewed: (r) => ({ action: 'direct-payment.letter-viewed', subjectType: 'dp-letter', subjectId: r.letter.id, personId: r.agreement.person_id }),
    respond: async (ctx, r) => download('application/pdf', await letterPdf(present.sentLetterPage(r.letter, r.agreement), { councilName: ctx.config.councilName, team: 'Direct Payments Team', subject: 'A letter from the council about a direct payment' }), `letter-${r.agreement.reference}-${r.letter.sent_on}.pdf`),
  }),
];
