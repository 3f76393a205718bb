import { describe, expect, it } from 'vitest';
import type { SupportLine } from '../planning/plan.js';
import { isCodeValue } from './code-lists.js';
import { DEFAULT_DELIVERY_MECHANISMS, parseDeliveryMechanisms, serviceChanges, serviceFor, serviceSignature } from './services.js';

const line = (over: Partial<SupportLine> = {}): SupportLine => ({
  id: 'l1',
  description: 'Morning visits',
  directoryEntryId: null,
  providerName: 'Anytown Care',
  providerKind: 'organisation',
  frequency: 'hours-a-week',
  quantityHundredths: 750,
  unitCostPence: 2250,
  needs: [],
  outcomes: [],
  management: 'council-commissioned',
  fundingStream: 'social-care',
  paysRelativeInHousehold: false,
  relativeDecision: null,
  employerInsurance: null,
  payrollArrangement: null,
  ...over,
});
const context = { clientType: 'Service user', cqcLocationId: '1-101234567', mechanisms: DEFAULT_DELIVERY_MECHANISMS };

describe('a support plan line as a CLD service', () => {
  it('reports a community service with its cost, units and provider', () => {
    expect(serviceFor(line(), context)).toEqual({
      serviceType: 'Long term support: Community',
      serviceComponent: 'Home support or domiciliary care',
      deliveryMechanism: 'CASSR commissioned support',
      unitCostPence: 2250,
      costFrequency: 'Hourly',
      plannedHundredthsPerWeek: 750,
      weeklyCostPence: 16875,
      providerName: 'Anytown Care',
      providerCqcLocationId: '1-101234567',
      description: 'Morning visits',
    });
  });

  it('maps each way of managing a line to its delivery mechanism, a direct payment also as the component', () => {
    expect(serviceFor(line({ management: 'indirect-payment' }), context)).toMatchObject({ deliveryMechanism: 'Direct payment', serviceComponent: 'Direct payment' });
    expect(serviceFor(line({ management: 'individual-service-fund' }), context)).toMatchObject({ deliveryMechanism: 'CASSR managed personal budget' });
    expect(serviceFor(line({ frequency: 'one-off', quantityHundredths: 100 }), context)).toMatchObject({ serviceComponent: 'Equipment', costFrequency: 'One-off', plannedHundredthsPerWeek: null, weeklyCostPence: null });
    expect(serviceFor(line({ frequency: 'visits-a-week' }), context)).toMatchObject({ costFrequency: 'Per session' });
    expect(serviceFor(line(), { ...context, clientType: 'Unpaid carer' })).toMatchObject({ serviceType: 'Unpaid carer support: Direct to unpaid carer' });
    expect(serviceFor(line({ fundingStream: 'health' }), context)).toBeNull();
    for (const mechanism of Object.values(DEFAULT_DELIVERY_MECHANISMS)) expect(isCodeValue('Delivery_Mechanism', mechanism)).toBe(true);
  });

  it('takes the council’s own mapping over the defaults, refusing what is not a way or a mechanism', () => {
    const parsed = parseDeliveryMechanisms('trust=CASSR commissioned support; brokerage = Direct payment', (v) => isCodeValue('Delivery_Mechanism', v));
    expect(parsed.ok && parsed.value).toMatchObject({ trust: 'CASSR commissioned support', brokerage: 'Direct payment', 'direct-payment': 'Direct payment' });
    expect(parseDeliveryMechanisms('cash=Direct payment', () => true)).toMatchObject({ ok: false, problem: expect.stringContaining('"cash" is not a way of managing a line') });
    expect(parseDeliveryMechanisms('trust=Direct Payment', (v) => isCodeValue('Delivery_Mechanism', v))).toEqual({ ok: false, problem: '"Direct Payment" is not a CLD Release 2 Delivery_Mechanism' });
  });
});

describe('a new plan version and the services already open', () => {
  const a = serviceFor(line(), context)!;
  const b = serviceFor(line({ description: 'Evening visits', quantityHundredths: 300 }), context)!;
  const open = [
    { eventReference: 'SD-S-A', signature: serviceSignature(a) },
    { eventReference: 'SD-S-B', signature: serviceSignature(b) },
  ];

  it('carries on a service that did not change, even when the line was renamed or re-added', () => {
    expect(serviceChanges(open, [{ ...a, description: 'Mornings', providerName: 'Anytown Care Ltd' }, b])).toEqual({ carryOn: ['SD-S-A', 'SD-S-B'], end: [], start: [] });
  });

  it('ends and starts only the service that really changed', () => {
    const more = { ...b, plannedHundredthsPerWeek: 400 };
    expect(serviceChanges(open, [a, more])).toEqual({ carryOn: ['SD-S-A'], end: ['SD-S-B'], start: [more] });
  });

  it('counts two identical lines as two services, and a removed line as ended', () => {
    expect(serviceChanges(open, [a, a])).toEqual({ carryOn: ['SD-S-A'], end: ['SD-S-B'], start: [a] });
    expect(serviceChanges(open, [])).toEqual({ carryOn: [], end: ['SD-S-A', 'SD-S-B'], start: [] });
  });
});
