/**
 * ASCOF 3D (formerly 1C): the proportion of people who receive self-directed support, and of
 * those who receive direct payments, computed from CLD event rows exactly as DHSC does
 * (DataS-DHSC/ASC-CLD-LA-Dashboard, ASCOF_measures/Create_ASCOF_3D_2425_Onwards.sql; in words in
 * ../shared/docs/statutory-returns.md). Pure: rows in, figures and the people counted out.
 */

/** One CLD row as the extract gives it: the event and the person's details repeated on it. */
export interface AscofRow {
  /** NHS number where known, else the council's person identifier (DHSC's combined person id). */
  personId: string;
  clientType: string | null;
  dateOfBirth: string | null;
  dateOfDeath: string | null;
  eventType: string;
  eventStartDate: string | null;
  eventEndDate: string | null;
  eventOutcome: string | null;
  serviceType: string | null;
  serviceComponent: string | null;
  deliveryMechanism: string | null;
}

export type AgeGroup = '18 to 64' | '65 and above';
export type MeasureGroup = AgeGroup | 'Total';
export type MeasureId = '3D-1a' | '3D-2a' | '3D-1b' | '3D-2b';
export interface Measure {
  id: MeasureId;
  group: MeasureGroup;
  numerator: number;
  denominator: number;
  /** Percentage, rounded half up to one decimal place; 0 when the denominator is 0. */
  outcome: number;
}

/** A client's highest setting at the period end, and where they count. */
export interface CountedClient {
  personId: string;
  ageBand: AgeGroup | 'Unknown';
  /** DHSC's hierarchy: 1 nursing … 6 community with unknown mechanism, 7–9 prison. */
  rank: number;
  setting: string;
  deliveryMechanism: string;
}
/** A carer's highest support in the period. */
export interface CountedCarer {
  personId: string;
  ageBand: AgeGroup | 'Unknown';
  rank: number;
  support: string;
}

export interface Ascof3d {
  measures: Measure[];
  unknownDeliveryMechanism: { clients: number; carers: number };
  clients: CountedClient[];
  carers: CountedCarer[];
}

const LONG_TERM = new Set(['Long term support: Nursing care', 'Long term support: Residential care', 'Long term support: Community', 'Long term support: Prison']);
const COMMUNITY = 'Long term support: Community';
const DP = 'Direct payment';
const MPB = 'CASSR managed personal budget';
const COMMISSIONED = 'CASSR commissioned support';
const INFORMATION = 'NFA: Information and advice or signposting';
const DIRECT_TO_CARER = 'Unpaid carer support: Direct to unpaid carer';
const INVOLVING_CARED_FOR = 'Unpaid carer support: Support involving the person cared-for';
const CARER_TYPES = new Set(['Unpaid carer', 'Unpaid carer known by association']);

/** DHSC's client hierarchy: the setting and mechanism pairs it knows, best first. */
const CLIENT_HIERARCHY: [string, string, number][] = [
  ['Long term support: Nursing care', '', 1],
  ['Long term support: Residential care', '', 2],
  [COMMUNITY, DP, 3],
  [COMMUNITY, MPB, 4],
  [COMMUNITY, COMMISSIONED, 5],
  [COMMUNITY, '', 6],
  ['Long term support: Prison', MPB, 7],
  ['Long term support: Prison', COMMISSIONED, 8],
  ['Long term support: Prison', '', 9],
];
const clientRank = new Map(CLIENT_HIERARCHY.map(([type, mechanism, rank]) => [`${type}|${mechanism}`, rank]));

export const CARER_SUPPORT = [
  'Direct payment only',
  'CASSR managed personal budget',
  'CASSR commissioned support only',
  'Support direct to carer: unknown delivery mechanism',
  'Information, advice and other universal services or signposting',
  'No direct support provided to carer',
] as const;

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/** Whole years of (days ÷ 365.25), as DHSC counts them: FLOOR(DATEDIFF(DAY, birth, end) / 365.25). */
export function ageAt(dateOfBirth: string, on: string): number {
  const days = dayNumber(on) - dayNumber(dateOfBirth);
  return Math.floor((days * 4) / 1461);
}

function ageBand(age: number | null): AgeGroup | 'Unknown' | 'Under 18' {
  if (age === null) return 'Unknown';
  if (age < 18) return 'Under 18';
  return age <= 64 ? '18 to 64' : '65 and above';
}

/** The event's end: the earlier of its end date and the person's death. */
function derivedEnd(row: AscofRow): string | null {
  if (row.dateOfDeath && (!row.eventEndDate || row.dateOfDeath < row.eventEndDate)) return row.dateOfDeath;
  return row.eventEndDate;
}

/** numerator ÷ denominator × 100, half up to one decimal place, exactly (integers throughout). */
export function percentage(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  return Math.floor((2000 * numerator + denominator) / (2 * denominator)) / 10;
}

function clientsAtPeriodEnd(rows: AscofRow[], to: string): CountedClient[] {
  const best = new Map<string, { rank: number; age: number | null }>();
  for (const row of rows) {
    if (!row.serviceType || !LONG_TERM.has(row.serviceType) || row.clientType !== 'Service user') continue;
    if (!row.eventStartDate || row.eventStartDate > to) continue;
    const end = derivedEnd(row);
    if (end !== null && (end < row.eventStartDate || end < to)) continue;
    if (row.dateOfDeath && row.dateOfDeath < to) continue;
    const componentIsDp = row.serviceComponent === DP;
    const given = componentIsDp ? DP : (row.deliveryMechanism ?? '');
    // A mechanism DHSC does not pair with this setting (or any for nursing and residential care) counts as blank.
    const known = (row.serviceType === COMMUNITY || row.serviceType === 'Long term support: Prison') && clientRank.has(`${row.serviceType}|${given}`);
    const mechanism = known ? given : '';
    const rank = row.serviceType === COMMUNITY && componentIsDp ? 3 : clientRank.get(`${row.serviceType}|${mechanism}`)!;
    const age = row.dateOfBirth ? ageAt(row.dateOfBirth, to) : null;
    const current = best.get(row.personId);
    if (!current) best.set(row.personId, { rank, age });
    else {
      if (age !== null && (current.age === null || age > current.age)) current.age = age;
      if (rank < current.rank) current.rank = rank;
    }
  }
  const counted: CountedClient[] = [];
  for (const [personId, { rank, age }] of best) {
    const band = ageBand(age);
    if (band === 'Under 18') continue;
    const [type, mechanism] = CLIENT_HIERARCHY.find(([, , r]) => r === rank)!;
    counted.push({ personId, ageBand: band, rank, setting: type, deliveryMechanism: mechanism });
  }
  return counted;
}

function carerSupport(row: AscofRow): number | null {
  const componentIsDp = row.serviceComponent === DP;
  if (row.serviceType === DIRECT_TO_CARER) {
    if (row.deliveryMechanism === DP || componentIsDp) return 1;
    if (row.deliveryMechanism === MPB) return 2;
    if (row.deliveryMechanism === COMMISSIONED) return 3;
    return 4;
  }
  if (row.serviceType === INVOLVING_CARED_FOR) return 6;
  if (row.eventType === 'Assessment' || row.eventType === 'Review') return row.eventOutcome === INFORMATION ? 5 : 6;
  if (row.eventType === 'Request') return 5;
  return null;
}

function carersInPeriod(rows: AscofRow[], from: string, to: string): CountedCarer[] {
  const best = new Map<string, { rank: number; age: number | null }>();
  for (const row of rows) {
    if (!row.clientType || !CARER_TYPES.has(row.clientType)) continue;
    if (!row.eventStartDate || row.eventStartDate > to) continue;
    const end = derivedEnd(row);
    if (end !== null && (end < from || end < row.eventStartDate)) continue;
    if (row.dateOfDeath && row.dateOfDeath < from) continue;
    const inCohort =
      (row.serviceType === null && row.eventOutcome === INFORMATION) ||
      row.serviceType === DIRECT_TO_CARER ||
      row.serviceType === INVOLVING_CARED_FOR ||
      ((row.eventType === 'Assessment' || row.eventType === 'Review') && row.serviceType === null);
    if (!inCohort) continue;
    const rank = carerSupport(row);
    const age = row.dateOfBirth ? ageAt(row.dateOfBirth, to) : null;
    const current = best.get(row.personId);
    if (!current) best.set(row.personId, { rank: rank ?? Number.POSITIVE_INFINITY, age });
    else {
      if (rank !== null && rank < current.rank) current.rank = rank;
      if (age !== null && (current.age === null || age < current.age)) current.age = age;
    }
  }
  const counted: CountedCarer[] = [];
  for (const [personId, { rank, age }] of best) {
    const band = ageBand(age);
    if (band === 'Under 18' || !Number.isFinite(rank)) continue;
    counted.push({ personId, ageBand: band, rank, support: CARER_SUPPORT[rank - 1]! });
  }
  return counted;
}

function measuresFor<T extends { ageBand: string }>(people: T[], inDenominator: (p: T) => boolean, numerators: [MeasureId, (p: T) => boolean][]): Measure[] {
  const measures: Measure[] = [];
  for (const [id, inNumerator] of numerators) {
    for (const group of ['18 to 64', '65 and above', 'Total'] as const) {
      const cohort = people.filter((p) => inDenominator(p) && (group === 'Total' || p.ageBand === group));
      const numerator = cohort.filter(inNumerator).length;
      measures.push({ id, group, numerator, denominator: cohort.length, outcome: percentage(numerator, cohort.length) });
    }
  }
  return measures;
}

const community = (c: CountedClient) => c.setting === COMMUNITY;
const directlySupported = (c: CountedCarer) => c.rank <= 3;
/** Who each measure counts, of those it is out of: the same rule for the figure and for its list. */
const CLIENT_NUMERATORS: Record<'3D-1a' | '3D-2a', (c: CountedClient) => boolean> = {
  '3D-1a': (c) => c.deliveryMechanism === DP || c.deliveryMechanism === MPB,
  '3D-2a': (c) => c.deliveryMechanism === DP,
};
const CARER_NUMERATORS: Record<'3D-1b' | '3D-2b', (c: CountedCarer) => boolean> = {
  '3D-1b': (c) => c.rank <= 2,
  '3D-2b': (c) => c.rank === 1,
};

/** ASCOF 3D for the period `from`–`to` (ISO dates, inclusive): clients at its end, carers during it. */
export function ascof3d(rows: AscofRow[], from: string, to: string): Ascof3d {
  const clients = clientsAtPeriodEnd(rows, to);
  const carers = carersInPeriod(rows, from, to);
  const measures = [
    ...measuresFor(clients, community, Object.entries(CLIENT_NUMERATORS) as [MeasureId, (c: CountedClient) => boolean][]),
    ...measuresFor(carers, directlySupported, Object.entries(CARER_NUMERATORS) as [MeasureId, (c: CountedCarer) => boolean][]),
  ];
  return {
    measures,
    unknownDeliveryMechanism: { clients: clients.filter((c) => c.rank === 6).length, carers: carers.filter((c) => c.rank === 4).length },
    clients,
    carers,
  };
}

/** The people a measure counts (`numerator`) or is out of (`denominator`), with how they are supported. */
export function peopleCounted(result: Ascof3d, id: MeasureId, part: 'numerator' | 'denominator'): { personId: string; ageBand: string; support: string }[] {
  if (id === '3D-1a' || id === '3D-2a') {
    return result.clients.filter((c) => community(c) && (part === 'denominator' || CLIENT_NUMERATORS[id](c))).map((c) => ({ personId: c.personId, ageBand: c.ageBand, support: c.deliveryMechanism || 'Delivery mechanism unknown' }));
  }
  return result.carers.filter((c) => directlySupported(c) && (part === 'denominator' || CARER_NUMERATORS[id](c))).map((c) => ({ personId: c.personId, ageBand: c.ageBand, support: c.support }));
}
