import type { Slice } from '../../web/slice.js';
import { authRoutes } from './routes.js';
import { secondStepRoutes } from './second-step-routes.js';
import { twoFactorRoutes } from './two-factor-routes.js';

export const authSlice: Slice = {
  name: 'auth',
  routes: [...authRoutes, ...secondStepRoutes, ...twoFactorRoutes],
  tables: [
    { name: 'staff_sessions', orderBy: 'token_hash', notBackedUp: 'everyone signs in again after a restore, so no session can be taken from a backup' },
    { name: 'sign_in_attempts', orderBy: 'id', notBackedUp: 'sign-in addresses are kept only as long as throttling needs them' },
    { name: 'staff_recovery_codes', orderBy: 'id' },
    { name: 'staff_invitations', orderBy: 'id', notBackedUp: 'an invitation link is not carried into a restored service: send a new one' },
  ],
};
