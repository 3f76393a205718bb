import { windowedPagination } from '../../web/pagination.js';
import { fullName } from './presenters.js';
import { z } from 'zod';
import type { Person } from '../../db/schema.js';
import { HISTORY_KINDS, type HistoryKind, describeEvent, describeValues } from '../../domain/audit/history.js';
import { paths } from '../../paths.js';
import { can } from '../../policies/index.js';
import { isoDate } from '../../web/fields.js';
import { escapeHtml, formatDate, formatDateTime } from '../../web/format.js';
import { presentErrors, withIsoDates } from '../../web/forms.js';
import { type Context, type Route, idParams, page, route } from '../../web/route.js';
import { type HistoryEntry, type HistoryFilter, personHistoryPage, planNumbersOf } from '../audit/history-repository.js';
import { personById } from './repository.js';

/**
 * A person's record history, for managers: who (by name), what (in words), the values as money
 * and dates; filtered to changes only, a kind of event or a date range, a page at a time.
 */
const PAGE_SIZE = 50;
const kinds = Object.keys(HISTORY_KINDS) as [HistoryKind, ...HistoryKind[]];
const filterSchema = z.object({
  changes: z.literal('only').optional().catch(undefined),
  kind: z.enum(kinds).optional().catch(undefined),
  from: isoDate('The from date'),
  to: isoDate('The to date'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});


/** Who did it: their name, or the system (a command, a scheduled job, the demo data). */
function who(e: HistoryEntry): string {
  if (e.staff_name) return e.staff_name;
  if (e.portal_name) return `${e.portal_name} (My Selfdirect)`;
  return e.actor.startsWith('system') || e.actor === 'demo-data' || !e.actor.includes('@') ? 'Selfdirect (automatic)' : e.actor;
}

function detailsHtml(e: HistoryEntry): string {
  const before = describeValues(e.before);
  const after = describeValues(e.after);
  const list = (items: string[]) => `<ul class="govuk-list govuk-!-margin-bottom-1">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  if (before.length && after.length) return `<p class="govuk-body-s govuk-!-margin-bottom-1">Before:</p>${list(before)}<p class="govuk-body-s govuk-!-margin-bottom-1">After:</p>${list(after)}`;
  return after.length ? list(after) : before.length ? list(before) : '';
}

/** The history's table: pure. */
export function historyTable(entries: HistoryEntry[], planNumbers: Map<string, number>, total: number) {
  return {
    caption: `${total} ${total === 1 ? 'event' : 'events'}`,
    captionClasses: 'govuk-table__caption--m',
    head: [{ text: 'When' }, { text: 'Who' }, { text: 'What happened' }, { text: 'Details' }],
    rows: entries.map((e) => [
      { text: formatDateTime(e.occurred_at) },
      { text: who(e) },
      { text: describeEvent(e.action, { ...(e.subject_type === 'support-plan' && planNumbers.has(e.subject_id) ? { planNumber: planNumbers.get(e.subject_id)! } : {}) }) },
      { html: `${detailsHtml(e)}${e.reason ? `<p class="govuk-body-s govuk-!-margin-bottom-0">Reason: ${escapeHtml(e.reason)}</p>` : ''}` },
    ]),
  };
}

/** The query string for a page of the same filter (no personal data: a kind, dates, a flag). */
function filterQuery(f: HistoryFilter, pageNumber?: number) {
  const q = new URLSearchParams();
  if (f.changesOnly) q.set('changes', 'only');
  if (f.kind) q.set('kind', f.kind);
  for (const [name, iso] of [['from', f.from], ['to', f.to]] as const) {
    if (!iso) continue;
    const [y, m, d] = iso.split('-');
    q.set(`${name}-day`, String(Number(d)));
    q.set(`${name}-month`, String(Number(m)));
    q.set(`${name}-year`, y!);
  }
  if (pageNumber && pageNumber > 1) q.set('page', String(pageNumber));
  return q.toString();
}

function paginationOf(base: string, f: HistoryFilter, current: number, total: number) {
  return windowedPagination(current, PAGE_SIZE, total, (n) => {
    const q = filterQuery(f, n);
    return q ? `${base}?${q}` : base;
  });
}

async function loadHistory(ctx: Context, params: { id: string }, request: { query: unknown }) {
  const person = await personById(ctx.db, params.id);
  if (!person) return undefined;
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const parsed = filterSchema.safeParse(withIsoDates(raw, ['from', 'to']));
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
  const q = parsed.success ? parsed.data : { changes: undefined, kind: undefined, from: null, to: null, page: 1 };
  if (q.from && q.to && q.from > q.to) errors.push({ field: 'to', message: 'The to date must be the same as or after the from date' });
  const filter: HistoryFilter = { changesOnly: q.changes === 'only', kind: q.kind ?? null, from: errors.length ? null : q.from, to: errors.length ? null : q.to };
  const [history, planNumbers] = await Promise.all([personHistoryPage(ctx.db, person.id, filter, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }), planNumbersOf(ctx.db, person.id)]);
  const values = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return { person, filter, page: q.page, values, errors, planNumbers, ...history };
}
type History = NonNullable<Awaited<ReturnType<typeof loadHistory>>>;

export const historyRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/people/:id/history',
    access: 'people:history',
    params: idParams,
    load: loadHistory,
    allow: (a, r: History) => can(a, 'person:history', r.person),
    viewed: (r: History) => ({ action: 'person.history-viewed', subjectType: 'person', subjectId: r.person.id, personId: r.person.id }),
    respond: (_ctx, r: History) => {
      const base = paths.people.history(r.person.id);
      const filtered = r.filter.changesOnly || r.filter.kind || r.filter.from || r.filter.to;
      return page(
        'people/views/history.njk',
        {
          title: `Record history: ${fullName(r.person)}`,
          person: r.person,
          action: base,
          values: r.values,
          changesOnly: r.filter.changesOnly,
          kinds: [{ value: '', text: 'Everything' }, ...kinds.map((k) => ({ value: k, text: HISTORY_KINDS[k], selected: k === r.filter.kind }))],
          summary: filtered ? `Showing ${r.filter.changesOnly ? 'changes only' : 'changes and reads'}${r.filter.kind ? `, ${HISTORY_KINDS[r.filter.kind].toLowerCase()}` : ''}${r.filter.from ? `, from ${formatDate(r.filter.from)}` : ''}${r.filter.to ? `, to ${formatDate(r.filter.to)}` : ''}.` : null,
          clear: filtered ? base : null,
          table: r.total ? historyTable(r.entries, r.planNumbers, r.total) : null,
          pagination: paginationOf(base, r.filter, r.page, r.total),
          backLink: { href: paths.people.view(r.person.id) },
          ...presentErrors(r.errors.length ? r.errors : undefined, { from: 'from-day', to: 'to-day' }),
        },
        { noStore: true, ...(r.errors.length ? { status: 400 } : {}) },
      );
    },
  }),
];
