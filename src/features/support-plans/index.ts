import type { Slice } from '../../web/slice.js';
import { supportPlanRoutes } from './routes.js';

export const supportPlansSlice: Slice = {
  name: 'support-plans',
  routes: supportPlanRoutes,
  navigation: [{ href: '/sign-off', text: 'Sign-off', ability: 'plans:sign-off', order: 30 }],
  home: [{ href: '/sign-off', title: 'Sign-off', hint: 'Support plans waiting for you to agree or return them, within your delegated limit', ability: 'plans:sign-off', order: 30 }],
  tables: [
    { name: 'support_plans', orderBy: 'person_id, plan_number' },
    { name: 'sign_off_decisions', orderBy: 'id' },
  ],
};
