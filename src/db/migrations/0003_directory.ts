import { type Kysely, sql } from 'kysely';

/** The directory of providers, personal assistants and support organisations, and their checks. */
const statements = [
  `CREATE SEQUENCE directory_reference_seq START 1001`,
  `CREATE TABLE directory_entries (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     reference text NOT NULL UNIQUE,
     kind text NOT NULL CHECK (kind IN ('provider', 'personal-assistant', 'support-organisation')),
     name text NOT NULL,
     contact_name text,
     phone text,
     email text,
     address text,
     postcode text,
     website text,
     description text,
     services text[] NOT NULL DEFAULT '{}',
     areas text[] NOT NULL DEFAULT '{}',
     availability text,
     accepting_new boolean NOT NULL DEFAULT true,
     hourly_rate_pence integer CHECK (hourly_rate_pence >= 0),
     rates text,
     cqc_location_id text,
     contract_status text CHECK (contract_status IN ('contracted', 'preferred', 'spot', 'none')),
     functions text[] NOT NULL DEFAULT '{}',
     public_listing boolean NOT NULL DEFAULT false,
     public_fields text[] NOT NULL DEFAULT '{}',
     consent_recorded_on date,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     version integer NOT NULL DEFAULT 1,
     CHECK (NOT public_listing OR consent_recorded_on IS NOT NULL)
   )`,
  `CREATE INDEX directory_entries_kind ON directory_entries (kind)`,
  `CREATE TABLE directory_checks (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     entry_id uuid NOT NULL REFERENCES directory_entries (id),
     check_type text NOT NULL CHECK (check_type IN ('dbs', 'right-to-work', 'reference', 'training', 'public-liability-insurance', 'employers-liability-insurance', 'accreditation', 'cqc-registration')),
     dbs_level text CHECK (dbs_level IN ('basic', 'standard', 'enhanced', 'enhanced-barred')),
     certificate_number text,
     checked_on date NOT NULL,
     expires_on date,
     update_service boolean NOT NULL DEFAULT false,
     outcome text CHECK (outcome IN ('clear', 'information')),
     decision text,
     accreditation_status text CHECK (accreditation_status IN ('accredited', 'suspended', 'withdrawn')),
     detail text,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     recorded_by text NOT NULL
   )`,
  `CREATE INDEX directory_checks_entry ON directory_checks (entry_id, check_type, checked_on)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Selfdirect migrations only go forward: restore a backup instead.');
}
