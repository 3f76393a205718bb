import { randomBytes } from 'node:crypto';
import { OWN_EVENT_PREFIX } from '../../domain/migration/legacy-rows.js';
import { serviceChanges, serviceFor, serviceSignature, type ServiceValues } from '../../domain/cld/services.js';
import { addDays } from '../../domain/directory/checks.js';
import type { SupportLine } from '../../domain/planning/plan.js';
import type { Context, Executor } from '../../web/route.js';
import { type AuditActor, recordAudit } from '../audit/audit-trail.js';
import { cqcLocationsOf, endCldEvents, insertCldEvents, openPlanServicesOf } from './repository.js';

/** A reference for an event Selfdirect makes: its prefix, the kind, and random letters. */
export function ownEventReference(kind: 'S' | 'A' | 'R' | 'Q'): string {
  return `${OWN_EVENT_PREFIX}${kind}-${randomBytes(6).toString('hex').toUpperCase()}`;
}

const PLAN_SERVICE_TYPES = ['Long term support: Community', 'Unpaid carer support: Direct to unpaid carer'];

export interface AgreedPlan {
  id: string;
  lines: readonly SupportLine[];
  /** When its support starts (or the day it was agreed). */
  startsOn: string;
}

/**
 * When a plan is agreed, its social care lines become the person's CLD services: a service that
 * is the same as one already open carries on; others start on the day the plan's support starts,
 * and open services the plan no longer has end the day before. Run in the agreement's transaction.
 */
export async function recordPlanServices(db: Executor, who: AuditActor, settings: Pick<Context['config']['statutory'], 'deliveryMechanisms'>, person: { id: string; client_type: string }, plan: AgreedPlan) {
  const cqc = await cqcLocationsOf(db, [...new Set(plan.lines.map((l) => l.directoryEntryId).filter((id): id is string => id !== null))]);
  const services = plan.lines
    .map((line) => serviceFor(line, { clientType: person.client_type, cqcLocationId: line.directoryEntryId ? (cqc.get(line.directoryEntryId) ?? null) : null, mechanisms: settings.deliveryMechanisms }))
    .filter((s): s is ServiceValues => s !== null);
  const open = await openPlanServicesOf(db, person.id, PLAN_SERVICE_TYPES);
  const changes = serviceChanges(
    open.map((e) => ({
      eventReference: e.event_reference,
      signature: serviceSignature({
        serviceType: e.service_type ?? '',
        serviceComponent: e.service_component ?? '',
        deliveryMechanism: e.delivery_mechanism ?? '',
        unitCostPence: e.unit_cost_pence ?? 0,
        costFrequency: e.cost_frequency ?? '',
        plannedHundredthsPerWeek: e.planned_hundredths_per_week,
        weeklyCostPence: null,
        providerCqcLocationId: e.provider_cqc_location_id,
      }),
    })),
    services,
  );
  await endCldEvents(db, changes.end, addDays(plan.startsOn, -1), 'Continuation of support or services');
  const started = changes.start.map((s) => ({ ...s, eventReference: ownEventReference('S') }));
  await insertCldEvents(
    db,
    started.map((s) => ({
      event_reference: s.eventReference,
      person_id: person.id,
      event_type: 'Service',
      start_date: plan.startsOn,
      description: s.description,
      service_type: s.serviceType,
      service_component: s.serviceComponent,
      delivery_mechanism: s.deliveryMechanism,
      unit_cost_pence: s.unitCostPence,
      cost_frequency: s.costFrequency,
      planned_hundredths_per_week: s.plannedHundredthsPerWeek,
      weekly_cost_pence: s.weeklyCostPence,
      provider_name: s.providerName,
      provider_cqc_location_id: s.providerCqcLocationId,
      source: 'support-plan',
      source_id: plan.id,
      updated_at: new Date(),
    })),
  );
  if (changes.end.length || started.length) {
    await recordAudit(db, who, {
      action: 'cld-events.services',
      subjectType: 'support-plan',
      subjectId: plan.id,
      personId: person.id,
      after: { started: started.map((s) => `${s.eventReference}: ${s.description}`), ended: changes.end, carried_on: changes.carryOn },
    });
  }
  return { started: started.map((s) => s.eventReference), ended: changes.end, carriedOn: changes.carryOn };
}
