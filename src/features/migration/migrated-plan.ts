import type { Person, SupportPlan } from '../../db/schema.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { type Context, type Route, idParams, page, route } from '../../web/route.js';
import { fullName } from '../people/presenters.js';
import { personById } from '../people/repository.js';
import { linesTable, statementRows } from '../support-plans/presenters.js';
import { planById } from '../support-plans/repository.js';

/**
 * A migrated plan: the arrangements brought in from the council's previous system, read as they
 * are. There is no assessment behind it in Selfdirect, so it cannot be revised: the person is
 * assessed and a plan written, as for anyone.
 */
interface MigratedPlan {
  plan: SupportPlan;
  person: Person;
}

async function loadMigrated(ctx: Context, params: { id: string }): Promise<MigratedPlan | undefined> {
  const plan = await planById(ctx.db, params.id);
  if (!plan?.migrated) return undefined;
  const person = await personById(ctx.db, plan.person_id);
  return person ? { plan, person } : undefined;
}

export const migratedPlanRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/plans/:id/migrated',
    // Casework staff of the person's team: a migrated plan never goes to the panel.
    access: 'people:read',
    params: idParams,
    load: loadMigrated,
    allow: (actor: StaffActor, r: MigratedPlan) => can(actor, 'person:read', r.person),
    viewed: (r: MigratedPlan) => ({ action: 'plan.viewed', subjectType: 'support-plan', subjectId: r.plan.id, personId: r.person.id }),
    respond: (_ctx, r: MigratedPlan) =>
      page('migration/views/migrated-plan.njk', {
        title: `Support plan version ${r.plan.plan_number}: brought in from the previous system`,
        caption: `${fullName(r.person)} (${r.person.reference})`,
        since: `These arrangements were brought in on ${formatDate(r.plan.agreed_on)}, as they were in the council’s previous system${r.plan.support_starts_on ? `, where the earliest began on ${formatDate(r.plan.support_starts_on)}` : ''}.`,
        lines: linesTable(r.plan, [], false),
        statement: r.plan.statement ? { rows: statementRows(r.plan.statement) } : null,
        backLink: { href: paths.people.view(r.person.id), text: 'Back to the person’s record' },
      }, { noStore: true }),
  }),
];
