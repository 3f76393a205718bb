import type { Management, SupportLine } from '../planning/plan.js';

/**
 * A person's community services still open when their records are brought in carry on as the lines
 * of a migrated agreed plan: each line is the service (its reference is the line's id), paid as its
 * delivery mechanism says. Pure.
 */
export interface OpenService {
  event_reference: string;
  start_date: string;
  description: string | null;
  service_component: string | null;
  delivery_mechanism: string | null;
  unit_cost_pence: number | null;
  cost_frequency: string | null;
  planned_hundredths_per_week: number | null;
  weekly_cost_pence: number | null;
  provider_name: string | null;
}

const MANAGEMENT: Record<string, Management> = {
  'Direct payment': 'direct-payment',
  'CASSR managed personal budget': 'council-managed',
  'CASSR commissioned support': 'council-commissioned',
};

export function lineForService(s: OpenService): SupportLine {
  const hourly = s.cost_frequency === 'Hourly';
  // A service given by its weekly cost alone is one unit a week at that cost.
  const byUnits = s.unit_cost_pence !== null && s.planned_hundredths_per_week !== null;
  return {
    id: s.event_reference,
    description: s.description ?? `${s.service_component ?? 'Support'}, as arranged before Selfdirect`,
    directoryEntryId: null,
    providerName: s.provider_name ?? 'The provider named in the previous system',
    providerKind: 'organisation',
    frequency: hourly && byUnits ? 'hours-a-week' : 'visits-a-week',
    quantityHundredths: byUnits ? s.planned_hundredths_per_week! : 100,
    unitCostPence: byUnits ? s.unit_cost_pence! : (s.weekly_cost_pence ?? s.unit_cost_pence ?? 0),
    needs: [],
    outcomes: [],
    management: (s.service_component === 'Direct payment' ? 'direct-payment' : MANAGEMENT[s.delivery_mechanism ?? '']) ?? 'council-commissioned',
    fundingStream: 'social-care',
    paysRelativeInHousehold: false,
    relativeDecision: null,
    employerInsurance: null,
    payrollArrangement: null,
  };
}

/** Two sets of lines that carry on the same services at the same cost and in the same way. */
export function sameArrangements(a: readonly SupportLine[], b: readonly SupportLine[]): boolean {
  const key = (l: SupportLine) => JSON.stringify([l.id, l.frequency, l.quantityHundredths, l.unitCostPence, l.management]);
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
