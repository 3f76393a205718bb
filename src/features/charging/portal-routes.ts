import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { formatPence } from '../../domain/money/pence.js';
import { type Context, type Route, idParams, page, route } from '../../web/route.js';
import { personById } from '../people/repository.js';
import { citizenOf } from '../portal/acting.js';
import { basisSentence, explainContribution } from './explanation.js';
import { explanationSteps } from './presenters.js';
import { latestCompletedOf } from './repository.js';
import { rulesOf, rulesRowById } from './rules-repository.js';

/** How the person's contribution is worked out, in My Selfdirect: for the person and those given their money. */
async function loadContribution(ctx: Context, p: { id: string }) {
  const person = await personById(ctx.db, p.id);
  if (!person) return undefined;
  const fa = await latestCompletedOf(ctx.db, person.id);
  const row = fa?.rules_row_id ? await rulesRowById(ctx.db, fa.rules_row_id) : undefined;
  const explanation = fa && row ? explainContribution({ rules: rulesOf(row), circumstances: fa.circumstances!, result: fa.result!, assessedOn: fa.assessed_on! }) : null;
  return { person, person_id: person.id, explanation };
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadContribution>>>;

export const portalChargingRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/my/people/:id/contribution',
    access: 'portal',
    params: idParams,
    load: loadContribution,
    allow: (actor, r: Loaded) => can(actor, 'portal:money', r),
    viewed: (r: Loaded) => ({ action: 'portal.contribution-viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }),
    respond: (ctx, r: Loaded) =>
      page(
        'charging/views/portal-contribution.njk',
        {
          title: 'How we work out what you pay',
          forSomeoneElse: citizenOf(ctx).kind === 'person' ? null : `This page is about ${r.person.preferred_name || r.person.given_name}. It talks to them as “you”.`,
          headline: r.explanation?.headline ?? null,
          amount: r.explanation ? formatPence(r.explanation.weeklyContributionPence) : null,
          basis: r.explanation ? basisSentence(r.explanation) : null,
          toConfirm: (r.explanation?.rules.figuresToConfirm ?? 0) > 0,
          steps: r.explanation ? explanationSteps(r.explanation) : [],
          backLink: { href: paths.portal.money(r.person.id), text: 'Back to your money' },
        },
        { noStore: true },
      ),
  }),
];
