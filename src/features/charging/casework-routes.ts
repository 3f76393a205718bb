import { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { addDays } from '../../domain/directory/checks.js';
import { RECEIPT_EXTENSIONS, RECEIPT_MAX_BYTES } from '../../domain/documents/receipt.js';
import { paths } from '../../paths.js';
import { can, has } from '../../policies/index.js';
import { optionalPounds, requiredChoice, requiredText } from '../../web/fields.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { captionedTable } from '../../web/tables.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { personById } from '../people/repository.js';
import { CHANGE_KINDS, type ChangeKind, addEvidence, reportChange } from './changes.js';
import { personName } from './presenters.js';
import { upratingLetter } from './letters.js';
import { letterAddress, letterPdf } from '../../web/letter-pdf.js';
import { evidenceFile, evidenceOf, financialAssessmentById, reminderById, resolveReminder, toLookAtAgain } from './repository.js';

/** Evidence kept with an assessment, changes of circumstances, and the list of assessments to look at again. */

const ACCESS = 'charging:assess' as const;
/** People turning 25 or reaching pension credit age this soon are listed. */
const LOOK_AHEAD_DAYS = 56;

const evidenceForm = z.object({ description: requiredText(200, 'Say what the evidence is, like “Bank statement, March”', 'The description') });
const changeForm = z.object({
  kind: requiredChoice(Object.keys(CHANGE_KINDS) as [ChangeKind, ...ChangeKind[]], 'Select what changed'),
  details: requiredText(2000, 'Say what changed and when', 'What changed'),
  capital: optionalPounds('Enter their savings and capital now in pounds, like 15,000'),
});
const resolveForm = z.object({ reason: requiredText(2000, 'Say why no new assessment is needed', 'The reason') });

const loadAssessment = async (ctx: Context, p: { id: string }) => {
  const fa = await financialAssessmentById(ctx.db, p.id);
  const person = fa ? await personById(ctx.db, fa.person_id) : undefined;
  return fa && person ? { fa, person, evidence: await evidenceOf(ctx.db, fa.id) } : undefined;
};
type Loaded = NonNullable<Awaited<ReturnType<typeof loadAssessment>>>;

/** The letter sent when a contribution was worked out again for a new year, made again as it went (ADR 0022). */
async function loadUpratingLetter(ctx: Context, p: { id: string }) {
  const fa = await financialAssessmentById(ctx.db, p.id);
  if (!fa || fa.source !== 'uprating' || !fa.uprating_id || !fa.uprated_from || fa.weekly_contribution_pence === null) return undefined;
  const [person, before, uprating] = await Promise.all([
    personById(ctx.db, fa.person_id),
    financialAssessmentById(ctx.db, fa.uprated_from),
    ctx.db.selectFrom('charging_upratings as u').innerJoin('charging_rules as r', 'r.id', 'u.rules_row_id').select(['u.effective_on', 'u.confirmed_at', 'r.financial_year']).where('u.id', '=', fa.uprating_id).executeTakeFirst(),
  ]);
  if (!person || !before || !uprating) return undefined;
  const letter = upratingLetter({ name: person.preferred_name || person.given_name, beforePence: before.weekly_contribution_pence ?? 0, afterPence: fa.weekly_contribution_pence, effectiveOn: uprating.effective_on, financialYear: uprating.financial_year, contact: ctx.config.councilContact });
  return { fa, person, letter: { ...letter, address: letterAddress(person), date: formatDate(uprating.confirmed_at.toISOString().slice(0, 10)) } };
}
const loadPerson = async (ctx: Context, p: { id: string }) => {
  const person = await personById(ctx.db, p.id);
  return person ? { person } : undefined;
};
const readable = (actor: Context['actor'], r: { person: Person }) => can(actor, 'financial-assessment:read', { person: r.person });
const writable = (actor: Context['actor'], r: { person: Person }) => can(actor, 'financial-assessment:write', { person: r.person });

function evidencePage(r: Loaded, values: Record<string, string | string[]> = {}, errors?: { field: string; message: string }[]) {
  return page(
    'charging/views/evidence.njk',
    {
      title: 'Evidence for the financial assessment',
      caption: `Financial assessment: ${personName(r.person)}`,
      values,
      evidence: r.evidence.length
        ? captionedTable(
            `${r.evidence.length} ${r.evidence.length === 1 ? 'piece of evidence' : 'pieces of evidence'}`,
            [{ text: 'Evidence' }, { text: 'Added' }, { text: 'Size', format: 'numeric' }],
            r.evidence.map((e) => [{ html: `<a class="govuk-link" href="${paths.charging.evidenceFile(e.id)}">${escapeHtml(e.description)}</a>` }, { text: formatDateTime(e.uploaded_at) }, { text: `${Math.max(1, Math.round(e.bytes / 1024))} KB`, format: 'numeric' }]),
          )
        : null,
      backLink: { href: r.fa.status === 'draft' ? paths.charging.check(r.fa.id) : paths.charging.view(r.fa.id) },
      ...presentErrors(errors),
    },
    errors ? { status: 400 } : {},
  );
}

const changePage = (person: Person, values: Record<string, string | string[]> = {}, errors?: { field: string; message: string }[]) =>
  page(
    'charging/views/change.njk',
    { title: 'Record a change of circumstances', caption: personName(person), values, kinds: Object.entries(CHANGE_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })), backLink: { href: paths.charging.personAssessments(person.id) }, ...presentErrors(errors, { kind: 'kind' }) },
    errors ? { status: 400 } : {},
  );

export const caseworkRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/financial-assessments/:id/letter.pdf',
    access: ACCESS,
    params: idParams,
    load: loadUpratingLetter,
    allow: readable,
    viewed: (r) => ({ action: 'financial-assessment.letter-viewed', subjectType: 'financial-assessment', subjectId: r.fa.id, personId: r.person.id }),
    respond: async (ctx, r) => download('application/pdf', await letterPdf(r.letter, { councilName: ctx.config.councilName, team: 'Financial Assessment Team', subject: 'Your contribution to your care' }), `contribution-letter-${r.person.reference}.pdf`),
  }),
  route({ method: 'GET', url: '/financial-assessments/:id/evidence', access: ACCESS, params: idParams, load: loadAssessment, allow: readable, viewed: (r: Loaded) => ({ action: 'financial-assessment.viewed', subjectType: 'financial-assessment', subjectId: r.fa.id, personId: r.person.id }), respond: (_ctx, r: Loaded) => evidencePage(r) }),
  route({
    method: 'POST',
    url: '/financial-assessments/:id/evidence',
    access: ACCESS,
    params: idParams,
    load: loadAssessment,
    allow: writable,
    uploads: { maxBytes: RECEIPT_MAX_BYTES },
    form: evidenceForm,
    command: (ctx, r: Loaded, f: z.infer<typeof evidenceForm>) => addEvidence(ctx, r.fa, { description: f.description, file: ctx.files.file }),
    reload: loadAssessment,
    invalid: (_ctx, r: Loaded, problems) => evidencePage(r, problems.values, problems.errors),
    respond: (_ctx, r: Loaded) => redirect(paths.charging.evidence(r.fa.id), 'Evidence added'),
  }),
  route({
    method: 'GET',
    url: '/financial-assessment-evidence/:id',
    access: ACCESS,
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const file = await evidenceFile(ctx.db, p.id);
      const person = file ? await personById(ctx.db, file.person_id) : undefined;
      return file && person ? { file, person } : undefined;
    },
    allow: readable,
    viewed: (r) => ({ action: 'financial-assessment.evidence-viewed', subjectType: 'financial-assessment', subjectId: r.file.financial_assessment_id, personId: r.person.id }),
    respond: (_ctx, r) => ({ ...download(r.file.media_type, r.file.content, `evidence-${r.file.id}.${RECEIPT_EXTENSIONS[r.file.media_type]}`), noStore: true }),
  }),
  route({ method: 'GET', url: '/people/:id/financial-assessments/change', access: ACCESS, params: idParams, load: loadPerson, allow: writable, viewed: (r) => ({ action: 'financial-assessments.viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }), respond: (_ctx, r) => changePage(r.person) }),
  route({
    method: 'POST',
    url: '/people/:id/financial-assessments/change',
    access: ACCESS,
    params: idParams,
    load: loadPerson,
    allow: writable,
    form: changeForm,
    command: (ctx, r, f: z.infer<typeof changeForm>) => reportChange(ctx, r.person, { kind: f.kind, details: f.details, capitalPence: f.capital }),
    invalid: (_ctx, r, problems) => changePage(r.person, problems.values, problems.errors),
    respond: (_ctx, r, o) => redirect(paths.charging.personAssessments(r.person.id), `Change recorded${o.crossing ? ': their capital has crossed a limit' : ''}. Reassess their contribution`),
  }),
  route({
    method: 'GET',
    url: '/charging/to-look-at-again',
    access: ACCESS,
    load: async (ctx) => toLookAtAgain(ctx.db, has(ctx.actor, 'payments:manage') ? null : ctx.actor.teamIds, addDays(ctx.today, LOOK_AHEAD_DAYS)),
    respond: (_ctx, list) =>
      page('charging/views/to-look-at-again.njk', {
        title: 'Financial assessments to look at again',
        table: list.length
          ? captionedTable(
              `${list.length} ${list.length === 1 ? 'person' : 'people'}`,
              [{ text: 'Person' }, { text: 'Date' }, { text: 'Why' }],
              list.map((x) => [{ html: `<a class="govuk-link" href="${paths.charging.personAssessments(x.personId)}">${escapeHtml(x.name)}</a>` }, { text: formatDate(x.on) }, { text: x.why }]),
            )
          : null,
      }),
  }),
  route({
    method: 'GET',
    url: '/charging-reminders/:id/resolve',
    access: ACCESS,
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const reminder = await reminderById(ctx.db, p.id);
      const person = reminder ? await personById(ctx.db, reminder.person_id) : undefined;
      return reminder && person ? { reminder, person } : undefined;
    },
    allow: writable,
    respond: (_ctx, r) => page('charging/views/resolve.njk', { title: 'No new assessment needed', caption: personName(r.person), detail: r.reminder.detail, values: {}, backLink: { href: paths.charging.personAssessments(r.person.id) } }),
  }),
  route({
    method: 'POST',
    url: '/charging-reminders/:id/resolve',
    access: ACCESS,
    params: idParams,
    load: async (ctx, p: { id: string }) => {
      const reminder = await reminderById(ctx.db, p.id);
      const person = reminder ? await personById(ctx.db, reminder.person_id) : undefined;
      return reminder && person ? { reminder, person } : undefined;
    },
    allow: writable,
    form: resolveForm,
    command: async (ctx, r, f: z.infer<typeof resolveForm>) => {
      if (!(await resolveReminder(ctx.db, r.reminder.id, ctx.actor.id))) return false;
      await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'charging-reminder.resolved', subjectType: 'charging-reminder', subjectId: r.reminder.id, personId: r.person.id, reason: f.reason });
      return true;
    },
    invalid: (_ctx, r, problems) => page('charging/views/resolve.njk', { title: 'No new assessment needed', caption: personName(r.person), detail: r.reminder.detail, values: problems.values, backLink: { href: paths.charging.personAssessments(r.person.id) }, ...presentErrors(problems.errors) }, { status: 400 }),
    respond: (_ctx, r, done) => redirect(paths.charging.personAssessments(r.person.id), done ? 'Marked as looked at: no new assessment needed' : 'Someone has already dealt with that'),
  }),
];
