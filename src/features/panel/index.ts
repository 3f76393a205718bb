import type { Slice } from '../../web/slice.js';
import { panelRoutes } from './routes.js';

export const panelSlice: Slice = {
  name: 'panel',
  routes: panelRoutes,
  navigation: [{ href: '/panel', text: 'Panel', ability: 'panel:decide', order: 50 }],
  home: [{ href: '/panel', title: 'Panel', hint: 'Exceptional-need assessments waiting for the panel’s decision', ability: 'panel:decide', order: 50 }],
  tables: [{ name: 'panel_decisions', orderBy: 'id' }],
};
