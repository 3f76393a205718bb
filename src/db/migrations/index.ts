import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001_foundation.js';
import * as ras from './0002_ras.js';
import * as directory from './0003_directory.js';
import * as supportPlans from './0004_support_plans.js';
import * as analysisRuns from './0005_analysis_runs.js';
import * as directPayments from './0006_direct_payments.js';
import * as keyedAudit from './0007_keyed_audit.js';
import * as invitations from './0008_invitations.js';
import * as reclaimLetters from './0009_reclaim_letters.js';
import * as variations from './0010_variations.js';
import * as statementPaymentLink from './0011_statement_payment_link.js';
import * as contributionIntoAccount from './0012_contribution_into_account.js';
import * as reclaimReturns from './0013_reclaim_returns.js';
import * as lettersSent from './0014_letters_sent.js';
import * as finalReconciliation from './0015_final_reconciliation.js';
import * as openSuspensions from './0016_open_suspensions.js';
import * as outbox from './0017_outbox.js';
import * as jobQueue from './0018_job_queue.js';
import * as portal from './0019_portal.js';
import * as selfAssessment from './0020_self_assessment.js';
import * as portalMessages from './0021_portal_messages.js';
import * as planAgreements from './0022_plan_agreements.js';
import * as transactionExplanations from './0023_transaction_explanations.js';
import * as personDraftsPlan from './0024_person_drafts_plan.js';
import * as portalOidc from './0025_portal_oidc.js';
import * as cldRelease2 from './0026_cld_release_2.js';
import * as cldEvents from './0027_cld_events.js';
import * as frontDoor from './0028_front_door.js';
import * as migratedPlans from './0029_migrated_plans.js';
import * as charging from './0030_charging.js';
import * as planContributionSource from './0031_plan_contribution_source.js';
import * as casework from './0032_casework.js';
import * as safeguardingDetail from './0033_safeguarding_detail.js';
import * as consentCapacity from './0034_consent_capacity.js';
import * as directoryProposals from './0035_directory_proposals.js';
import * as personJourneys from './0036_person_journeys.js';
import * as peopleSearch from './0037_people_search.js';
import * as directPaymentQueues from './0038_direct_payment_queues.js';
import * as directPaymentJourneys from './0039_direct_payment_journeys.js';
import * as dailyBackups from './0040_daily_backups.js';
import * as statutoryFigures from './0041_statutory_figures.js';
import * as staffSignInOptions from './0042_staff_sign_in_options.js';
import * as apiClients from './0043_api_clients.js';
import * as reminders from './0044_reminders.js';
import * as statementsThroughTheApi from './0045_statements_through_the_api.js';

/** Migrations are listed here, not found on disk, so they run the same from TypeScript and compiled JavaScript. */
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_ras': ras,
  '0003_directory': directory,
  '0004_support_plans': supportPlans,
  '0005_analysis_runs': analysisRuns,
  '0006_direct_payments': directPayments,
  '0007_keyed_audit': keyedAudit,
  '0008_invitations': invitations,
  '0009_reclaim_letters': reclaimLetters,
  '0010_variations': variations,
  '0011_statement_payment_link': statementPaymentLink,
  '0012_contribution_into_account': contributionIntoAccount,
  '0013_reclaim_returns': reclaimReturns,
  '0014_letters_sent': lettersSent,
  '0015_final_reconciliation': finalReconciliation,
  '0016_open_suspensions': openSuspensions,
  '0017_outbox': outbox,
  '0018_job_queue': jobQueue,
  '0019_portal': portal,
  '0020_self_assessment': selfAssessment,
  '0021_portal_messages': portalMessages,
  '0022_plan_agreements': planAgreements,
  '0023_transaction_explanations': transactionExplanations,
  '0024_person_drafts_plan': personDraftsPlan,
  '0025_portal_oidc': portalOidc,
  '0026_cld_release_2': cldRelease2,
  '0027_cld_events': cldEvents,
  '0028_front_door': frontDoor,
  '0029_migrated_plans': migratedPlans,
  '0030_charging': charging,
  '0031_plan_contribution_source': planContributionSource,
  '0032_casework': casework,
  '0033_safeguarding_detail': safeguardingDetail,
  '0034_consent_capacity': consentCapacity,
  '0035_directory_proposals': directoryProposals,
  '0036_person_journeys': personJourneys,
  '0037_people_search': peopleSearch,
  '0038_direct_payment_queues': directPaymentQueues,
  '0039_direct_payment_journeys': directPaymentJourneys,
  '0040_daily_backups': dailyBackups,
  '0041_statutory_figures': statutoryFigures,
  '0042_staff_sign_in_options': staffSignInOptions,
  '0043_api_clients': apiClients,
  '0044_reminders': reminders,
  '0045_statements_through_the_api': statementsThroughTheApi,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
