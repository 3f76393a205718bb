import type { ColumnType, Generated } from 'kysely';

/** The register of CLD events (requests, assessments, services, reviews): migration 0027. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = string;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type CldEventSource = 'migrated' | 'front-door' | 'assessment' | 'support-plan' | 'review';

export interface CldEventsTable {
  id: Generated<string>;
  /** Stable across submissions: DHSC keeps the latest edition of each. */
  event_reference: string;
  person_id: string;
  event_type: string;
  start_date: DateOnly;
  end_date: Optional<DateOnly>;
  description: Optional<string>;
  outcome: Optional<string>;
  route_of_access: Optional<string>;
  assessment_type: Optional<string>;
  eligible_needs_identified: Optional<string>;
  method_of_assessment: Optional<string>;
  service_type: Optional<string>;
  service_component: Optional<string>;
  delivery_mechanism: Optional<string>;
  unit_cost_pence: Optional<number>;
  cost_frequency: Optional<string>;
  /** Planned units a week × 100, so 7.5 hours is 750. */
  planned_hundredths_per_week: Optional<number>;
  weekly_cost_pence: Optional<number>;
  provider_name: Optional<string>;
  provider_cqc_location_id: Optional<string>;
  review_reason: Optional<string>;
  review_outcomes_achieved: Optional<string>;
  method_of_review: Optional<string>;
  source: CldEventSource;
  source_id: Optional<string>;
  /** The hash of the migration row it came from: the same row imported again changes nothing. */
  migration_hash: Optional<string>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type ContactFrom = 'the-person' | 'family-or-friend' | 'gp' | 'hospital' | 'other-professional' | 'other';
export type ContactMethod = 'telephone' | 'email' | 'letter' | 'in-person' | 'online';

/** A contact or referral at the front door: migration 0028. */
export interface ContactsTable {
  id: Generated<string>;
  person_id: string;
  team_id: string;
  received_on: DateOnly;
  contact_from: ContactFrom;
  contact_name: string | null;
  contact_method: ContactMethod;
  route_of_access: string;
  what_was_asked: string;
  outcome: Optional<string>;
  outcome_notes: Optional<string>;
  concluded_on: Optional<DateOnly>;
  concluded_by: Optional<string>;
  event_reference: string;
  created_by: string;
  created_at: Generated<Date>;
  version: Generated<number>;
}
