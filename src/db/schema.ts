import type { AbuseCategory, Risk, Section42, Stage } from '../domain/safeguarding/concern.js';
import type { ColumnType, Generated, Insertable, RawBuilder, Selectable, Updateable } from 'kysely';
import type { CarerLinksTable, PeopleTable, RepresentativesTable } from './schema-parts/people.js';
import type { CldEventsTable, ContactsTable } from './schema-parts/statutory.js';
import type { CaseDocumentsTable, CaseNotesTable, ConsentRecordsTable, OutOfTeamAccessTable, PersonAllocationsTable, PlanCopiesTable, TeamTransfersTable } from './schema-parts/casework.js';
import type { ChargingRemindersTable, ChargingRulesTable, ChargingUpratingsTable, FinancialAssessmentEvidenceTable, FinancialAssessmentsTable } from './schema-parts/charging.js';
import type { BudgetStatement, Outcome, PaymentFrequency, SupportLine, UnpaidSupport } from '../domain/planning/plan.js';
import type { ReviewKind } from '../domain/planning/journey.js';

/** timestamptz columns: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date columns are read as 'YYYY-MM-DD' strings (the parser is set on both drivers). */
type DateOnly = string;

export type Role = 'social-worker' | 'team-manager' | 'panel-member' | 'finance-officer' | 'analyst' | 'administrator';

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: Role;
  /** Null until the account's owner sets one from their invitation. */
  password_hash: string | null;
  is_demo: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  version: Generated<number>;
  /** The identity provider's issuer and stable subject, once they have signed in through it. */
  oidc_issuer: ColumnType<string | null, string | null | undefined, string | null>;
  oidc_subject: ColumnType<string | null, string | null | undefined, string | null>;
  /** The authenticator app's shared secret (base32): set while setting up, confirmed by a first code. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_confirmed_at: NullableTimestamp;
  /** The last 30-second step a code was accepted for: none is accepted twice. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface StaffRecoveryCodesTable {
  id: Generated<string>;
  user_id: string;
  /** SHA-256 of the code: shown once, never stored. */
  code_hash: string;
  created_at: Generated<Date>;
  used_at: NullableTimestamp;
}

/** The open API's clients (migration 0043): the token is kept only as its hash. */
export interface ApiClientsTable {
  id: Generated<string>;
  name: string;
  scopes: string[];
  /** The teams whose people it may see; null: every team. */
  team_ids: string[] | null;
  token_hash: string;
  token_hint: string;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

/** Which reminder went about what to whom (migration 0044): each is sent once. */
export interface RemindersSentTable {
  kind: 'review-due' | 'audit-due' | 'check-expiry';
  subject_id: string;
  person_id: string;
  sent_on: string;
}

export interface StaffInvitationsTable {
  id: Generated<string>;
  user_id: string;
  /** SHA-256 of the link's token: the token itself is shown once and never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  withdrawn_at: NullableTimestamp;
}

export interface CaseAccessNoticesTable {
  id: Generated<string>;
  team_id: string;
  user_id: string;
  role: Role;
  change: 'account-created' | 'access-given';
  given_by: string;
  given_at: Generated<Date>;
  seen_by: string | null;
  seen_at: NullableTimestamp;
}

export interface StaffUserTeamsTable {
  user_id: string;
  team_id: string;
}

export interface StaffSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  signed_in_with: Generated<'password' | 'provider'>;
  /** Not yet usable: waiting for a code from the authenticator app, or for the app to be set up. */
  waiting_for: ColumnType<'code' | 'set-up' | null, 'code' | 'set-up' | null | undefined, 'code' | 'set-up' | null>;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  email: string;
  address: string;
  attempted_at: Timestamp;
  succeeded: boolean;
}


export type RepresentativeKind = 'nominated-person' | 'authorised-person' | 'advocate' | 'family-member';



export interface AuditEventsTable {
  seq: number;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  person_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  reason: string | null;
  /** The audit key that signed the entry; null before the trail was keyed. */
  key_id: string | null;
  prev_hash: string;
  hash: string;
}

export type PortalMessageKind = 'message' | 'review-request' | 'change-of-circumstances';

export interface PortalMessagesTable {
  id: Generated<string>;
  person_id: string;
  kind: PortalMessageKind;
  topic: string | null;
  body: string;
  from_account: string | null;
  from_staff: string | null;
  from_label: string;
  sent_at: Generated<Date>;
  dealt_with_at: NullableTimestamp;
  dealt_with_by: string | null;
}

export interface PlanAgreementsTable {
  id: Generated<string>;
  plan_id: string;
  person_id: string;
  decision: 'agreed' | 'disagreed';
  reasons: string | null;
  by_account: string;
  as_label: string;
  decided_at: Generated<Date>;
}

export interface TransactionExplanationsTable {
  id: Generated<string>;
  statement_line_id: string;
  person_id: string;
  explanation: string | null;
  receipt: Buffer | null;
  receipt_type: 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf' | null;
  receipt_bytes: number | null;
  by_account: string;
  as_label: string;
  explained_at: Generated<Date>;
}

export interface RasSchemesTable {
  id: Generated<string>;
  scheme_id: string;
  version: string;
  title: string;
  kind: 'adult' | 'carer';
  effective_from: DateOnly;
  status: 'draft' | 'published';
  /** The scheme exactly as imported (a json column keeps its text). */
  document: ColumnType<unknown, string, string>;
  imported_at: Generated<Date>;
  imported_by: string;
  published_at: NullableTimestamp;
  published_by: string | null;
  row_version: Generated<number>;
}

export interface AssessmentsTable {
  id: Generated<string>;
  person_id: string;
  kind: 'adult' | 'carer';
  scheme_row_id: string;
  scheme_id: string;
  scheme_version: string;
  status: 'in-progress' | 'completed';
  answers: ColumnType<Record<string, string>, string | undefined, string>;
  group_id: string | null;
  group_reason: string | null;
  points: number | null;
  weekly_pence: number | null;
  annual_pence: number | null;
  outcome: 'allocated' | 'below-threshold' | 'panel-review' | null;
  started_at: Generated<Date>;
  started_by: string | null;
  started_by_account: string | null;
  completed_at: NullableTimestamp;
  completed_by: string | null;
  /** Sent to the worker from My Selfdirect: when, by which account and as whom. */
  submitted_at: NullableTimestamp;
  submitted_by_account: string | null;
  submitted_as: string | null;
  version: Generated<number>;
}

export interface PanelDecisionsTable {
  id: Generated<string>;
  assessment_id: string;
  decision: 'agreed' | 'changed';
  weekly_pence: number;
  reasons: string;
  decided_at: Generated<Date>;
  decided_by: string;
}

export interface DirectoryEntriesTable {
  id: Generated<string>;
  reference: string;
  kind: 'provider' | 'personal-assistant' | 'support-organisation';
  name: string;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  website: string | null;
  description: string | null;
  services: ColumnType<string[], string[] | undefined, string[]>;
  areas: ColumnType<string[], string[] | undefined, string[]>;
  availability: string | null;
  accepting_new: Generated<boolean>;
  hourly_rate_pence: number | null;
  rates: string | null;
  cqc_location_id: string | null;
  contract_status: 'contracted' | 'preferred' | 'spot' | 'none' | null;
  functions: ColumnType<string[], string[] | undefined, string[]>;
  public_listing: Generated<boolean>;
  public_fields: ColumnType<string[], string[] | undefined, string[]>;
  consent_recorded_on: DateOnly | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface DirectoryChecksTable {
  id: Generated<string>;
  entry_id: string;
  check_type: 'dbs' | 'right-to-work' | 'reference' | 'training' | 'public-liability-insurance' | 'employers-liability-insurance' | 'accreditation' | 'cqc-registration';
  dbs_level: 'basic' | 'standard' | 'enhanced' | 'enhanced-barred' | null;
  certificate_number: string | null;
  checked_on: DateOnly;
  expires_on: DateOnly | null;
  update_service: Generated<boolean>;
  outcome: 'clear' | 'information' | null;
  decision: string | null;
  accreditation_status: 'accredited' | 'suspended' | 'withdrawn' | null;
  detail: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string;
}

/** A personal assistant a worker proposed for the directory, and a manager's decision: migration 0035. */
export interface DirectoryProposalsTable {
  id: Generated<string>;
  name: string;
  contact_name: string | null;
  phone: string | null;
  email: string | null;
  postcode: string | null;
  services: ColumnType<string[], string[] | undefined, string[]>;
  areas: ColumnType<string[], string[] | undefined, string[]>;
  availability: string | null;
  hourly_rate_pence: number | null;
  reason: string;
  proposed_by: string;
  proposed_at: Generated<Date>;
  status: Generated<'proposed' | 'approved' | 'declined'>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  entry_id: string | null;
}

/** A search of people kept for a working day, so its results can be paged without the query in an address: migration 0037. */
export interface PeopleSearchesTable {
  id: Generated<string>;
  searched_by: string;
  query: string;
  searched_at: Generated<Date>;
}

/** Where each person is in the seven steps, kept by triggers on assessments, plans and reviews: migration 0036. */
export interface BackupsTable {
  id: Generated<string>;
  started_at: Generated<Date>;
  finished_at: Date | null;
  status: Generated<'running' | 'verified' | 'failed'>;
  file_name: string | null;
  bytes: number | null;
  rows: number | null;
  audit_entries: number | null;
  error: string | null;
}

/** The statutory returns' kept figures and the count of changes to what they read: migration 0041. */
export interface StatutoryRegisterTable {
  id: Generated<boolean>;
  changes: Generated<number>;
}

export interface StatutoryFiguresTable {
  kind: 'ascof' | 'quality';
  period_from: string;
  period_to: string;
  asked_at: Generated<Date>;
  figures: ColumnType<unknown, string | null | undefined, string | null>;
  worked_out_at: Date | null;
  /** The register's count of changes the figures were worked out from. */
  worked_out_from: number | null;
  /** What else the figures depend on (the LA code, for data quality). */
  worked_out_with: string | null;
}

export interface JobStatusTable {
  job: string;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_result: 'succeeded' | 'failed' | null;
  last_summary: string | null;
  last_error: string | null;
  last_succeeded_at: Date | null;
}

export interface PersonJourneysTable {
  person_id: string;
  completed_assessment_id: string | null;
  completed_at: Date | null;
  in_progress_started_at: Date | null;
  open_plan_created_at: Date | null;
  agreed_plan_id: string | null;
  agreed_assessment_id: string | null;
  agreed_on: string | null;
  support_starts_on: string | null;
  next_review_id: string | null;
  next_review_kind: ReviewKind | null;
  next_review_due_from: string | null;
  next_review_due_by: string | null;
  awaiting_direct_payment: Generated<boolean>;
  direct_payment_to_end: Generated<boolean>;
}

export interface SupportPlansTable {
  id: Generated<string>;
  person_id: string;
  /** Null only for a migrated plan: arrangements brought in from the council's previous system. */
  assessment_id: string | null;
  migrated: Generated<boolean>;
  plan_number: number;
  previous_id: string | null;
  status: 'draft' | 'awaiting-sign-off' | 'agreed';
  important_to_me: string | null;
  staying_well: string | null;
  contingency: string | null;
  prevention_advice: string | null;
  outcomes: ColumnType<Outcome[], string | undefined, string>;
  unpaid_support: ColumnType<UnpaidSupport[], string | undefined, string>;
  lines: ColumnType<SupportLine[], string | undefined, string>;
  contribution_weekly_pence: Generated<number>;
  /** The financial assessment an agreed version's contribution came from (migration 0031). */
  contribution_assessment_id: ColumnType<string | null, string | null | undefined, string | null>;
  payment_frequency: Generated<PaymentFrequency>;
  exceptional_need: string | null;
  difference_reason: string | null;
  sign_off_level: 'worker' | 'manager' | 'panel' | null;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  agreed_on: DateOnly | null;
  agreed_at: NullableTimestamp;
  agreed_by: string | null;
  indicative_weekly_pence: number | null;
  statement: ColumnType<BudgetStatement | null, string | null | undefined, string | null>;
  support_starts_on: DateOnly | null;
  created_at: Generated<Date>;
  created_by: string | null;
  created_by_account: string | null;
  /** Sent to the worker from My Selfdirect: when, and as whom. */
  sent_by_person_at: NullableTimestamp;
  sent_by_person_as: string | null;
  updated_at: Timestamp;
  row_version: Generated<number>;
}

export interface SignOffDecisionsTable {
  id: Generated<string>;
  plan_id: string;
  decision: 'agreed' | 'returned';
  level: 'worker' | 'manager' | 'panel';
  weekly_cost_pence: number;
  annual_cost_pence: number;
  indicative_weekly_pence: number;
  reasons: string;
  decided_at: Generated<Date>;
  decided_by: string;
}

export interface ReviewsTable {
  id: Generated<string>;
  person_id: string;
  plan_id: string;
  kind: 'light-touch' | 'direct-payment' | 'annual' | 'after-reclaim';
  due_from: DateOnly;
  due_by: DateOnly;
  status: Generated<'scheduled' | 'completed' | 'cancelled'>;
  reviewed_on: DateOnly | null;
  working: string | null;
  not_working: string | null;
  outcomes_achieved: string | null;
  result: 'no-change' | 'plan-revision' | 'reassessment' | null;
  recorded_at: NullableTimestamp;
  recorded_by: string | null;
  cancelled_reason: string | null;
  version: Generated<number>;
}

export interface SafeguardingConcernsTable {
  id: Generated<string>;
  person_id: string;
  raised_on: DateOnly;
  concern: string;
  action_taken: string;
  status: Generated<'open' | 'closed'>;
  closed_on: DateOnly | null;
  recorded_at: Generated<Date>;
  recorded_by: string;
  updated_at: Timestamp;
  /** Migration 0033; null on concerns recorded before it. */
  category: ColumnType<AbuseCategory | null, AbuseCategory | null | undefined, AbuseCategory | null>;
  section_42: ColumnType<Section42 | null, Section42 | null | undefined, Section42 | null>;
  stage: ColumnType<Stage | null, Stage | null | undefined, Stage | null>;
  risk: ColumnType<Risk | null, Risk | null | undefined, Risk | null>;
  who_told: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
}

export interface AnalysisRunsTable {
  id: Generated<string>;
  kind: 'calibration' | 'simulation' | 'equity';
  title: string;
  parameters: ColumnType<Record<string, unknown>, string, never>;
  report: ColumnType<unknown, string, never>;
  created_at: Generated<Date>;
  created_by: string;
}

export interface DpAgreementsTable {
  id: Generated<string>;
  reference: string;
  person_id: string;
  plan_id: string;
  recipient_kind: 'person' | 'nominated-person' | 'authorised-person';
  recipient_name: string;
  account_kind: 'prepaid-card' | 'bank-account' | 'managed-account';
  account_details: string;
  prepaid_card_choice: 'accepted' | 'declined';
  start_on: DateOnly;
  end_on: DateOnly | null;
  net_weekly_pence: number;
  frequency: 'weekly' | 'four-weekly' | 'monthly';
  contingency_pence: Generated<number>;
  created_at: Generated<Date>;
  created_by: string;
  /** Why a second account was opened beside one still paying (a deliberate choice). */
  /** The person pays their contribution into this account, so monitoring checks it arrived. */
  contribution_into_account: Generated<boolean>;
  second_account_reason: string | null;
  /** What happened, chosen when the direct payment was ended. */
  ended_because: Generated<EndedBecause | null>;
  version: Generated<number>;
}

export interface PortalAccountsTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  created_at: Generated<Date>;
  last_signed_in_at: Date | null;
  /** The council's identity provider and its stable subject, once signed in through it. */
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

export interface PortalGrantsTable {
  id: Generated<string>;
  account_id: string;
  person_id: string;
  /** Null when the account is the person's own. */
  representative_id: string | null;
  parts: ('assessment' | 'plan' | 'money' | 'messages')[];
  invited_by: string;
  invited_at: Generated<Date>;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

export interface PortalCodesTable {
  id: Generated<string>;
  challenge_hash: string;
  account_id: string;
  code_hash: string;
  expires_at: Date;
  used_at: Date | null;
  wrong_tries: ColumnType<number, never, number | RawBuilder<unknown>>;
  created_at: Generated<Date>;
}

export interface PortalSessionsTable {
  token_hash: string;
  account_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  template: 'sign-in-code' | 'portal-invitation' | 'staff-invitation' | 'letter';
  recipient: string;
  personalisation: ColumnType<Record<string, string>, string, string | RawBuilder<unknown>>;
  secret_fields: Generated<string[]>;
  reference: string | null;
  person_id: string | null;
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, never, number | RawBuilder<unknown>>;
  next_attempt_at: Generated<Date>;
  claimed_at: Date | null;
  last_error: string | null;
  provider_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

export type EndedBecause = 'died' | 'moved-away' | 'care-home' | 'council-arranged' | 'chose-to-stop' | 'other';

export interface DpFinalReconciliationsTable {
  id: Generated<string>;
  agreement_id: string;
  as_of: DateOnly;
  end_on: DateOnly;
  balance_pence: number;
  overpaid_pence: number;
  owed_pence: number;
  notice_pence: number;
  holiday_pence: number;
  redundancy_pence: number;
  other_pence: number;
  /** Reclaims that were to be netted from a next payment, to be sent back instead. */
  returned_pence: Generated<number>;
  outcome: 'reclaim' | 'final-payment' | 'nothing';
  amount_pence: number;
  explanation: ColumnType<string[], string, never>;
  /** The officer's own notes: internal, never in a letter. */
  notes: string;
  reclaim_id: string | null;
  created_at: Generated<Date>;
  created_by: string;
}

export interface DpSuspensionsTable {
  id: Generated<string>;
  agreement_id: string;
  from_on: DateOnly;
  /** Null while the suspension has no last day yet: until the payments are resumed. */
  to_on: DateOnly | null;
  reason: string;
  version: Generated<number>;
}

export interface PaymentRunsTable {
  id: Generated<string>;
  run_on: DateOnly;
  status: Generated<'draft' | 'confirmed'>;
  created_at: Generated<Date>;
  created_by: string;
  confirmed_at: NullableTimestamp;
  confirmed_by: string | null;
  payment_count: number | null;
  total_pence: number | null;
}

export interface DpPaymentsTable {
  id: Generated<string>;
  run_id: string;
  agreement_id: string;
  period_start: DateOnly;
  period_end: DateOnly;
  days: number;
  amount_pence: number;
  netted_pence: Generated<number>;
  /** Added to (or, negative, taken from) this payment for periods already paid at another amount. */
  adjustment_pence: Generated<number>;
  /** A final payment after a final reconciliation, not a period's payment. */
  final_reconciliation_id: Generated<string | null>;
}

export interface DpLettersTable {
  id: Generated<string>;
  agreement_id: string;
  kind: 'reclaim' | 'variation' | 'contribution' | 'ending';
  subject_id: string | null;
  title: string;
  address: ColumnType<string[], string, never>;
  paragraphs: ColumnType<string[], string, never>;
  sent_on: DateOnly;
  sent_by: string;
  created_at: Generated<Date>;
}

export interface DpVariationsTable {
  id: Generated<string>;
  agreement_id: string;
  from_on: DateOnly;
  plan_id: string;
  previous_plan_id: string;
  net_weekly_pence: number;
  previous_weekly_pence: number;
  created_by: string;
  created_at: Generated<Date>;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: string;
  agreement_id: string;
  posted_on: DateOnly;
  account: 'council' | 'account' | 'spend' | 'reclaimed';
  amount_pence: number;
  kind: 'payment' | 'spend' | 'reclaim';
  source: string;
  plan_line_id: string | null;
  recorded_at: Generated<Date>;
}

export interface StatementLinesTable {
  id: Generated<string>;
  agreement_id: string;
  account_ref: string;
  transaction_id: string;
  posted_on: DateOnly;
  amount_pence: number;
  counterparty: string;
  description: string;
  merchant_category_code: string | null;
  plan_line_id: string | null;
  matched_by: 'payee' | 'officer' | 'council-payment' | 'reclaim-return' | 'none';
  /** The council's payment this line is, when it is one. */
  dp_payment_id: string | null;
  /** The reclaim this line returns to the council, when it is one. */
  reclaim_id: string | null;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  imported_at: Generated<Date>;
  /** The member of staff who imported it, or (through the API) the registered system: one of the two. */
  imported_by: ColumnType<string | null, string | null | undefined, string | null>;
  imported_by_client: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ReclaimsTable {
  id: Generated<string>;
  agreement_id: string;
  proposed_on: DateOnly;
  balance_pence: number;
  surplus_pence: number;
  proposed_pence: number;
  explanation: ColumnType<string[], string, never>;
  status: Generated<'proposed' | 'approved' | 'reduced' | 'waived' | 'recorded'>;
  decided_pence: number | null;
  decision_reason: string | null;
  /** What the letter tells the person about the decision, written for them (the reason above is internal). */
  letter_reason: string | null;
  decided_at: NullableTimestamp;
  decided_by: string | null;
  recorded_how: 'returned' | 'netted' | null;
  recorded_at: NullableTimestamp;
  recorded_by: string | null;
  review_id: string | null;
  netted_payment_id: string | null;
  version: Generated<number>;
}

export interface DpAuditsTable {
  id: Generated<string>;
  agreement_id: string;
  due_on: DateOnly;
  status: Generated<'due' | 'completed'>;
  outcome: 'no-concerns' | 'advice-given' | 'reclaim-proposed' | 'referred' | null;
  notes: string | null;
  completed_on: DateOnly | null;
  completed_by: string | null;
  version: Generated<number>;
}

export interface Database {
  teams: TeamsTable;
  staff_users: StaffUsersTable;
  staff_user_teams: StaffUserTeamsTable;
  staff_sessions: StaffSessionsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  api_clients: ApiClientsTable;
  reminders_sent: RemindersSentTable;
  staff_invitations: StaffInvitationsTable;
  case_access_notices: CaseAccessNoticesTable;
  sign_in_attempts: SignInAttemptsTable;
  people: PeopleTable;
  representatives: RepresentativesTable;
  carer_links: CarerLinksTable;
  audit_events: AuditEventsTable;
  portal_messages: PortalMessagesTable;
  plan_agreements: PlanAgreementsTable;
  transaction_explanations: TransactionExplanationsTable;
  ras_schemes: RasSchemesTable;
  assessments: AssessmentsTable;
  panel_decisions: PanelDecisionsTable;
  directory_entries: DirectoryEntriesTable;
  directory_checks: DirectoryChecksTable;
  directory_proposals: DirectoryProposalsTable;
  person_journeys: PersonJourneysTable;
  backups: BackupsTable;
  job_status: JobStatusTable;
  statutory_register: StatutoryRegisterTable;
  statutory_figures: StatutoryFiguresTable;
  people_searches: PeopleSearchesTable;
  support_plans: SupportPlansTable;
  sign_off_decisions: SignOffDecisionsTable;
  reviews: ReviewsTable;
  safeguarding_concerns: SafeguardingConcernsTable;
  analysis_runs: AnalysisRunsTable;
  dp_agreements: DpAgreementsTable;
  dp_suspensions: DpSuspensionsTable;
  payment_runs: PaymentRunsTable;
  dp_payments: DpPaymentsTable;
  dp_variations: DpVariationsTable;
  dp_letters: DpLettersTable;
  dp_final_reconciliations: DpFinalReconciliationsTable;
  outbox_messages: OutboxMessagesTable;
  portal_accounts: PortalAccountsTable;
  portal_grants: PortalGrantsTable;
  portal_codes: PortalCodesTable;
  portal_sessions: PortalSessionsTable;
  ledger_entries: LedgerEntriesTable;
  statement_lines: StatementLinesTable;
  reclaims: ReclaimsTable;
  dp_audits: DpAuditsTable;
  cld_events: CldEventsTable;
  contacts: ContactsTable;
  charging_rules: ChargingRulesTable;
  charging_upratings: ChargingUpratingsTable;
  financial_assessments: FinancialAssessmentsTable;
  financial_assessment_evidence: FinancialAssessmentEvidenceTable;
  charging_reminders: ChargingRemindersTable;
  person_allocations: PersonAllocationsTable;
  case_notes: CaseNotesTable;
  case_documents: CaseDocumentsTable;
  team_transfers: TeamTransfersTable;
  out_of_team_access: OutOfTeamAccessTable;
  consent_records: ConsentRecordsTable;
  plan_copies: PlanCopiesTable;
}

export type Person = Selectable<PeopleTable>;
export type CldEvent = Selectable<CldEventsTable>;
export type Contact = Selectable<ContactsTable>;
export type ChargingRulesRow = Selectable<ChargingRulesTable>;
export type FinancialAssessmentRow = Selectable<FinancialAssessmentsTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type StaffUser = Selectable<StaffUsersTable>;
export type Team = Selectable<TeamsTable>;
export type Representative = Selectable<RepresentativesTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type RasSchemeRow = Selectable<RasSchemesTable>;
export type Assessment = Selectable<AssessmentsTable>;
export type PanelDecision = Selectable<PanelDecisionsTable>;
export type DirectoryEntry = Selectable<DirectoryEntriesTable>;
export type DirectoryCheck = Selectable<DirectoryChecksTable>;
export type DirectoryProposal = Selectable<DirectoryProposalsTable>;
export type SupportPlan = Selectable<SupportPlansTable>;
export type Review = Selectable<ReviewsTable>;
export type SafeguardingConcern = Selectable<SafeguardingConcernsTable>;
export type AnalysisRun = Selectable<AnalysisRunsTable>;
export type DpAgreement = Selectable<DpAgreementsTable>;
export type DpSuspension = Selectable<DpSuspensionsTable>;
export type Reclaim = Selectable<ReclaimsTable>;
export type PaymentRun = Selectable<PaymentRunsTable>;
export type DpAudit = Selectable<DpAuditsTable>;
export type StatementLine = Selectable<StatementLinesTable>;
