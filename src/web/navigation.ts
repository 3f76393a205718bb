import { type Actor, describeActor, has } from '../policies/index.js';
import type { NavigationEntry } from './slice.js';

/** The service navigation: Home, then each slice's entries the actor's role can open, in order. Pure. */
export function navigationFor(entries: readonly NavigationEntry[], actor: Actor | undefined, currentPath: string) {
  // Signed out, and for people and their representatives: the public pages and My Selfdirect, never the staff pages.
  if (!actor || actor.kind !== 'staff') {
    const items = [
      { href: actor ? '/my' : '/my/sign-in', text: 'My Selfdirect', prefix: '/my' },
      { href: '/plan-your-support', text: 'Plan your support', prefix: '/plan-your-support' },
      { href: '/find-support', text: 'Find support', prefix: '/find-support' },
    ];
    return items.map(({ href, text, prefix }) => ({ href, text, active: currentPath === prefix || currentPath.startsWith(`${prefix}/`) }));
  }
  const items = [{ href: '/', text: 'Home' }, ...entries.filter((e) => has(actor, e.ability)).map(({ href, text }) => ({ href, text }))];
  return items.map((item) => {
    const active = item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`);
    return { ...item, active };
  });
}

export function signedInAs(actor: Actor | undefined) {
  return actor ? describeActor(actor) : null;
}
