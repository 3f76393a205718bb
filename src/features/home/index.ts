import type { Slice } from '../../web/slice.js';
import { homeRoutes } from './routes.js';

/** The home page lists what every slice offers, so it is given the list it belongs to. */
export function homeSlice(all: () => readonly Slice[]): Slice {
  return { name: 'home', routes: homeRoutes(all) };
}
