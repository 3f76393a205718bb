import type { Slice } from '../../web/slice.js';
import { authRoutes } from './routes.js';

export const authSlice: Slice = {
  name: 'auth',
  routes: authRoutes,
  tables: [
    { name: 'staff_sessions', orderBy: 'token_hash' },
    { name: 'sign_in_attempts', orderBy: 'id' },
  ],
};
