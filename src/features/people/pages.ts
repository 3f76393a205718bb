import type { Person, Representative, Review, SafeguardingConcern } from '../../db/schema.js';
import type { contactsOfPerson } from '../front-door/repository.js';
import { isUnpaidCarer } from '../../domain/cld/code-lists.js';
import type { FieldError } from '../../errors.js';
import { paths } from '../../paths.js';
import { type StaffActor, can } from '../../policies/index.js';
import { formatDate } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { concernsTable, safeguardingBanner } from '../safeguarding/presenters.js';
import type { JourneyEntry } from '../worklists/repository.js';
import * as planning from './planning-presenters.js';
import { consentRows } from '../consent/presenters.js';
import * as present from './presenters.js';

/** The person's pages, from what the routes loaded: pure. */

export interface PersonPage {
  person: Person;
  teamName: string;
  representatives: Representative[];
  carerLinks: { carers: present.CarerLinkRow[]; caresFor: present.CarerLinkRow[] };
  assessments: Parameters<typeof present.assessmentTable>[0];
  plans: Parameters<typeof planning.planTable>[0];
  reviews: Review[];
  concerns: SafeguardingConcern[];
  /** Contacts and referrals at the front door. */
  contacts: Awaited<ReturnType<typeof contactsOfPerson>>;
  journey: JourneyEntry | null;
  /** Messages from My Selfdirect that wait for a worker. */
  waitingMessages: number;
  /** The worker the person is allocated to now. */
  allocation: { worker_name: string; allocated_at: Date } | null;
  /** Consent, capacity and advocacy as last recorded. */
  consent: Parameters<typeof consentRows>[0];
}

/** Who holds the case, and the casework links the actor may use. Pure. */
function casework(actor: StaffActor, r: PersonPage) {
  const { person } = r;
  return {
    worker: r.allocation ? `${r.allocation.worker_name}, since ${formatDate(r.allocation.allocated_at.toISOString().slice(0, 10))}` : 'Not allocated',
    allocate: can(actor, 'person:allocate', person) ? { href: paths.casework.allocate(person.id), text: r.allocation ? 'Reallocate' : 'Allocate to a worker' } : null,
    transfer: can(actor, 'person:transfer', person) ? paths.casework.transfer(person.id) : null,
    timeline: can(actor, 'person:read-notes', person) ? paths.casework.timeline(person.id) : null,
    addNote: can(actor, 'person:notes', person) ? paths.casework.newNote(person.id) : null,
    outsideTeam: !actor.teamIds.includes(person.team_id) ? `You opened this record from outside your teams, giving a reason. It belongs to ${r.teamName}, whose managers can see that you opened it.` : null,
  };
}

export function personPage(actor: StaffActor, today: string, r: PersonPage) {
  const { person } = r;
  const actions = present.personActions(actor, person);
  const hasCompleted = r.assessments.some((a) => a.status === 'completed');
  const openPlan = r.plans.find((p) => p.status !== 'agreed');
  const seesConcerns = can(actor, 'person:see-concerns', person);
  return {
    casework: casework(actor, r),
    consent: { rows: consentRows(r.consent), href: can(actor, 'person:change', person) ? paths.consent.person(person.id) : null },
    journey: r.journey ? planning.journeySteps(r.journey.step) : null,
    plans: planning.planTable(r.plans),
    planAction:
      can(actor, 'person:start-plan', person) && hasCompleted
        ? { href: paths.plans.start(person.id), text: openPlan ? 'Carry on with the support plan' : r.plans.length ? 'Start a new version of the support plan' : 'Start a support plan' }
        : null,
    financialAssessments: can(actor, 'financial-assessment:read', { person }) ? paths.charging.personAssessments(person.id) : null,
    reviews: planning.reviewTable(r.reviews, today),
    contacts: r.contacts.length ? present.contactTable(r.contacts) : null,
    safeguardingBanner: safeguardingBanner(r.concerns),
    concerns: concernsTable(r.concerns, seesConcerns),
    addConcern: can(actor, 'person:raise-concern', person) ? paths.safeguarding.create(person.id) : null,
    title: present.fullName(person),
    person,
    closed: person.closed_on ? { on: formatDate(person.closed_on), reason: person.closure_reason } : null,
    summary: present.personSummary(person, r.teamName),
    representatives: present.representativeCards(person.id, r.representatives, Boolean(actions.addRepresentative)),
    carers: r.carerLinks.carers.length ? present.carerLinkTable(actor, person.id, r.carerLinks.carers, 'carer', Boolean(actions.addCarer)) : null,
    caresFor: r.carerLinks.caresFor.length ? present.carerLinkTable(actor, person.id, r.carerLinks.caresFor, 'cared_for', Boolean(actions.addCarer)) : null,
    actions,
    assessments: present.assessmentTable(r.assessments),
    assessmentAction: actions.edit
      ? { href: paths.assessments.start(person.id), text: r.assessments.some((a) => a.status === 'in-progress' && a.submitted_at) ? 'Check and confirm the self-assessment sent from My Selfdirect' : r.assessments.some((a) => a.status === 'in-progress') ? 'Carry on with the assessment' : isUnpaidCarer(person.client_type) ? 'Start a carer’s assessment' : 'Start a self-assessment' }
      : null,
    messages: { href: paths.people.messages(person.id), text: r.waitingMessages ? `Messages from My Selfdirect: ${r.waitingMessages} waiting` : 'Messages from My Selfdirect' },
    backLink: { href: paths.people.list(), text: 'All people' },
  };
}

export function personFormPage(personId: string | null, teams: { id: string; name: string }[], values: present.PersonFormValues, errors?: FieldError[]) {
  return {
    title: personId ? 'Change a person’s details' : 'Add a person',
    action: personId ? paths.people.edit(personId) : paths.people.create(),
    backLink: { href: personId ? paths.people.view(personId) : paths.people.list() },
    values,
    options: present.personFormOptions(values, teams),
    ...presentErrors(errors, present.personFormAnchors),
  };
}

/** A small form about the person (close, a representative, a carer, ending a link). */
export function personFormOf(title: string, person: Person, values: Record<string, unknown>, errors?: FieldError[], extra: Record<string, unknown> = {}, anchors: Record<string, string> = {}) {
  return { title, person, values, backLink: { href: paths.people.view(person.id) }, ...extra, ...presentErrors(errors, anchors) };
}
