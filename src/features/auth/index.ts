import type { Slice } from '../../web/slice.js';
import { registerAuthRoutes } from './routes.js';

export const authSlice: Slice = {
  name: 'auth',
  routes: [],
  legacy: registerAuthRoutes as Slice['legacy'],
  tables: [
    { name: 'staff_sessions', orderBy: 'token_hash' },
    { name: 'sign_in_attempts', orderBy: 'id' },
  ],
};
