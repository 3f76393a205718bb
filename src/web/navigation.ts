import { paths } from '../paths.js';
import { type Actor, ROLE_NAMES, can } from '../policy.js';

/** The service navigation for a member of staff: only what their role can open. Pure. */
export function navigationFor(actor: Actor | undefined, currentPath: string) {
  if (!actor) return [];
  const items: { href: string; text: string }[] = [{ href: paths.home(), text: 'Home' }];
  if (can(actor, 'people:read')) items.push({ href: paths.people.list(), text: 'People' });
  if (can(actor, 'people:read')) items.push({ href: paths.worklists.overview(), text: 'Worklists' });
  if (can(actor, 'plans:sign-off')) items.push({ href: paths.plans.signOffQueue(), text: 'Sign-off' });
  if (can(actor, 'directory:read')) items.push({ href: paths.directory.list(), text: 'Directory' });
  if (can(actor, 'panel:decide')) items.push({ href: paths.panel.worklist(), text: 'Panel' });
  if (can(actor, 'reports:read')) items.push({ href: paths.reports.people(), text: 'Reports' });
  if (can(actor, 'payments:manage')) items.push({ href: paths.directPayments.index(), text: 'Direct payments' });
  if (can(actor, 'analytics:run')) items.push({ href: paths.analytics.index(), text: 'Analysis' });
  if (can(actor, 'schemes:manage')) items.push({ href: paths.schemes.list(), text: 'Schemes' });
  if (can(actor, 'users:manage')) items.push({ href: paths.admin.users(), text: 'Users' });
  if (can(actor, 'teams:manage')) items.push({ href: paths.admin.teams(), text: 'Teams' });
  return items.map((item) => {
    const active = item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`);
    return { ...item, active };
  });
}

export function signedInAs(actor: Actor | undefined) {
  return actor ? `${actor.displayName} (${ROLE_NAMES[actor.role]})` : null;
}
