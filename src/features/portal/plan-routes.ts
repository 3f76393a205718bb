import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { type Route, download, idParams, page, route } from '../../web/route.js';
import { planAudit } from '../support-plans/plan-record.js';
import { planPdf } from '../support-plans/pdf.js';
import { printSections } from '../support-plans/presenters.js';
import { type CopyPage, loadPersonCopy } from '../support-plans/routes.js';
import { portalStanding } from '../plan-agreement/presenters.js';
import { latestAgreementOf } from '../plan-agreement/repository.js';

/**
 * The person's copy of their agreed support plan and its budget statement (Care Act s26), to read
 * and download in My Selfdirect: for the person, and for representatives given the plan. Another
 * person's plan reads exactly like one that does not exist.
 */
export const readable = (actor: Parameters<typeof can>[0], p: CopyPage) => p.view.plan.status === 'agreed' && can(actor, 'portal:plan', { person_id: p.view.person.id });

export const portalPlanRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my/plans/:id',
    access: 'portal',
    params: idParams,
    load: async (ctx, params: { id: string }) => {
      const copy = await loadPersonCopy(ctx, params);
      return copy ? { ...copy, agreement: await latestAgreementOf(ctx.db, copy.view.plan.id) } : undefined;
    },
    allow: readable,
    viewed: (p: CopyPage) => planAudit(p.view, 'portal.plan-viewed'),
    respond: (_ctx, { view, copy, agreement }: CopyPage & { agreement: Awaited<ReturnType<typeof latestAgreementOf>> }) =>
      page('support-plans/views/print.njk', { title: copy.title, copy, sections: printSections(copy), agreement: portalStanding(agreement, paths.portal.agreePlan(view.plan.id)), pdf: paths.portal.planPdf(view.plan.id), backLink: { href: paths.portal.home(), text: 'Back to My Selfdirect' } }, { noStore: true }),
  }),
  route({
    method: 'GET',
    url: '/my/plans/:id/plan.pdf',
    access: 'portal',
    params: idParams,
    load: loadPersonCopy,
    allow: readable,
    viewed: (p: CopyPage) => planAudit(p.view, 'portal.plan-downloaded'),
    respond: async (ctx, { view, copy }: CopyPage) => download('application/pdf', await planPdf(copy, ctx.config.councilName), `support-plan-${view.person.reference}-v${view.plan.plan_number}.pdf`),
  }),
];
