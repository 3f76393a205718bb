import { formatPence } from '../../domain/money/pence.js';
import { REVIEW_KINDS } from '../../domain/planning/journey.js';
import { paths } from '../../paths.js';
import type { Executor } from '../../web/route.js';
import { assessmentsOfPerson } from '../assessments/repository.js';
import { reviewsOfPerson } from '../reviews/repository.js';
import { concernsAbout } from '../safeguarding/repository.js';
import { planVersionsOf } from '../support-plans/repository.js';
import { agreementsOfPerson } from './repository.js';

/** A moment on the timeline from another part of the record: an ISO date or date-time, what, and where to read it. */
export interface RecordEvent {
  sortKey: string;
  at: string;
  what: string;
  href: string;
  linkText: string;
}

const moment = (d: Date) => ({ sortKey: d.toISOString(), at: d.toISOString() });
/** A date-only event sorts at the end of its day (after that day's notes). */
const day = (d: string) => ({ sortKey: `${d}T23:59:59.999Z`, at: d });

/** Assessments, plans, reviews, concerns and direct payments, as moments for the person's timeline. */
export async function otherEventsOf(db: Executor, personId: string): Promise<RecordEvent[]> {
  const [assessments, plans, reviews, concerns, agreements] = await Promise.all([assessmentsOfPerson(db, personId), planVersionsOf(db, personId), reviewsOfPerson(db, personId), concernsAbout(db, personId), agreementsOfPerson(db, personId)]);
  const events: RecordEvent[] = [];
  for (const a of assessments) {
    const kind = a.kind === 'carer' ? 'Carer’s assessment' : 'Needs assessment';
    events.push({ ...moment(a.started_at), what: `${kind} started`, href: paths.assessments.view(a.id), linkText: 'Open the assessment' });
    if (a.completed_at) events.push({ ...moment(a.completed_at), what: `${kind} completed${a.weekly_pence !== null ? `: indicative budget ${formatPence(a.weekly_pence)} a week` : ''}`, href: paths.assessments.view(a.id), linkText: 'Open the assessment' });
  }
  for (const p of plans) {
    if (p.migrated) continue;
    events.push({ ...moment(p.created_at), what: `Support plan, version ${p.plan_number}, started`, href: paths.plans.view(p.id), linkText: 'Open the plan' });
    if (p.agreed_on) events.push({ ...day(p.agreed_on), what: `Support plan, version ${p.plan_number}, agreed`, href: paths.plans.view(p.id), linkText: 'Open the plan' });
  }
  for (const r of reviews) if (r.reviewed_on) events.push({ ...day(r.reviewed_on), what: `${REVIEW_KINDS[r.kind]} recorded`, href: paths.reviews.view(r.id), linkText: 'Open the review' });
  for (const c of concerns) events.push({ ...day(c.raised_on), what: 'Safeguarding concern raised', href: paths.safeguarding.update(c.id), linkText: 'Open the concern' });
  for (const a of agreements) events.push({ ...day(a.start_on), what: `Direct payment ${a.reference} started: ${formatPence(a.net_weekly_pence)} a week`, href: paths.people.view(personId), linkText: 'Open the record' });
  return events;
}
