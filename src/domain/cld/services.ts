import { type Management, PAID_AS_DIRECT_PAYMENT, type SupportLine, lineCost } from '../planning/plan.js';
import { isUnpaidCarer } from './code-lists.js';

/**
 * Agreed support plan lines as CLD service events (issue 15, what to build 3). Each social care
 * line is a service; how it is managed gives its delivery mechanism by the council's mapping. A new
 * plan version ends an open service and starts another only where a service really changed:
 * services are matched by what CLD reports of them, not by the line they came from. Pure.
 */

/** How each way of managing a line is reported, by default (statutory-returns.md). */
export const DEFAULT_DELIVERY_MECHANISMS: Record<Management, string> = {
  'direct-payment': 'Direct payment',
  'indirect-payment': 'Direct payment',
  'council-managed': 'CASSR managed personal budget',
  'individual-service-fund': 'CASSR managed personal budget',
  brokerage: 'CASSR managed personal budget',
  trust: 'CASSR managed personal budget',
  'council-commissioned': 'CASSR commissioned support',
};

export interface ServiceValues {
  serviceType: string;
  serviceComponent: string;
  deliveryMechanism: string;
  unitCostPence: number;
  costFrequency: string;
  plannedHundredthsPerWeek: number | null;
  weeklyCostPence: number | null;
  providerName: string;
  providerCqcLocationId: string | null;
  description: string;
}

/** The service a line is, or null for a line the council does not fund (health, grants). */
export function serviceFor(line: SupportLine, context: { clientType: string; cqcLocationId: string | null; mechanisms: Record<Management, string> }): ServiceValues | null {
  if (line.fundingStream !== 'social-care') return null;
  const oneOff = line.frequency === 'one-off';
  const directPayment = PAID_AS_DIRECT_PAYMENT.includes(line.management);
  return {
    serviceType: isUnpaidCarer(context.clientType) ? 'Unpaid carer support: Direct to unpaid carer' : 'Long term support: Community',
    serviceComponent: directPayment ? 'Direct payment' : oneOff ? 'Equipment' : 'Home support or domiciliary care',
    deliveryMechanism: context.mechanisms[line.management],
    unitCostPence: line.unitCostPence,
    costFrequency: oneOff ? 'One-off' : line.frequency === 'hours-a-week' ? 'Hourly' : 'Per session',
    plannedHundredthsPerWeek: oneOff ? null : line.quantityHundredths,
    weeklyCostPence: oneOff ? null : lineCost(line),
    providerName: line.providerName,
    providerCqcLocationId: context.cqcLocationId,
    description: line.description,
  };
}

/** What CLD reports of a service: two services with the same are the same service. */
export function serviceSignature(s: Omit<ServiceValues, 'description' | 'providerName'> & Partial<ServiceValues>): string {
  return JSON.stringify([s.serviceType, s.serviceComponent, s.deliveryMechanism, s.unitCostPence, s.costFrequency, s.plannedHundredthsPerWeek, s.providerCqcLocationId]);
}

export interface OpenService {
  eventReference: string;
  signature: string;
}

/**
 * Which open services carry on, which end, and which services start, when a plan with these
 * services is agreed. Each open service is matched with at most one new service of the same
 * signature (two identical lines are two services).
 */
export function serviceChanges(open: readonly OpenService[], next: readonly ServiceValues[]): { carryOn: string[]; end: string[]; start: ServiceValues[] } {
  const waiting = new Map<string, string[]>();
  for (const service of open) {
    const list = waiting.get(service.signature) ?? [];
    list.push(service.eventReference);
    waiting.set(service.signature, list);
  }
  const carryOn: string[] = [];
  const start: ServiceValues[] = [];
  for (const service of next) {
    const match = waiting.get(serviceSignature(service))?.shift();
    if (match) carryOn.push(match);
    else start.push(service);
  }
  const end = [...waiting.values()].flat();
  return { carryOn, end, start };
}

/** The council's mapping from the configuration: `management=Delivery mechanism;…` over the defaults. */
export function parseDeliveryMechanisms(text: string, isMechanism: (value: string) => boolean): { ok: true; value: Record<Management, string> } | { ok: false; problem: string } {
  const mapping = { ...DEFAULT_DELIVERY_MECHANISMS };
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split('=').map((p) => p.trim());
    if (!key || !(key in mapping)) return { ok: false, problem: `"${key}" is not a way of managing a line: use one of ${Object.keys(mapping).join(', ')}` };
    if (!value || !isMechanism(value)) return { ok: false, problem: `"${value ?? ''}" is not a CLD Release 2 Delivery_Mechanism` };
    mapping[key as Management] = value;
  }
  return { ok: true, value: mapping };
}
