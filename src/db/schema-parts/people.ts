import type { ColumnType, Generated } from 'kysely';
import type { RepresentativeKind } from '../schema.js';

/** People, their representatives and their carers: the tables of the people slice. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = string;

export interface PeopleTable {
  id: Generated<string>;
  reference: string;
  /** A CLD Client_Type (src/domain/cld/release-2.json). */
  client_type: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: DateOnly | null;
  nhs_number: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  town: string | null;
  postcode: string | null;
  phone: string | null;
  email: string | null;
  gender: string | null;
  ethnicity: string | null;
  primary_support_reason: string | null;
  team_id: string;
  /** The reference the council's previous system knew them by: their CLD LA_Person_Unique_Identifier. */
  legacy_reference: ColumnType<string | null, string | null | undefined, string | null>;
  /** The hash of the migration row it came from: the same row imported again changes nothing. */
  migration_hash: ColumnType<string | null, string | null | undefined, string | null>;
  date_of_death: ColumnType<DateOnly | null, DateOnly | null | undefined, DateOnly | null>;
  gp_practice_code: ColumnType<string | null, string | null | undefined, string | null>;
  accommodation_status: ColumnType<string | null, string | null | undefined, string | null>;
  employment_status: ColumnType<string | null, string | null | undefined, string | null>;
  has_unpaid_carer: ColumnType<string | null, string | null | undefined, string | null>;
  autism_spectrum_disorder: ColumnType<string | null, string | null | undefined, string | null>;
  visual_impairment: ColumnType<string | null, string | null | undefined, string | null>;
  hearing_impairment: ColumnType<string | null, string | null | undefined, string | null>;
  dementia: ColumnType<string | null, string | null | undefined, string | null>;
  client_funding_status: ColumnType<string | null, string | null | undefined, string | null>;
  closed_on: DateOnly | null;
  closure_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RepresentativesTable {
  id: Generated<string>;
  person_id: string;
  kind: RepresentativeKind;
  name: string;
  relationship: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  created_at: Generated<Date>;
  ended_on: DateOnly | null;
  ended_reason: string | null;
}

export interface CarerLinksTable {
  id: Generated<string>;
  cared_for_person_id: string;
  carer_person_id: string;
  relationship: string | null;
  created_at: Generated<Date>;
  ended_on: DateOnly | null;
  ended_reason: string | null;
  hours_caring_per_week: ColumnType<number | null, number | null | undefined, number | null>;
}
