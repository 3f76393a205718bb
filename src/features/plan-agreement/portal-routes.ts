import { z } from 'zod';
import { paths } from '../../paths.js';
import { type CitizenActor } from '../../policies/index.js';
import { optionalText } from '../../web/fields.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { readable } from '../portal/plan-routes.js';
import { actingAs } from '../portal/acting.js';
import { planAudit } from '../support-plans/plan-record.js';
import { type CopyPage, loadPersonCopy } from '../support-plans/routes.js';
import { answerPlan } from './agree.js';
import { agreePage } from './presenters.js';
import { citizenOf } from '../portal/acting.js';

/** Agreeing the plan in My Selfdirect (issue 14, part 5): for the person, and representatives given the plan. */
const agreeForm = z.object({
  agree: z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : null), z.boolean().nullable()),
  reasons: optionalText(5000, 'What you do not agree with'),
});

async function loadToAgree(ctx: Context, params: { id: string }) {
  const copy = await loadPersonCopy(ctx, params);
  if (!copy) return undefined;
  const citizen = citizenOf(ctx);
  return { ...copy, as: await actingAs(ctx.db, citizen, copy.view.person.id) };
}
type ToAgree = CopyPage & { as: string };
const view = (ctx: { citizen?: CitizenActor }, r: ToAgree, values?: Record<string, unknown>, errors?: { field: string; message: string }[]) =>
  page('plan-agreement/views/agree.njk', agreePage({ planNumber: r.view.plan.plan_number, own: citizenOf(ctx).kind === 'person', name: r.view.person.preferred_name || r.view.person.given_name, as: r.as, back: paths.portal.plan(r.view.plan.id), values, errors }), { noStore: true, status: errors ? 400 : 200 });

export const planAgreementPortalRoutes: Route[] = [
  route({ method: 'GET', url: '/my/plans/:id/agree', access: 'portal', params: idParams, load: loadToAgree, allow: readable, viewed: (r: ToAgree) => planAudit(r.view, 'portal.plan-viewed'), respond: (ctx, r: ToAgree) => view(ctx, r) }),
  route({
    method: 'POST',
    url: '/my/plans/:id/agree',
    access: 'portal',
    params: idParams,
    load: loadToAgree,
    allow: readable,
    form: agreeForm,
    command: (ctx, r: ToAgree, f: z.infer<typeof agreeForm>) => answerPlan(ctx, citizenOf(ctx), r.view.plan, r.view.person, { agree: f.agree, reasons: f.reasons }),
    invalid: (ctx, r: ToAgree, problems) => view(ctx, r, problems.values, problems.errors),
    respond: (_ctx, r: ToAgree, recorded) => redirect(paths.portal.plan(r.view.plan.id), recorded.decision === 'agreed' ? 'Thank you. You have agreed the plan' : 'Thank you. We have sent what you said to the worker'),
  }),
];
