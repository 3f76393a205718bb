import { paths } from '../../paths.js';
import { formatDateTime } from '../../web/format.js';
import type { Slice } from '../../web/slice.js';
import { proposalsWaiting } from './proposal-repository.js';
import { proposalRoutes } from './proposals.js';
import { directoryRoutes } from './routes.js';

export const directorySlice: Slice = {
  name: 'directory',
  routes: [...proposalRoutes, ...directoryRoutes],
  navigation: [{ href: '/directory', text: 'Directory', ability: 'directory:read', order: 40 }],
  home: [
    { href: '/directory', title: 'Directory', hint: 'Providers, personal assistants and support organisations, with whether their checks are in date', ability: 'directory:read', order: 90 },
    { href: '/directory/proposals', title: 'Personal assistants proposed', hint: 'Add the personal assistants workers propose to the directory, or say why not', ability: 'directory:manage', order: 91 },
  ],
  notices: [
    {
      title: 'Personal assistants proposed for the directory',
      ability: 'directory:manage',
      load: async (ctx) =>
        (await proposalsWaiting(ctx.db, 5)).map((p) => ({
          text: `Proposed on ${formatDateTime(p.proposed_at)}.`,
          link: { href: paths.directory.proposal(p.id), text: `Decide on ${p.name}` },
        })),
    },
  ],
  tables: [
    { name: 'directory_entries', orderBy: 'id' },
    { name: 'directory_checks', orderBy: 'id' },
    { name: 'directory_proposals', orderBy: 'id' },
  ],
};
