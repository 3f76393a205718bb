import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LegacyPerson } from '../../domain/migration/legacy-rows.js';
import { changedFields } from '../../domain/people/search.js';
import { type OpenService, lineForService, sameArrangements } from '../../domain/migration/carried-on.js';
import { budgetStatement } from '../../domain/planning/plan.js';
import { addDays } from '../../domain/directory/checks.js';
import { londonToday } from '../../web/format.js';
import { cancelScheduledReviews, scheduleReviews } from '../reviews/repository.js';
import { type AuditActor, type AuditRecord, recordAudits } from '../audit/audit-trail.js';
import { type MigrationFolder, eventBatches } from './read-folder.js';
import { carerLinksBetween, insertCarerLinks, insertMigratedPeople, insertMigratedPlan, insertTeams, latestPlansOf, migratedPeople, migratedPersonValues, openMigratedServicesOf, teamsNamed, updateCarerLink, updateMigratedPerson, upsertMigratedEvents } from './repository.js';

/** What an import did (or, as a preview, would do). */
export interface MigrationSummary {
  teamsCreated: string[];
  people: { created: number; updated: number; unchanged: number };
  carerLinks: { created: number; updated: number; unchanged: number };
  events: { created: number; updated: number; unchanged: number };
  /** Migrated agreed plans made for the services that carry on. */
  plans: { created: number; unchanged: number };
}

/** Thrown inside the transaction to discard a preview: nothing it did is kept. */
class PreviewOnly extends Error {
  constructor(readonly summary: MigrationSummary) {
    super('preview');
  }
}

const EVENTS_PER_STATEMENT = 1_000;
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);

/**
 * Imports a checked `selfdirect-migration/1` folder in one transaction: teams that are new,
 * people by their previous reference, carer links, and every event with its reference and values.
 * A row imported before with the same values changes nothing; a changed row updates what it made.
 * Each person created or changed, and each person whose events were, has an audit entry, and the
 * import one of its own. With `preview`, the same work is done and then rolled back, so the
 * summary is exactly what an import would do.
 */
export async function importLegacyFolder(
  db: Kysely<Database>,
  folder: MigrationFolder,
  who: AuditActor,
  options: { preview?: boolean; onBytes?: (bytes: number) => void } = {},
): Promise<MigrationSummary> {
  try {
    return await db.transaction().execute(async (trx) => {
      const summary = await importInto(trx, folder, who, options.onBytes);
      if (options.preview) throw new PreviewOnly(summary);
      return summary;
    });
  } catch (error) {
    if (error instanceof PreviewOnly) return error.summary;
    throw error;
  }
}

async function importInto(trx: Kysely<Database>, folder: MigrationFolder, who: AuditActor, onBytes?: (bytes: number) => void): Promise<MigrationSummary> {
  const audits: AuditRecord[] = [];
  const summary: MigrationSummary = { teamsCreated: [], people: { created: 0, updated: 0, unchanged: 0 }, carerLinks: { created: 0, updated: 0, unchanged: 0 }, events: { created: 0, updated: 0, unchanged: 0 }, plans: { created: 0, unchanged: 0 } };

  // Teams, by name: those the council does not have yet are created.
  const teamNames = [...new Set([...folder.people.values()].map((p) => p.team))];
  const teams = await teamsNamed(trx, teamNames);
  const created = await insertTeams(trx, teamNames.filter((n) => !teams.has(n)));
  for (const team of created) {
    teams.set(team.name, team.id);
    summary.teamsCreated.push(team.name);
    audits.push({ action: 'team.created', subjectType: 'team', subjectId: team.id, after: { name: team.name, by: 'migration' } });
  }

  // People, matched by the previous system's reference.
  const existing = await migratedPeople(trx);
  const personIds = new Map<string, string>();
  const toInsert: { person: LegacyPerson; teamId: string; hash: string }[] = [];
  for (const person of folder.people.values()) {
    const teamId = teams.get(person.team)!;
    const hash = hashOf(person);
    const found = existing.get(person.ref);
    if (!found) toInsert.push({ person, teamId, hash });
    else {
      personIds.set(person.ref, found.id);
      if (found.migration_hash === hash) summary.people.unchanged += 1;
      else {
        const before = await updateMigratedPerson(trx, found.id, person, teamId, hash);
        const changed = changedFields(before as unknown as Record<string, unknown>, { ...migratedPersonValues(person), team_id: teamId });
        audits.push({ action: 'person.migration-updated', subjectType: 'person', subjectId: found.id, personId: found.id, before: changed.before, after: changed.after });
        summary.people.updated += 1;
      }
    }
  }
  const inserted = await insertMigratedPeople(trx, toInsert);
  for (const { person, teamId } of toInsert) {
    const id = inserted.get(person.ref)!;
    personIds.set(person.ref, id);
    audits.push({ action: 'person.migrated', subjectType: 'person', subjectId: id, personId: id, after: { ...migratedPersonValues(person), team: person.team, team_id: teamId } });
  }
  summary.people.created = toInsert.length;

  // Carer links: new links are made, changed hours or relationships updated.
  const carerIds = [...new Set(folder.carers.map((c) => personIds.get(c.carerRef)!))];
  const links = new Map((await carerLinksBetween(trx, carerIds)).map((l) => [`${l.carer_person_id}|${l.cared_for_person_id}`, l]));
  const newLinks: Parameters<typeof insertCarerLinks>[1] = [];
  for (const c of folder.carers) {
    const carer = personIds.get(c.carerRef)!;
    const caredFor = personIds.get(c.caredForRef)!;
    const values = { relationship: c.relationship, hours_caring_per_week: c.hoursCaringPerWeek };
    const link = links.get(`${carer}|${caredFor}`);
    if (!link) {
      newLinks.push({ carer_person_id: carer, cared_for_person_id: caredFor, ...values });
      audits.push({ action: 'carer.linked', subjectType: 'person', subjectId: carer, personId: carer, after: { cared_for: c.caredForRef, ...values, by: 'migration' } });
    } else if (link.relationship !== values.relationship || link.hours_caring_per_week !== values.hours_caring_per_week) {
      await updateCarerLink(trx, link.id, values);
      audits.push({ action: 'carer.link-updated', subjectType: 'person', subjectId: carer, personId: carer, before: { relationship: link.relationship, hours_caring_per_week: link.hours_caring_per_week }, after: values });
      summary.carerLinks.updated += 1;
    } else summary.carerLinks.unchanged += 1;
  }
  await insertCarerLinks(trx, newLinks);
  summary.carerLinks.created = newLinks.length;

  // Events, a thousand to a statement; each person's new and changed events are one audit entry.
  const byPerson = new Map<string, { created: string[]; updated: string[] }>();
  let seen = 0;
  for await (const batch of eventBatches(folder.dir, EVENTS_PER_STATEMENT, onBytes)) {
    seen += batch.length;
    const written = await upsertMigratedEvents(trx, batch.map((event) => ({ event, personId: personIds.get(event.personRef)!, hash: hashOf(event) })));
    for (const row of written) {
      const entry = byPerson.get(row.person_id) ?? { created: [], updated: [] };
      (row.inserted ? entry.created : entry.updated).push(row.event_reference);
      byPerson.set(row.person_id, entry);
      if (row.inserted) summary.events.created += 1;
      else summary.events.updated += 1;
    }
  }
  summary.events.unchanged = seen - summary.events.created - summary.events.updated;
  for (const [personId, events] of byPerson) {
    audits.push({ action: 'cld-events.migrated', subjectType: 'person', subjectId: personId, personId, after: { created: events.created, updated: events.updated } });
  }
  // Community services still open carry on as a migrated agreed plan (a new version when they changed).
  const plans = await carryOnServices(trx, [...new Set(personIds.values())], londonToday(), audits);
  summary.plans = plans;

  // An import that changed nothing leaves no trace: the same folder again is no change at all.
  if (audits.length > 0) {
    audits.push({ action: 'migration.imported', subjectType: 'migration', subjectId: randomUUID(), after: summary });
    await recordAudits(trx, who, audits);
  }
  return summary;
}

const CARRIED_ON_TYPES = ['Long term support: Community', 'Unpaid carer support: Direct to unpaid carer'];

/**
 * Each person's open community services, as the lines of a migrated agreed plan: made when the
 * person has no plan, or their newest plan is migrated and the services changed; a plan written in
 * Selfdirect is never replaced by an import. Its first review is due within eight weeks.
 */
async function carryOnServices(trx: Kysely<Database>, personIds: string[], today: string, audits: AuditRecord[]) {
  const result = { created: 0, unchanged: 0 };
  const services = new Map<string, OpenService[]>();
  for (const s of await openMigratedServicesOf(trx, personIds, CARRIED_ON_TYPES, today)) services.set(s.person_id, [...(services.get(s.person_id) ?? []), s]);
  const latest = await latestPlansOf(trx, [...services.keys()]);
  for (const [personId, open] of services) {
    const lines = open.map(lineForService);
    const current = latest.get(personId);
    if (current && (!current.migrated || sameArrangements(current.lines, lines))) {
      result.unchanged += 1;
      continue;
    }
    const statement = budgetStatement({ lines, contributionWeeklyPence: 0, paymentFrequency: 'four-weekly' });
    const plan = await insertMigratedPlan(trx, { personId, planNumber: (current?.plan_number ?? 0) + 1, previousId: current?.id ?? null, lines, statement, agreedOn: today, supportStartsOn: open.map((s) => s.start_date).sort()[0]! });
    await cancelScheduledReviews(trx, personId, 'The arrangements brought in from the previous system changed');
    await scheduleReviews(trx, [{ personId, planId: plan.id, kind: 'annual', dueFrom: today, dueBy: addDays(today, 56) }]);
    audits.push({ action: 'plan.migrated', subjectType: 'support-plan', subjectId: plan.id, personId, after: { services: open.map((s) => s.event_reference), weekly_cost_pence: statement.weekly.costPence } });
    result.created += 1;
  }
  return result;
}
