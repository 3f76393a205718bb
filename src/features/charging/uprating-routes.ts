import { z } from 'zod';
import type { ChargingRulesRow } from '../../db/schema.js';
import { formatPence } from '../../domain/money/pence.js';
import { paths } from '../../paths.js';
import { escapeHtml, formatDate } from '../../web/format.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { captionedTable } from '../../web/tables.js';
import { type UpratingPreview, confirmUprating, previewUprating } from './uprating.js';
import { rulesRowById } from './rules-repository.js';

/** The annual recalculation: a finance officer sees who goes up and down by how much, then confirms. */

const ACCESS = 'charging:uprate' as const;
/** At most this many people are listed on the page; the counts cover everyone. */
const SHOWN = 500;
const confirmForm = z.object({ token: z.string({ error: 'The form is out of date. Open the page again' }).regex(/^[0-9a-f]{64}$/, 'The form is out of date. Open the page again') });

const load = async (ctx: Context, p: { id: string }) => {
  const row = await rulesRowById(ctx.db, p.id);
  return row ? { row, preview: row.status === 'published' ? await previewUprating(ctx.db, row) : null } : undefined;
};
type Loaded = { row: ChargingRulesRow; preview: UpratingPreview | null };

const change = (before: number, after: number) => (after === before ? 'No change' : `${after > before ? 'Up' : 'Down'} ${formatPence(Math.abs(after - before))}`);

function previewPage(r: Loaded) {
  const p = r.preview!;
  const sorted = [...p.recalculated].sort((a, b) => Math.abs(b.afterPence - b.beforePence) - Math.abs(a.afterPence - a.beforePence));
  return page('charging/views/uprate.njk', {
    title: `Recalculate contributions for ${r.row.financial_year}`,
    effective: formatDate(p.effectiveOn),
    counts: { recalculated: p.recalculated.length, up: p.recalculated.filter((x) => x.afterPence > x.beforePence).length, down: p.recalculated.filter((x) => x.afterPence < x.beforePence).length, review: p.forReview.length },
    recalculated: p.recalculated.length
      ? captionedTable(
          `Who changes, largest change first${sorted.length > SHOWN ? ` (the first ${SHOWN} of ${sorted.length})` : ''}`,
          [{ text: 'Person' }, { text: 'Now', format: 'numeric' }, { text: `From ${formatDate(p.effectiveOn)}`, format: 'numeric' }, { text: 'Change' }],
          sorted.slice(0, SHOWN).map((x) => [{ text: x.name }, { text: formatPence(x.beforePence), format: 'numeric' }, { text: formatPence(x.afterPence), format: 'numeric' }, { text: change(x.beforePence, x.afterPence) }]),
        )
      : null,
    forReview: p.forReview.length
      ? captionedTable(
          `Not recalculated: to look at again${p.forReview.length > SHOWN ? ` (the first ${SHOWN} of ${p.forReview.length})` : ''}`,
          [{ text: 'Person' }, { text: 'Now', format: 'numeric' }, { text: 'Why' }],
          p.forReview.slice(0, SHOWN).map((x) => [{ html: `<a class="govuk-link" href="${paths.charging.personAssessments(x.personId)}">${escapeHtml(x.name)}</a>` }, { text: formatPence(x.beforePence), format: 'numeric' }, { text: x.why }]),
        )
      : null,
    token: p.token,
    nothing: p.recalculated.length === 0 && p.forReview.length === 0,
    backLink: { href: paths.charging.viewRules(r.row.id) },
  });
}

export const upratingRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/charging/rules/:id/uprate',
    access: ACCESS,
    params: idParams,
    load,
    respond: (_ctx, r: Loaded) => (r.preview ? previewPage(r) : redirect(paths.charging.viewRules(r.row.id), 'Publish these rules before recalculating contributions with them', 'important')),
  }),
  route({
    method: 'POST',
    url: '/charging/rules/:id/uprate',
    access: ACCESS,
    params: idParams,
    load: async (ctx, p: { id: string }) => rulesRowById(ctx.db, p.id),
    form: confirmForm,
    command: (ctx, row: ChargingRulesRow, f: z.infer<typeof confirmForm>) => confirmUprating(ctx, row, f.token),
    invalid: (_ctx, row: ChargingRulesRow, problems) => redirect(paths.charging.uprate(row.id), problems.errors[0]?.message ?? 'Look at the preview again', 'important'),
    conflict: (_ctx, row: ChargingRulesRow, error) => redirect(paths.charging.uprate(row.id), error.message, 'important'),
    respond: (_ctx, row: ChargingRulesRow, o) =>
      redirect(paths.charging.viewRules(row.id), `Recalculated ${o.recalculated} ${o.recalculated === 1 ? 'contribution' : 'contributions'} (${o.wentUp} up, ${o.wentDown} down), with letters; ${o.forReview} listed to look at again`),
  }),
];
