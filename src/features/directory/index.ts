import type { Slice } from '../../web/slice.js';
import { directoryRoutes } from './routes.js';

export const directorySlice: Slice = {
  name: 'directory',
  routes: directoryRoutes,
  navigation: [{ href: '/directory', text: 'Directory', ability: 'directory:read', order: 40 }],
  tables: [
    { name: 'directory_entries', orderBy: 'id' },
    { name: 'directory_checks', orderBy: 'id' },
  ],
};
