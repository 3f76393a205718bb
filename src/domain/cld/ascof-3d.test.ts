import { describe, expect, it } from 'vitest';
import { type AscofRow, ageAt, ascof3d, type MeasureId, peopleCounted, percentage } from './ascof-3d.js';

const FROM = '2025-04-01';
const TO = '2026-03-31';

/** A client's long-term service open all year unless told otherwise; aged 70 at the period end. */
function service(personId: string, over: Partial<AscofRow> = {}): AscofRow {
  return {
    personId,
    clientType: 'Service user',
    dateOfBirth: '1955-06-01',
    dateOfDeath: null,
    eventType: 'Service',
    eventStartDate: '2024-01-01',
    eventEndDate: null,
    eventOutcome: null,
    serviceType: 'Long term support: Community',
    serviceComponent: 'Home support or domiciliary care',
    deliveryMechanism: 'CASSR commissioned support',
    ...over,
  };
}
const carer = (personId: string, over: Partial<AscofRow> = {}): AscofRow =>
  service(personId, { clientType: 'Unpaid carer', serviceType: 'Unpaid carer support: Direct to unpaid carer', serviceComponent: 'Carer break', deliveryMechanism: null, ...over });

function figure(rows: AscofRow[], id: MeasureId, group: '18 to 64' | '65 and above' | 'Total' = 'Total') {
  const m = ascof3d(rows, FROM, TO).measures.find((x) => x.id === id && x.group === group)!;
  return [m.numerator, m.denominator];
}
const client = (rows: AscofRow[], personId: string) => ascof3d(rows, FROM, TO).clients.find((c) => c.personId === personId);
const carerOf = (rows: AscofRow[], personId: string) => ascof3d(rows, FROM, TO).carers.find((c) => c.personId === personId);

describe('ASCOF 3D clients: the setting hierarchy at the period end', () => {
  it('counts each person once, in their highest setting', () => {
    const rows = [
      service('nursing-and-dp', { serviceType: 'Long term support: Nursing care', deliveryMechanism: null }),
      service('nursing-and-dp', { deliveryMechanism: 'Direct payment' }),
      service('residential-and-home', { serviceType: 'Long term support: Residential care', deliveryMechanism: null }),
      service('residential-and-home'),
      service('dp-and-mpb', { deliveryMechanism: 'CASSR managed personal budget' }),
      service('dp-and-mpb', { deliveryMechanism: 'Direct payment' }),
      service('mpb-and-commissioned', { deliveryMechanism: 'CASSR managed personal budget' }),
      service('mpb-and-commissioned'),
      service('commissioned-and-prison', { serviceType: 'Long term support: Prison', deliveryMechanism: 'CASSR managed personal budget' }),
      service('commissioned-and-prison'),
    ];
    expect(client(rows, 'nursing-and-dp')).toMatchObject({ rank: 1, setting: 'Long term support: Nursing care' });
    expect(client(rows, 'residential-and-home')).toMatchObject({ rank: 2 });
    expect(client(rows, 'dp-and-mpb')).toMatchObject({ rank: 3, deliveryMechanism: 'Direct payment' });
    expect(client(rows, 'mpb-and-commissioned')).toMatchObject({ rank: 4 });
    expect(client(rows, 'commissioned-and-prison')).toMatchObject({ rank: 5 });
    // Only the three in community support are in the denominator; two of them self-direct, one has a DP.
    expect(figure(rows, '3D-1a')).toEqual([2, 3]);
    expect(figure(rows, '3D-2a')).toEqual([1, 3]);
  });

  it('treats a Direct payment component with no mechanism as a direct payment', () => {
    const rows = [service('a', { serviceComponent: 'Direct payment', deliveryMechanism: null }), service('b', { serviceComponent: 'Direct payment', deliveryMechanism: 'CASSR commissioned support' })];
    expect(client(rows, 'a')).toMatchObject({ rank: 3, deliveryMechanism: 'Direct payment' });
    expect(client(rows, 'b')).toMatchObject({ rank: 3 });
    expect(figure(rows, '3D-2a')).toEqual([2, 2]);
    expect(ascof3d(rows, FROM, TO).unknownDeliveryMechanism.clients).toBe(0);
  });

  it('counts a blank, invalid or misplaced mechanism as blank: unknown, still in the denominator', () => {
    const rows = [
      service('blank', { deliveryMechanism: null }),
      service('invalid', { deliveryMechanism: 'Direct Payment' }),
      service('nursing-with-mechanism', { serviceType: 'Long term support: Nursing care', deliveryMechanism: 'Direct payment' }),
      service('prison-dp', { serviceType: 'Long term support: Prison', deliveryMechanism: 'Direct payment' }),
      service('known', { deliveryMechanism: 'Direct payment' }),
    ];
    expect(client(rows, 'blank')).toMatchObject({ rank: 6, deliveryMechanism: '' });
    expect(client(rows, 'invalid')).toMatchObject({ rank: 6 });
    expect(client(rows, 'nursing-with-mechanism')).toMatchObject({ rank: 1, deliveryMechanism: '' });
    expect(client(rows, 'prison-dp')).toMatchObject({ rank: 9 });
    expect(figure(rows, '3D-1a')).toEqual([1, 3]);
    expect(ascof3d(rows, FROM, TO).unknownDeliveryMechanism.clients).toBe(2);
  });

  it('leaves out short-term support, carers and rows with no start or a start after the period', () => {
    const rows = [
      service('short', { serviceType: 'Short term support: ST-Max' }),
      service('carer', { clientType: 'Unpaid carer' }),
      service('no-start', { eventStartDate: null }),
      service('later', { eventStartDate: '2026-04-01' }),
      service('starts-on-the-last-day', { eventStartDate: TO }),
    ];
    expect(ascof3d(rows, FROM, TO).clients.map((c) => c.personId)).toEqual(['starts-on-the-last-day']);
  });
});

describe('ASCOF 3D clients: dates', () => {
  it('counts a death on the period end but not before it, and ends the service at the death', () => {
    const rows = [service('died-before', { dateOfDeath: '2026-03-30' }), service('died-on', { dateOfDeath: TO }), service('alive')];
    expect(ascof3d(rows, FROM, TO).clients.map((c) => c.personId).sort()).toEqual(['alive', 'died-on']);
  });

  it('counts a service ending on the period end, not one ending the day before', () => {
    const rows = [service('ends-on', { eventEndDate: TO }), service('ends-before', { eventEndDate: '2026-03-30' })];
    expect(ascof3d(rows, FROM, TO).clients.map((c) => c.personId)).toEqual(['ends-on']);
  });

  it('ignores an event that ends before it starts', () => {
    const rows = [service('backwards', { eventStartDate: '2026-03-31', eventEndDate: '2026-03-01' }), service('backwards', { eventEndDate: '2025-01-01', deliveryMechanism: 'Direct payment' })];
    expect(client(rows, 'backwards')).toBeUndefined();
  });
});

describe('ASCOF 3D ages: whole years of days ÷ 365.25 at the period end', () => {
  it('counts years DHSC’s way, which can differ from birthdays', () => {
    expect(ageAt('2008-03-31', TO)).toBe(17); // 18th birthday on the period end: 6,574 days ÷ 365.25 = 17.998
    expect(ageAt('2008-03-30', TO)).toBe(18);
    expect(ageAt('1961-03-31', TO)).toBe(64); // 65th birthday on the period end
    expect(ageAt('1961-03-30', TO)).toBe(65);
  });

  it('leaves out under-18s, bands 18, 64 and 65, and keeps unknown ages in the total only', () => {
    const rows = [
      service('17', { dateOfBirth: '2008-03-31', deliveryMechanism: 'Direct payment' }),
      service('18', { dateOfBirth: '2008-03-30', deliveryMechanism: 'Direct payment' }),
      service('64', { dateOfBirth: '1961-03-31' }),
      service('65', { dateOfBirth: '1961-03-30', deliveryMechanism: 'CASSR managed personal budget' }),
      service('unknown', { dateOfBirth: null, deliveryMechanism: 'Direct payment' }),
    ];
    expect(client(rows, '17')).toBeUndefined();
    expect(figure(rows, '3D-2a', '18 to 64')).toEqual([1, 2]);
    expect(figure(rows, '3D-1a', '65 and above')).toEqual([1, 1]);
    expect(figure(rows, '3D-2a', 'Total')).toEqual([2, 4]);
    expect(figure(rows, '3D-1a', 'Total')).toEqual([3, 4]);
  });
});

describe('ASCOF 3D people', () => {
  it('counts people without NHS numbers by the council’s identifier, and each identifier once', () => {
    const rows = [service('LA:P1', { deliveryMechanism: 'Direct payment' }), service('LA:P2'), service('9434765919'), service('9434765919', { eventStartDate: '2025-06-01' })];
    expect(figure(rows, '3D-1a')).toEqual([1, 3]);
  });
});

describe('ASCOF 3D carers: the support hierarchy during the year', () => {
  it('counts each carer once in the highest support received', () => {
    const rows = [
      carer('dp', { deliveryMechanism: 'Direct payment' }),
      carer('dp', { deliveryMechanism: 'CASSR commissioned support' }),
      carer('dp-component', { serviceComponent: 'Direct payment', deliveryMechanism: null }),
      carer('mpb', { deliveryMechanism: 'CASSR managed personal budget' }),
      carer('commissioned', { deliveryMechanism: 'CASSR commissioned support' }),
      carer('unknown', { deliveryMechanism: null }),
      carer('unknown-and-assessed', { deliveryMechanism: 'Cash' }),
      carer('unknown-and-assessed', { eventType: 'Assessment', serviceType: null, serviceComponent: null, eventOutcome: 'Progress to support planning or services' }),
      carer('involving', { serviceType: 'Unpaid carer support: Support involving the person cared-for' }),
    ];
    const result = ascof3d(rows, FROM, TO);
    expect(Object.fromEntries(result.carers.map((c) => [c.personId, c.rank]))).toEqual({ dp: 1, 'dp-component': 1, mpb: 2, commissioned: 3, unknown: 4, 'unknown-and-assessed': 4, involving: 6 });
    expect(figure(rows, '3D-1b')).toEqual([3, 4]);
    expect(figure(rows, '3D-2b')).toEqual([2, 4]);
    expect(result.unknownDeliveryMechanism.carers).toBe(2);
  });

  it('places information and advice below direct support, and only counts a request that gave it', () => {
    const rows = [
      carer('advised', { eventType: 'Request', serviceType: null, serviceComponent: null, eventOutcome: 'NFA: Information and advice or signposting' }),
      carer('advised-at-assessment', { eventType: 'Assessment', serviceType: null, serviceComponent: null, eventOutcome: 'NFA: Information and advice or signposting' }),
      carer('assessed', { eventType: 'Assessment', serviceType: null, serviceComponent: null, eventOutcome: 'NFA: Support declined' }),
      carer('asked', { eventType: 'Request', serviceType: null, serviceComponent: null, eventOutcome: 'Progress to assessment, review or reassessment' }),
      carer('advised-then-paid', { eventType: 'Request', serviceType: null, serviceComponent: null, eventOutcome: 'NFA: Information and advice or signposting' }),
      carer('advised-then-paid', { deliveryMechanism: 'Direct payment' }),
    ];
    const ranks = Object.fromEntries(ascof3d(rows, FROM, TO).carers.map((c) => [c.personId, c.rank]));
    expect(ranks).toEqual({ advised: 5, 'advised-at-assessment': 5, assessed: 6, 'advised-then-paid': 1 });
    expect(figure(rows, '3D-2b')).toEqual([1, 1]);
  });

  it('takes events open at any time in the year, not those ended before it, nor carers who died before it', () => {
    const rows = [
      carer('ended-in-year', { eventEndDate: '2025-04-01', deliveryMechanism: 'Direct payment' }),
      carer('ended-before', { eventEndDate: '2025-03-31', deliveryMechanism: 'Direct payment' }),
      carer('died-before', { dateOfDeath: '2025-03-31', deliveryMechanism: 'Direct payment' }),
      carer('died-in-year', { dateOfDeath: '2025-05-01', deliveryMechanism: 'Direct payment' }),
      carer('by-association', { clientType: 'Unpaid carer known by association', deliveryMechanism: 'CASSR managed personal budget' }),
    ];
    expect(ascof3d(rows, FROM, TO).carers.map((c) => c.personId).sort()).toEqual(['by-association', 'died-in-year', 'ended-in-year']);
  });

  it('bands carers by their youngest recorded age and leaves out under-18s', () => {
    const rows = [carer('young', { dateOfBirth: '2010-01-01', deliveryMechanism: 'Direct payment' }), carer('two-ages', { dateOfBirth: '1950-01-01', deliveryMechanism: 'Direct payment' }), carer('two-ages', { dateOfBirth: '1980-01-01', deliveryMechanism: 'Direct payment' })];
    expect(carerOf(rows, 'young')).toBeUndefined();
    expect(carerOf(rows, 'two-ages')?.ageBand).toBe('18 to 64');
    expect(figure(rows, '3D-2b', '18 to 64')).toEqual([1, 1]);
    expect(figure(rows, '3D-2b', '65 and above')).toEqual([0, 0]);
  });
});

describe('ASCOF 3D outcomes', () => {
  it('is the percentage half up to one decimal place, and 0 with no denominator', () => {
    expect(percentage(1, 3)).toBe(33.3);
    expect(percentage(2, 3)).toBe(66.7);
    expect(percentage(1, 16)).toBe(6.3);
    expect(percentage(1, 8)).toBe(12.5);
    expect(percentage(5, 5)).toBe(100);
    expect(percentage(0, 0)).toBe(0);
  });

  it('reports every measure for each group, even with no people', () => {
    const result = ascof3d([], FROM, TO);
    expect(result.measures).toHaveLength(12);
    expect(result.measures.every((m) => m.numerator === 0 && m.denominator === 0 && m.outcome === 0)).toBe(true);
  });
});

describe('the people counted in each figure', () => {
  it('lists exactly the people each numerator and denominator counts', () => {
    const rows = [
      service('dp', { deliveryMechanism: 'Direct payment' }),
      service('mpb', { deliveryMechanism: 'CASSR managed personal budget' }),
      service('unknown', { deliveryMechanism: null }),
      service('nursing', { serviceType: 'Long term support: Nursing care' }),
      carer('carer-dp', { deliveryMechanism: 'Direct payment' }),
      carer('carer-commissioned', { deliveryMechanism: 'CASSR commissioned support' }),
    ];
    const result = ascof3d(rows, FROM, TO);
    for (const m of result.measures.filter((x) => x.group === 'Total')) {
      expect(peopleCounted(result, m.id, 'numerator')).toHaveLength(m.numerator);
      expect(peopleCounted(result, m.id, 'denominator')).toHaveLength(m.denominator);
    }
    expect(peopleCounted(result, '3D-1a', 'numerator').map((p) => p.personId).sort()).toEqual(['dp', 'mpb']);
    expect(peopleCounted(result, '3D-2b', 'denominator').map((p) => [p.personId, p.support])).toEqual([
      ['carer-dp', 'Direct payment only'],
      ['carer-commissioned', 'CASSR commissioned support only'],
    ]);
    expect(peopleCounted(result, '3D-1a', 'denominator').find((p) => p.personId === 'unknown')?.support).toBe('Delivery mechanism unknown');
  });
});
