import { z } from 'zod';
import { belowStatutory } from '../../domain/charging/statutory.js';
import { validateChargingRules } from '../../domain/charging/rules.js';
import { ValidationError } from '../../errors.js';
import { paths } from '../../paths.js';
import { formatDate } from '../../web/format.js';
import { blankToNull, presentErrors } from '../../web/forms.js';
import { type Context, type ContextAfter, type Route, download, idParams, page, redirect, route } from '../../web/route.js';
import { has } from '../../policies/index.js';
import { auditActor } from '../audit/audit-trail.js';
import { RulesInvalidError, importChargingRules, publishChargingRules } from './import-rules.js';
import { figureTables, rulesListTable, statusTag, warningsList } from './rules-presenters.js';
import { rulesOf, rulesRowById, rulesSummaries, rulesText } from './rules-repository.js';

/** The council's charging rules, one document a financial year: finance officers and administrators import and publish them. */

const ACCESS = 'charging:rules' as const;
const importSchema = z.object({
  document: z.preprocess(blankToNull, z.string({ error: 'Paste the charging rules’ JSON' }).max(1_000_000, 'The charging rules must be smaller than 1 MB')),
});
const publishSchema = z.object({ row_version: z.coerce.number({ error: 'The form is out of date. Open the page again' }).int().positive() });

const loadRules = async (ctx: Context, params: { id: string }) => {
  const row = await rulesRowById(ctx.db, params.id);
  return row ? { row, rules: rulesOf(row) } : undefined;
};
type Loaded = NonNullable<Awaited<ReturnType<typeof loadRules>>>;

const importPage = (values: Record<string, string | string[]>, errors?: { field: string; message: string }[]) =>
  page('charging/views/rules-import.njk', { title: 'Import charging rules', values, backLink: { href: paths.charging.rules() }, ...presentErrors(errors) });

function rulesPage(ctx: ContextAfter, { row, rules }: Loaded) {
  const checked = validateChargingRules(rules);
  const warnings = [...(checked.ok ? checked.warnings.filter((w) => w.path !== '$.toConfirm') : []), ...belowStatutory(rules)];
  return page('charging/views/rules-view.njk', {
    title: rules.title,
    row,
    status: statusTag(row.status),
    facts: {
      rows: [
        { key: { text: 'Financial year' }, value: { text: rules.financialYear } },
        { key: { text: 'Applies to assessments dated' }, value: { text: `${formatDate(rules.validFrom)} to ${formatDate(rules.validTo)}` } },
        { key: { text: 'Figures still to confirm' }, value: { text: rules.toConfirm.length === 0 ? 'None' : `${rules.toConfirm.length}: every assessment under these rules shows a warning until they are confirmed` } },
      ],
    },
    warnings: warningsList(warnings),
    tables: figureTables(rules),
    exportHref: paths.charging.exportRules(row.id),
    publishHref: row.status === 'draft' ? paths.charging.publishRules(row.id) : null,
    uprateHref: row.status === 'published' && has(ctx.actor, 'charging:uprate') ? paths.charging.uprate(row.id) : null,
    backLink: { href: paths.charging.rules() },
  });
}

export const rulesRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/charging/rules',
    access: ACCESS,
    load: (ctx) => rulesSummaries(ctx.db),
    respond: (_ctx, list) => page('charging/views/rules-list.njk', { title: 'Charging rules', empty: list.length === 0, table: rulesListTable(list, paths.charging.viewRules) }),
  }),
  route({ method: 'GET', url: '/charging/rules/import', access: ACCESS, respond: () => importPage({}) }),
  route({
    method: 'POST',
    url: '/charging/rules/import',
    access: ACCESS,
    form: importSchema,
    command: async (ctx, _r, f: z.infer<typeof importSchema>) => {
      try {
        return await importChargingRules(ctx.db, auditActor(ctx.actor), f.document);
      } catch (error) {
        if (error instanceof RulesInvalidError) throw new ValidationError(error.problems.map((p) => ({ field: 'document', message: `${p.path}: ${p.message}` })));
        throw error;
      }
    },
    invalid: (_ctx, _r, problems) => importPage({ document: problems.values.document ?? '' }, problems.errors),
    respond: (_ctx, _r, saved) => redirect(paths.charging.viewRules(saved.id), `Imported ${saved.rules_id} ${saved.financial_year} as a draft${saved.warnings.length > 0 ? `, with ${saved.warnings.length} ${saved.warnings.length === 1 ? 'warning' : 'warnings'} to read` : ''}`),
  }),
  route({ method: 'GET', url: '/charging/rules/:id', access: ACCESS, params: idParams, load: loadRules, respond: (ctx, r) => rulesPage(ctx, r) }),
  route({
    method: 'GET',
    url: '/charging/rules/:id/export',
    access: ACCESS,
    params: idParams,
    load: loadRules,
    respond: (_ctx, r) => ({ ...download('application/json; charset=utf-8', rulesText(r.row), `${r.row.rules_id}-${r.row.financial_year}.json`), noStore: false }),
  }),
  route({
    method: 'GET',
    url: '/charging/rules/:id/publish',
    access: ACCESS,
    params: idParams,
    load: loadRules,
    respond: (_ctx, r) =>
      r.row.status === 'published'
        ? redirect(paths.charging.viewRules(r.row.id))
        : page('charging/views/rules-publish.njk', { title: `Publish ${r.rules.title}`, row: r.row, from: formatDate(r.rules.validFrom), to: formatDate(r.rules.validTo), toConfirm: r.rules.toConfirm.length, backLink: { href: paths.charging.viewRules(r.row.id) } }),
  }),
  route({
    method: 'POST',
    url: '/charging/rules/:id/publish',
    access: ACCESS,
    params: idParams,
    load: loadRules,
    form: publishSchema,
    command: (ctx, r, f: z.infer<typeof publishSchema>) => publishChargingRules(ctx.db, auditActor(ctx.actor), r.row.id, f.row_version),
    invalid: (_ctx, r) => redirect(paths.charging.publishRules(r.row.id), 'The form is out of date. Open the page again', 'important'),
    conflict: (_ctx, r, error) => redirect(paths.charging.viewRules(r.row.id), error.message, 'important'),
    respond: (_ctx, r) => redirect(paths.charging.viewRules(r.row.id), `Charging rules published. Financial assessments dated ${formatDate(r.rules.validFrom)} to ${formatDate(r.rules.validTo)} use them`),
  }),
];
