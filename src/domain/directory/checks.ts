/**
 * Checks on directory entries and when they run out. Pure: the caller gives today's date and the
 * council's policy (from configuration). A check is good up to and including its due date, due
 * soon within `dueSoonDays` of it, and expired the day after.
 */
export const ENTRY_KINDS = {
  'personal-assistant': 'Personal assistant',
  provider: 'Provider organisation',
  'support-organisation': 'Support planning or brokerage organisation',
} as const;
export type EntryKind = keyof typeof ENTRY_KINDS;

export const CHECK_TYPES = {
  dbs: 'DBS check',
  'right-to-work': 'Right to work',
  reference: 'Reference',
  training: 'Training',
  'public-liability-insurance': 'Public liability insurance',
  'employers-liability-insurance': 'Employer’s liability insurance',
  accreditation: 'Accreditation',
  'cqc-registration': 'CQC registration',
} as const;
export type CheckType = keyof typeof CHECK_TYPES;

/** How a sentence names each check: "No DBS check is recorded". */
const CHECK_PHRASES: Record<CheckType, string> = {
  dbs: 'DBS check',
  'right-to-work': 'right-to-work check',
  reference: 'reference',
  training: 'training',
  'public-liability-insurance': 'public liability insurance',
  'employers-liability-insurance': 'employer’s liability insurance',
  accreditation: 'accreditation',
  'cqc-registration': 'CQC registration',
};

/** What each kind of entry must have for the council to list it as meeting the standard. */
export const REQUIRED_CHECKS: Record<EntryKind, CheckType[]> = {
  'personal-assistant': ['dbs', 'right-to-work'],
  provider: ['public-liability-insurance'],
  'support-organisation': ['accreditation'],
};

export interface CheckPolicy {
  /** A DBS certificate is rechecked this many months after issue, unless on the update service. */
  dbsRecheckMonths: number;
  dueSoonDays: number;
}

export const DEFAULT_CHECK_POLICY: CheckPolicy = { dbsRecheckMonths: 36, dueSoonDays: 30 };

export interface CheckRecord {
  check_type: CheckType;
  checked_on: string;
  expires_on: string | null;
  update_service: boolean;
  outcome: 'clear' | 'information' | null;
  decision: string | null;
  /** Accreditation only: the council may suspend or withdraw it before it runs out. */
  accreditation_status?: 'accredited' | 'suspended' | 'withdrawn' | null;
}

export type CheckState = 'valid' | 'due-soon' | 'expired';

export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The date a check needs renewing by, or null when it does not run out. */
export function dueDate(check: CheckRecord, policy: CheckPolicy): string | null {
  if (check.check_type === 'dbs') return check.update_service ? null : addMonths(check.checked_on, policy.dbsRecheckMonths);
  return check.expires_on;
}

export function checkState(check: CheckRecord, today: string, policy: CheckPolicy): { state: CheckState; dueOn: string | null } {
  const dueOn = dueDate(check, policy);
  if (dueOn === null) return { state: 'valid', dueOn };
  if (today > dueOn) return { state: 'expired', dueOn };
  if (today >= addDays(dueOn, -policy.dueSoonDays)) return { state: 'due-soon', dueOn };
  return { state: 'valid', dueOn };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

export type Compliance = { state: 'meets-standard' | 'due-soon' | 'not-met'; problems: string[]; dueSoon: string[] };

/**
 * Whether an entry meets the standard today: each required check present (the latest of its type
 * counts) and in date, and a DBS disclosure with information has a recorded decision. Messages
 * are plain English, for the directory and for a support plan's Legal check.
 */
export function compliance(kind: EntryKind, checks: CheckRecord[], today: string, policy: CheckPolicy = DEFAULT_CHECK_POLICY): Compliance {
  const latest = new Map<CheckType, CheckRecord>();
  for (const c of checks) {
    const current = latest.get(c.check_type);
    if (!current || c.checked_on > current.checked_on) latest.set(c.check_type, c);
  }
  const problems: string[] = [];
  const dueSoon: string[] = [];
  for (const type of REQUIRED_CHECKS[kind]) {
    if (!latest.has(type)) problems.push(`No ${CHECK_PHRASES[type]} is recorded`);
  }
  for (const [type, c] of latest) {
    const { state, dueOn } = checkState(c, today, policy);
    const name = CHECK_TYPES[type];
    if (state === 'expired') problems.push(type === 'dbs' ? `The DBS check was due to be renewed on ${day(dueOn!)}` : `${name} ran out on ${day(dueOn!)}`);
    else if (state === 'due-soon') dueSoon.push(type === 'dbs' ? `The DBS check is due to be renewed on ${day(dueOn!)}` : `${name} runs out on ${day(dueOn!)}`);
    if (type === 'dbs' && c.outcome === 'information' && !c.decision) problems.push('The DBS certificate has information on it and no decision about it is recorded');
    if (type === 'accreditation' && (c.accreditation_status === 'suspended' || c.accreditation_status === 'withdrawn')) problems.push(`Accreditation is ${c.accreditation_status}`);
  }
  return { state: problems.length ? 'not-met' : dueSoon.length ? 'due-soon' : 'meets-standard', problems, dueSoon };
}

/**
 * For the support plan's Legal check: may a plan line pay this personal assistant by direct
 * payment? Exposed here for the planning feature to call.
 */
export function personalAssistantLegalCheck(name: string, checks: CheckRecord[], today: string, policy: CheckPolicy = DEFAULT_CHECK_POLICY): { ok: boolean; reasons: string[] } {
  const result = compliance('personal-assistant', checks, today, policy);
  return { ok: result.state !== 'not-met', reasons: result.problems.map((p) => `${name}: ${p.charAt(0).toLowerCase()}${p.slice(1)}`) };
}
