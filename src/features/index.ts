import type { Slice } from '../web/slice.js';
import { adminSlice } from './admin/index.js';
import { analyticsSlice } from './analytics/index.js';
import { assessmentsSlice } from './assessments/index.js';
import { auditSlice } from './audit/index.js';
import { backupsSlice } from './backups/index.js';
import { apiClientsSlice } from './api-clients/index.js';
import { remindersSlice } from './reminders/index.js';
import { caseworkSlice } from './casework/index.js';
import { chargingSlice } from './charging/index.js';
import { consentSlice } from './consent/index.js';
import { authSlice } from './auth/index.js';
import { directPaymentsSlice } from './direct-payments/index.js';
import { directorySlice } from './directory/index.js';
import { findSupportSlice } from './find-support/index.js';
import { frontDoorSlice } from './front-door/index.js';
import { homeSlice } from './home/index.js';
import { messagesSlice } from './messages/index.js';
import { migrationSlice } from './migration/index.js';
import { outboxSlice } from './outbox/index.js';
import { planBuilderSlice } from './plan-builder/index.js';
import { planAgreementSlice } from './plan-agreement/index.js';
import { portalMoneySlice } from './portal-money/index.js';
import { portalSlice } from './portal/index.js';
import { panelSlice } from './panel/index.js';
import { peopleSlice } from './people/index.js';
import { reportsSlice } from './reports/index.js';
import { reviewsSlice } from './reviews/index.js';
import { safeguardingSlice } from './safeguarding/index.js';
import { selfAssessmentSlice } from './self-assessment/index.js';
import { statutoryReturnsSlice } from './statutory-returns/index.js';
import { schemesSlice } from './schemes/index.js';
import { supportPlansSlice } from './support-plans/index.js';
import { worklistsSlice } from './worklists/index.js';

/**
 * Every feature area. The app registers their routes, the navigation and home page list their
 * entries, and backups take their tables, all from this list, in this order (a restore loads the
 * tables of earlier slices first, so parents come before the rows that refer to them). A new area
 * is a folder exporting a Slice, and one line here.
 */
export const SLICES: readonly Slice[] = [
  adminSlice,
  authSlice,
  homeSlice(() => SLICES),
  peopleSlice,
  // After people: allocations, case notes and transfers belong to a person's record.
  caseworkSlice,
  // Before assessments: a self-assessment may be started from a My Selfdirect account.
  portalSlice,
  messagesSlice,
  schemesSlice,
  // Before support plans: a plan's contribution comes from a financial assessment.
  chargingSlice,
  assessmentsSlice,
  selfAssessmentSlice,
  panelSlice,
  directorySlice,
  findSupportSlice,
  supportPlansSlice,
  planAgreementSlice,
  // After support plans: a plan's copy and the person's agreement refer to its version.
  consentSlice,
  planBuilderSlice,
  reviewsSlice,
  safeguardingSlice,
  worklistsSlice,
  reportsSlice,
  statutoryReturnsSlice,
  // After statutory returns: a contact names its CLD Request event.
  frontDoorSlice,
  migrationSlice,
  analyticsSlice,
  directPaymentsSlice,
  portalMoneySlice,
  outboxSlice,
  auditSlice,
  backupsSlice,
  apiClientsSlice,
  remindersSlice,
];
