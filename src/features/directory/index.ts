import type { Slice } from '../../web/slice.js';
import { registerDirectoryRoutes } from './routes.js';

export const directorySlice: Slice = {
  name: 'directory',
  routes: [],
  legacy: registerDirectoryRoutes as Slice['legacy'],
  navigation: [{ href: '/directory', text: 'Directory', ability: 'directory:read', order: 40 }],
  tables: [
    { name: 'directory_entries', orderBy: 'id' },
    { name: 'directory_checks', orderBy: 'id' },
  ],
};
