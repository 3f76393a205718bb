import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Person, Role, SupportPlan } from '../../src/db/schema.js';
import { budgetStatement, type SupportLine } from '../../src/domain/planning/plan.js';
import { compileScheme, explain } from '../../src/domain/ras/pricing.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertPerson } from '../../src/features/people/repository.js';
import { documentOf } from '../../src/features/schemes/document.js';
import type { StaffActor } from '../../src/policies/index.js';
import type { Executor } from '../../src/web/route.js';

/**
 * Factories: each test builds the records it needs, with names of its own, instead of leaning on
 * the demo people or on what another test left behind. Only the published Anytown schemes (the
 * council's configuration, not case records) are taken from the seeded database.
 */
export const FACTORY_PASSWORD = 'factory-password-1';
let passwordHash: Promise<string> | undefined;
const unique = () => randomUUID().slice(0, 8);

export function factories(db: Executor) {
  async function scheme(kind: 'adult' | 'carer' = 'adult') {
    const row = await db.selectFrom('ras_schemes').selectAll().where('kind', '=', kind).where('status', '=', 'published').orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
    return { row, document: documentOf(row) };
  }

  const make = {
    async team(name = `Team ${unique()}`) {
      return db.insertInto('teams').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    },

    /** A member of staff who signs in with FACTORY_PASSWORD. */
    async staff(role: Role, teamIds: string[] = [], options: { email?: string; active?: boolean } = {}) {
      passwordHash ??= hashPassword(FACTORY_PASSWORD);
      const email = options.email ?? `${role}.${unique()}@factory.example`;
      const user = await db.insertInto('staff_users').values({ email, display_name: `${role} ${unique()}`, role, password_hash: await passwordHash, updated_at: new Date(), active: options.active ?? true }).returning('id').executeTakeFirstOrThrow();
      if (teamIds.length) await db.insertInto('staff_user_teams').values(teamIds.map((team_id) => ({ user_id: user.id, team_id }))).execute();
      return { id: user.id, email, role, teamIds };
    },

    /** A finance officer, and the actor their commands run as. */
    async financeOfficer() {
      const officer = await make.staff('finance-officer');
      const actor: StaffActor = { kind: 'staff', id: officer.id, email: officer.email, displayName: 'Officer', role: 'finance-officer', teamIds: [] };
      return { ...officer, actor };
    },

    async person(teamId: string, overrides: Partial<Person> = {}): Promise<Person> {
      return insertPerson(db, {
        client_type: 'Service user',
        given_name: `Given${unique()}`,
        family_name: `Family${unique()}`,
        date_of_birth: '1950-05-01',
        postcode: 'AY1 1AA',
        primary_support_reason: 'Physical support: Personal care support',
        team_id: teamId,
        updated_at: new Date(),
        ...overrides,
      } as Parameters<typeof insertPerson>[1]);
    },

    /**
     * An assessment on the published scheme: in progress with no answers, or completed with the
     * highest-scoring answer to every question of the first `needing` domains (priced exactly).
     */
    async assessment(person: Person, staffId: string, options: { status?: 'in-progress' | 'completed'; needing?: number; outcome?: 'panel-review' } = {}) {
      const { row, document } = await scheme(person.client_type === 'Unpaid carer' ? 'carer' : 'adult');
      const base = { person_id: person.id, kind: document.kind, scheme_row_id: row.id, scheme_id: row.scheme_id, scheme_version: row.version, started_by: staffId };
      if (options.status === 'in-progress') return db.insertInto('assessments').values({ ...base, status: 'in-progress' }).returningAll().executeTakeFirstOrThrow();
      const needing = options.needing ?? (options.outcome === 'panel-review' ? Number.POSITIVE_INFINITY : 3);
      const answers: Record<string, string> = {};
      document.domains.forEach((domain, i) => {
        for (const q of domain.questions) {
          const sorted = [...q.answers].sort((a, b) => a.points - b.points);
          answers[q.id] = (i < needing ? sorted.at(-1) : sorted[0])!.id;
        }
      });
      const compiled = compileScheme(document);
      const groupId = document.allocation.type === 'rate' ? document.allocation.groups[0]!.id : null;
      const priced = explain(compiled, answers, groupId);
      return db
        .insertInto('assessments')
        .values({
          ...base,
          status: 'completed',
          answers: JSON.stringify(answers),
          group_id: groupId,
          points: priced.totalPoints,
          weekly_pence: priced.allocation.weeklyPence,
          annual_pence: priced.allocation.annualPence,
          outcome: options.outcome ?? priced.outcome,
          completed_at: new Date(),
          completed_by: staffId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    line(overrides: Partial<SupportLine> = {}): SupportLine {
      return {
        id: randomUUID(),
        description: 'Help to get up and dressed',
        directoryEntryId: null,
        providerName: 'Factory Care Ltd',
        providerKind: 'organisation',
        frequency: 'hours-a-week',
        quantityHundredths: 500,
        unitCostPence: 1500,
        needs: ['personal-care'],
        outcomes: [],
        management: 'council-managed',
        fundingStream: 'social-care',
        paysRelativeInHousehold: false,
        relativeDecision: null,
        employerInsurance: null,
        payrollArrangement: null,
        ...overrides,
      };
    },

    /** A plan version in the given state; an agreed one carries its s26 statement. */
    async plan(person: Person, assessmentId: string, staffId: string, options: { status?: SupportPlan['status']; level?: 'worker' | 'manager' | 'panel'; lines?: SupportLine[]; outcomes?: object[]; unpaid?: object[]; contributionPence?: number } = {}) {
      const status = options.status ?? 'draft';
      const lines = options.lines ?? [make.line()];
      const statement = budgetStatement({ lines, contributionWeeklyPence: options.contributionPence ?? 0, paymentFrequency: 'four-weekly' });
      return db
        .insertInto('support_plans')
        .values({
          person_id: person.id,
          assessment_id: assessmentId,
          plan_number: sql<number>`(SELECT coalesce(max(plan_number), 0) + 1 FROM support_plans WHERE person_id = ${person.id})`,
          status,
          created_by: staffId,
          updated_at: new Date(),
          lines: JSON.stringify(lines),
          outcomes: JSON.stringify(options.outcomes ?? []),
          unpaid_support: JSON.stringify(options.unpaid ?? []),
          contribution_weekly_pence: options.contributionPence ?? 0,
          sign_off_level: status === 'draft' ? null : (options.level ?? 'worker'),
          submitted_at: status === 'draft' ? null : new Date(),
          submitted_by: status === 'draft' ? null : staffId,
          ...(status === 'agreed' ? { agreed_on: '2026-11-01', agreed_at: new Date(), agreed_by: staffId, indicative_weekly_pence: 100_000, statement: JSON.stringify(statement) } : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async agreement(plan: SupportPlan, staffId: string, startOn = '2026-04-01') {
      return db
        .insertInto('dp_agreements')
        .values({
          reference: sql<string>`'DP-' || nextval('dp_reference_seq')`,
          person_id: plan.person_id,
          plan_id: plan.id,
          recipient_kind: 'person',
          recipient_name: 'Account holder',
          account_kind: 'prepaid-card',
          account_details: `CARD-${unique()}`,
          prepaid_card_choice: 'accepted',
          start_on: startOn,
          net_weekly_pence: plan.statement?.directPayment?.netWeeklyPence ?? 7_500,
          frequency: 'four-weekly',
          contingency_pence: 0,
          created_by: staffId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** A person in a new team with an agreed plan of these lines and a direct payment paying it from a day. */
    async directPayment(staffId: string, options: { lines: SupportLine[]; startOn: string; frequency?: 'weekly' | 'four-weekly' | 'monthly'; person?: Partial<Person> }) {
      const person = await make.person((await make.team()).id, options.person ?? {});
      const plan = await make.plan(person, (await make.assessment(person, staffId)).id, staffId, { status: 'agreed', lines: options.lines });
      const created = await make.agreement(plan, staffId, options.startOn);
      const agreement = await db.updateTable('dp_agreements').set({ frequency: options.frequency ?? 'four-weekly' }).where('id', '=', created.id).returningAll().executeTakeFirstOrThrow();
      return { person, plan, agreement };
    },

    async paymentRun(staffId: string, runOn = '2026-11-01') {
      return db.insertInto('payment_runs').values({ run_on: runOn, created_by: staffId }).returningAll().executeTakeFirstOrThrow();
    },

    async statementLine(agreement: { id: string; reference: string }, staffId: string, overrides: { amountPence?: number; mcc?: string | null } = {}) {
      return db
        .insertInto('statement_lines')
        .values({ agreement_id: agreement.id, account_ref: agreement.reference, transaction_id: `TX-${unique()}`, posted_on: '2026-10-05', amount_pence: overrides.amountPence ?? -2_000, counterparty: 'Corner Shop', description: 'Card payment', merchant_category_code: overrides.mcc ?? null, plan_line_id: null, matched_by: 'none', flags: ['not-in-plan'], imported_by: staffId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async reclaim(agreementId: string, status: 'proposed' | 'waived' = 'proposed') {
      return db
        .insertInto('reclaims')
        .values({ agreement_id: agreementId, proposed_on: '2026-10-01', balance_pence: 100_000, surplus_pence: 50_000, proposed_pence: 10_000, explanation: JSON.stringify(['An explanation.']), status, ...(status === 'waived' ? { decided_pence: 0, decision_reason: 'Bills to pay', decided_at: new Date() } : {}) })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async dpAudit(agreementId: string, dueOn = '2027-04-01') {
      return db.insertInto('dp_audits').values({ agreement_id: agreementId, due_on: dueOn }).returningAll().executeTakeFirstOrThrow();
    },

    async review(plan: SupportPlan, kind: 'light-touch' | 'annual' = 'light-touch') {
      return db.insertInto('reviews').values({ person_id: plan.person_id, plan_id: plan.id, kind, due_from: '2026-11-01', due_by: '2026-12-31' }).returningAll().executeTakeFirstOrThrow();
    },

    async concern(person: Person, staffId: string) {
      return db.insertInto('safeguarding_concerns').values({ person_id: person.id, raised_on: '2026-11-20', concern: 'A concern', action_taken: 'Referred', recorded_by: staffId, updated_at: new Date() }).returningAll().executeTakeFirstOrThrow();
    },

    async representative(person: Person) {
      return db.insertInto('representatives').values({ person_id: person.id, kind: 'family-member', name: `Rep ${unique()}` }).returningAll().executeTakeFirstOrThrow();
    },

    async carerLink(caredFor: Person, carer: Person) {
      return db.insertInto('carer_links').values({ cared_for_person_id: caredFor.id, carer_person_id: carer.id, relationship: 'Daughter' }).returningAll().executeTakeFirstOrThrow();
    },

    async directoryEntry(options: { publicListing?: boolean; kind?: 'provider' | 'personal-assistant' | 'support-organisation' } = {}) {
      return db
        .insertInto('directory_entries')
        .values({
          reference: `DIR-F${unique()}`,
          kind: options.kind ?? 'provider',
          name: `Entry ${unique()}`,
          services: ['Personal care'],
          areas: ['Northfield'],
          public_listing: options.publicListing ?? false,
          public_fields: options.publicListing ? ['services', 'areas'] : [],
          consent_recorded_on: options.publicListing ? '2026-01-01' : null,
          updated_at: new Date(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** A personal assistant in the directory whose DBS and right-to-work checks are in date. */
    async personalAssistant(name = `PA ${unique()}`, options: { dbsDaysAgo?: number } = {}) {
      const entry = await db
        .insertInto('directory_entries')
        .values({ reference: `DIR-F${unique()}`, kind: 'personal-assistant', name, services: ['Personal care'], areas: ['Northfield'], hourly_rate_pence: 1450, updated_at: new Date() })
        .returningAll()
        .executeTakeFirstOrThrow();
      const checkedOn = new Date(Date.now() - (options.dbsDaysAgo ?? 100) * 86_400_000).toISOString().slice(0, 10);
      await db
        .insertInto('directory_checks')
        .values([
          { entry_id: entry.id, check_type: 'dbs', checked_on: checkedOn, dbs_level: 'enhanced-barred', certificate_number: '009999999999', outcome: 'clear', recorded_by: 'factory' },
          { entry_id: entry.id, check_type: 'right-to-work', checked_on: checkedOn, recorded_by: 'factory' },
        ])
        .execute();
      return entry;
    },

    /** A draft version of the published adult scheme. */
    async draftScheme() {
      const { document } = await scheme('adult');
      const version = `9${unique().replace(/[^0-9]/g, '1').slice(0, 4)}.1`;
      const text = JSON.stringify({ ...document, version, effectiveFrom: '2027-04-01' });
      return db.insertInto('ras_schemes').values({ scheme_id: document.id, version, title: 'Draft', kind: 'adult', effective_from: '2027-04-01', status: 'draft', document: text, imported_by: 'test' }).returningAll().executeTakeFirstOrThrow();
    },

    async calibrationRun(staffId: string) {
      return db
        .insertInto('analysis_runs')
        .values({ kind: 'calibration', title: 'Test calibration', parameters: JSON.stringify({ rows: 2 }), report: JSON.stringify({ groups: [{ id: 'older-people', n: 2, pencePerPoint: 250, fixedPence: 0, r2: 1 }], sample: [{ group: 'older-people', points: 10, cost: 2500 }], rows: 2 }), created_by: staffId })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
  return make;
}
