import { type Actor, describeActor, has } from '../policies/index.js';
import type { NavigationEntry } from './slice.js';

/** The service navigation: Home, then each slice's entries the actor's role can open, in order. Pure. */
export function navigationFor(entries: readonly NavigationEntry[], actor: Actor | undefined, currentPath: string) {
  if (!actor) return [];
  // A person or representative has My Selfdirect, not the staff pages.
  if (actor.kind !== 'staff') return [{ href: '/my', text: 'My Selfdirect', active: currentPath === '/my' || currentPath.startsWith('/my/') }];
  const items = [{ href: '/', text: 'Home' }, ...entries.filter((e) => has(actor, e.ability)).map(({ href, text }) => ({ href, text }))];
  return items.map((item) => {
    const active = item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`);
    return { ...item, active };
  });
}

export function signedInAs(actor: Actor | undefined) {
  return actor ? describeActor(actor) : null;
}
