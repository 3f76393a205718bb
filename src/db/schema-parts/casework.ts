import type { ColumnType, Generated } from 'kysely';

/** Allocations, case notes, documents, transfers and out-of-team access: migration 0032. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PersonAllocationsTable {
  id: Generated<string>;
  person_id: string;
  worker_id: string;
  team_id: string;
  allocated_at: Timestamp;
  allocated_by: string;
  ended_at: NullableTimestamp;
  ended_reason: Optional<string>;
}

export type CaseNoteKind = 'visit' | 'phone-call' | 'meeting' | 'contact' | 'decision' | 'other';

export interface CaseNotesTable {
  id: Generated<string>;
  person_id: string;
  kind: CaseNoteKind;
  happened_at: ColumnType<Date, Date | string, never>;
  with_whom: Optional<string>;
  what_happened: string;
  decided: Optional<string>;
  corrects_note_id: Optional<string>;
  written_by: string;
  written_at: Timestamp;
}

export type CaseDocumentKind = 'capacity-assessment' | 'letter' | 'report' | 'consent' | 'photo' | 'other';

export interface CaseDocumentsTable {
  id: Generated<string>;
  person_id: string;
  case_note_id: Optional<string>;
  kind: CaseDocumentKind;
  title: string;
  media_type: string;
  bytes: number;
  sha256: string;
  content: Uint8Array;
  virus_scan: 'clean' | 'not-configured';
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface TeamTransfersTable {
  id: Generated<string>;
  person_id: string;
  from_team_id: string;
  to_team_id: string;
  reason: string;
  transferred_by: string;
  transferred_at: Timestamp;
}

export interface OutOfTeamAccessTable {
  id: Generated<string>;
  person_id: string;
  user_id: string;
  team_id: string;
  reason: string;
  opened_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export type ConsentToShare = 'yes' | 'no' | 'not-asked';
export type Advocacy = 'not-needed' | 'care-act-advocate' | 'imca' | 'family-or-friend';

export interface ConsentRecordsTable {
  id: Generated<string>;
  person_id: string;
  consent_to_share: ConsentToShare;
  consent_on: Optional<string>;
  capacity_needed: boolean;
  capacity_decision: Optional<string>;
  has_capacity: Optional<'yes' | 'no'>;
  capacity_assessed_on: Optional<string>;
  capacity_assessed_by: Optional<string>;
  decision_maker: Optional<string>;
  advocacy: Advocacy;
  advocate_name: Optional<string>;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface PlanCopiesTable {
  id: Generated<string>;
  plan_id: string;
  person_agreed: 'yes' | 'no' | 'not-able';
  note: Optional<string>;
  copy_sent_on: Optional<string>;
  copy_sent_how: Optional<'post' | 'email' | 'by-hand' | 'my-selfdirect'>;
  recorded_by: string;
  recorded_at: Timestamp;
}
