import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.js';
import { paths } from '../../paths.js';
import { can } from '../../policy.js';
import { signedIn, actorOf } from '../../web/session.js';

export function registerHomeRoutes(app: FastifyInstance, { people }: Services) {
  app.get(paths.home(), { preHandler: [signedIn] }, async (request, reply) => {
    const actor = actorOf(request);
    const tasks: { href: string; title: string; hint: string }[] = [];
    let caseload: { open: number } | null = null;
    if (can(actor, 'people:read')) {
      const list = await people.list(actor, { page: 1, includeClosed: false });
      caseload = { open: list.total };
      tasks.push({ href: paths.people.list(), title: 'People', hint: 'Find, view and update the records of people in your teams' });
      tasks.push({ href: paths.people.create(), title: 'Add a person', hint: 'Start a record for someone who needs care and support, or a carer' });
      tasks.push({ href: paths.worklists.overview(), title: 'Worklists', hint: 'Who is at each step, from self-assessment to review, with reviews due and overdue' });
    }
    if (can(actor, 'plans:sign-off')) tasks.push({ href: paths.plans.signOffQueue(), title: 'Sign-off', hint: 'Support plans waiting for you to agree or return them, within your delegated limit' });
    if (can(actor, 'panel:decide')) tasks.push({ href: paths.panel.worklist(), title: 'Panel', hint: 'Exceptional-need assessments waiting for the panel’s decision' });
    if (can(actor, 'reports:read')) tasks.push({ href: paths.reports.people(), title: 'Reports', hint: 'Figures about the people supported, with no names' });
    if (can(actor, 'users:manage')) tasks.push({ href: paths.admin.users(), title: 'Users', hint: 'Add staff, set their role and teams, reset passwords' });
    if (can(actor, 'teams:manage')) tasks.push({ href: paths.admin.teams(), title: 'Teams', hint: 'Add and rename teams' });
    return reply.view('home/views/home.njk', { title: 'Home', actorName: actor.displayName, caseload, tasks });
  });
}
