import type { ColumnType, Generated } from 'kysely';

/** Charging rules, financial assessments, their evidence, the annual recalculation and reminders: migration 0030. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateOnly = string;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface ChargingRulesTable {
  id: Generated<string>;
  rules_id: string;
  financial_year: string;
  title: string;
  valid_from: DateOnly;
  valid_to: DateOnly;
  status: 'draft' | 'published';
  /** The document exactly as imported (a json column keeps its text). */
  document: ColumnType<unknown, string, string>;
  to_confirm: Generated<number>;
  imported_at: Generated<Date>;
  imported_by: string;
  published_at: NullableTimestamp;
  published_by: Optional<string>;
  row_version: Generated<number>;
}

export interface ChargingUpratingsTable {
  id: Generated<string>;
  rules_row_id: string;
  effective_on: DateOnly;
  recalculated: number;
  went_up: number;
  went_down: number;
  for_review: number;
  confirmed_at: Generated<Date>;
  confirmed_by: string;
}

export interface FinancialAssessmentsTable {
  id: Generated<string>;
  person_id: string;
  status: 'draft' | 'completed';
  /** What was entered, by section, as entered (amounts with their frequency). */
  entries: ColumnType<Record<string, unknown>, string | undefined, string>;
  assessed_on: Optional<DateOnly>;
  pension_credit_age_on: Optional<DateOnly>;
  rules_row_id: Optional<string>;
  /** Weekly whole pence, the person's share: the calculation's input (domain Circumstances). */
  circumstances: ColumnType<unknown, string | null | undefined, string | null>;
  /** The calculation's output (domain Contribution). */
  result: ColumnType<unknown, string | null | undefined, string | null>;
  weekly_contribution_pence: Optional<number>;
  reason: Optional<string>;
  source: Generated<'assessment' | 'uprating'>;
  uprated_from: Optional<string>;
  uprating_id: Optional<string>;
  started_at: Generated<Date>;
  started_by: string;
  completed_at: NullableTimestamp;
  completed_by: Optional<string>;
  row_version: Generated<number>;
}

export interface FinancialAssessmentEvidenceTable {
  id: Generated<string>;
  financial_assessment_id: string;
  description: string;
  media_type: 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf';
  bytes: number;
  content: Buffer;
  uploaded_at: Generated<Date>;
  uploaded_by: string;
}

export interface ChargingRemindersTable {
  id: Generated<string>;
  person_id: string;
  financial_assessment_id: Optional<string>;
  kind: 'change-reported' | 'uprating-review';
  detail: string;
  raised_at: Generated<Date>;
  raised_by: string;
  resolved_at: NullableTimestamp;
  resolved_by: Optional<string>;
}

