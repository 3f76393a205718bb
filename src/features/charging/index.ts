import type { Slice } from '../../web/slice.js';
import { caseworkRoutes } from './casework-routes.js';
import { portalChargingRoutes } from './portal-routes.js';
import { financialAssessmentRoutes } from './routes.js';
import { rulesRoutes } from './rules-routes.js';
import { upratingRoutes } from './uprating-routes.js';

/** Charging: the council's rules for each year, financial assessments and their explanation, the annual recalculation. */
export const chargingSlice: Slice = {
  name: 'charging',
  routes: [...rulesRoutes, ...upratingRoutes, ...financialAssessmentRoutes, ...caseworkRoutes, ...portalChargingRoutes],
  navigation: [{ href: '/charging/rules', text: 'Charging rules', ability: 'charging:rules', order: 85 }],
  home: [
    { href: '/charging/rules', title: 'Charging rules', hint: 'The council’s charging rules for each financial year: import, check and publish them', ability: 'charging:rules', order: 85 },
    { href: '/charging/to-look-at-again', title: 'Financial assessments to look at again', hint: 'Changes reported, people turning 25 or reaching pension credit age, and those left out of a recalculation', ability: 'charging:assess', order: 60 },
  ],
  tables: [
    { name: 'charging_rules', orderBy: 'id' },
    { name: 'charging_upratings', orderBy: 'id' },
    { name: 'financial_assessments', orderBy: 'id' },
    { name: 'financial_assessment_evidence', orderBy: 'id' },
    { name: 'charging_reminders', orderBy: 'id' },
  ],
};
