import type { Person } from '../../db/schema.js';
import { changedFields } from '../../domain/people/search.js';
import { ConflictError, ValidationError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { insertPerson, nhsNumberTaken, updatePersonAtVersion } from './repository.js';
import type { PersonForm, StatutoryDetails } from './schemas.js';

async function requireNhsNumberFree(ctx: Context, nhsNumber: string | null, exceptId: string | null) {
  if (nhsNumber && (await nhsNumberTaken(ctx.db, nhsNumber, exceptId))) {
    throw new ValidationError([{ field: 'nhs_number', message: 'Another record already has this NHS number. Search for it before creating a new record' }]);
  }
}

export async function createPerson(ctx: Context, form: PersonForm): Promise<Person> {
  await requireNhsNumberFree(ctx, form.nhs_number, null);
  const person = await insertPerson(ctx.db, { ...form, updated_at: new Date() });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.created', subjectType: 'person', subjectId: person.id, personId: person.id, after: form });
  return person;
}

export async function updatePerson(ctx: Context, current: Person, version: number, form: PersonForm): Promise<Person> {
  if (current.version !== version) throw new ConflictError();
  await requireNhsNumberFree(ctx, form.nhs_number, current.id);
  const updated = await updatePersonAtVersion(ctx.db, current.id, version, form);
  if (!updated) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.updated', subjectType: 'person', subjectId: current.id, personId: current.id, ...changedFields(current, { ...form }) });
  return updated;
}

/** Records are never deleted: they are closed with a date and a reason. */
export async function closePerson(ctx: Context, current: Person, version: number, reason: string): Promise<Person> {
  if (current.closed_on) throw new ConflictError('This record is already closed');
  if (current.version !== version) throw new ConflictError();
  const updated = await updatePersonAtVersion(ctx.db, current.id, version, { closed_on: ctx.today, closure_reason: reason });
  if (!updated) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'person.closed',
    subjectType: 'person',
    subjectId: current.id,
    personId: current.id,
    before: { closed_on: null, closure_reason: null },
    after: { closed_on: ctx.today, closure_reason: reason },
    reason,
  });
  return updated;
}

/** The details the CLD return needs: a death is in the past and after the birth. */
export async function recordStatutoryDetails(ctx: Context, current: Person, version: number, details: StatutoryDetails): Promise<Person> {
  if (current.version !== version) throw new ConflictError();
  if (details.date_of_death && details.date_of_death > ctx.today) throw new ValidationError([{ field: 'date_of_death', message: 'The date of death must be today or in the past' }]);
  if (details.date_of_death && current.date_of_birth && details.date_of_death < current.date_of_birth) throw new ValidationError([{ field: 'date_of_death', message: 'The date of death must be after the date of birth' }]);
  const updated = await updatePersonAtVersion(ctx.db, current.id, version, details);
  if (!updated) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'person.statutory-details-updated', subjectType: 'person', subjectId: current.id, personId: current.id, ...changedFields(current, { ...details }) });
  return updated;
}
