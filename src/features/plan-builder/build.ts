import { randomUUID } from 'node:crypto';
import type { Person } from '../../db/schema.js';
import type { PlanContent } from '../../domain/planning/changes.js';
import type { Frequency, SupportLine } from '../../domain/planning/plan.js';
import { ConflictError } from '../../errors.js';
import type { CitizenActor } from '../../policies/index.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { actingAs } from '../portal/acting.js';
import { editDraftPlan } from '../support-plans/edit-plan.js';
import type { PlanRecord } from '../support-plans/plan-record.js';
import { updatePlanAtVersion } from '../support-plans/repository.js';
import { openDraftPlan } from '../support-plans/start-plan.js';

/**
 * The person writes their own support plan in My Selfdirect: the same draft the worker writes
 * (co-production, not a copy), changed with the same version check and audit, until they send it
 * to the worker. After that only the worker changes it, in the staff plan flow.
 */
export function requireOpenToPerson(record: PlanRecord) {
  if (record.plan.status !== 'draft') throw new ConflictError('This plan is with the council now. You can read it, but not change it');
  if (record.plan.sent_by_person_at) throw new ConflictError('You have sent this plan to the worker. Ask them if you want to change something');
}

export async function startOwnPlan(ctx: Context, citizen: CitizenActor, person: Person) {
  return openDraftPlan(ctx.db, citizen, person);
}

/** One change to the draft, as the person: the version they saw must still be current. */
export async function changeOwnPlan(ctx: Context, record: PlanRecord, version: number, what: string, change: (content: PlanContent) => PlanContent) {
  requireOpenToPerson(record);
  return editDraftPlan(ctx, record, version, what, change);
}

export interface OwnLine {
  description: string;
  provider: { directoryEntryId: string; name: string; kind: string } | { name: string; kind: 'personal-assistant' | 'organisation' };
  frequency: Frequency;
  quantityHundredths: number;
  unitCostPence: number;
  needs: string[];
  management: 'direct-payment' | 'council-managed';
}

/** A line the person describes: the rest (funding, employer's details) is the worker's to complete. */
export function lineFrom(own: OwnLine): SupportLine {
  const fromDirectory = 'directoryEntryId' in own.provider;
  return {
    id: randomUUID(),
    description: own.description,
    directoryEntryId: 'directoryEntryId' in own.provider ? own.provider.directoryEntryId : null,
    providerName: own.provider.name,
    providerKind: fromDirectory ? (own.provider.kind === 'personal-assistant' ? 'personal-assistant' : 'organisation') : (own.provider.kind as SupportLine['providerKind']),
    frequency: own.frequency,
    quantityHundredths: own.quantityHundredths,
    unitCostPence: own.unitCostPence,
    needs: own.needs,
    outcomes: [],
    management: own.management,
    fundingStream: 'social-care',
    paysRelativeInHousehold: false,
    relativeDecision: null,
    employerInsurance: null,
    payrollArrangement: null,
  };
}

export async function sendPlanToWorker(ctx: Context, citizen: CitizenActor, record: PlanRecord, version: number) {
  requireOpenToPerson(record);
  if (record.plan.row_version !== version) throw new ConflictError('The plan changed while you were looking at it. Look at it again, then send it');
  const label = await actingAs(ctx.db, citizen, record.person.id);
  await updatePlanAtVersion(ctx.db, record.plan.id, version, { sent_by_person_at: new Date(), sent_by_person_as: label });
  await recordAudit(ctx.db, auditActor(citizen), { action: 'plan.sent-by-person', subjectType: 'support-plan', subjectId: record.plan.id, personId: record.person.id, after: { as: label, plan_number: record.plan.plan_number } });
}
