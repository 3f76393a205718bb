import { disclosedCount } from '../../domain/analytics/disclosure.js';
import { type Route, page, route } from '../../web/route.js';
import { openRecordCounts } from '../people/repository.js';
import { captionedTable } from '../../web/tables.js';

/** Aggregate pages: counts only, never names. */
export const reportRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/reports/people',
    access: 'reports:read',
    load: (ctx) => openRecordCounts(ctx.db),
    respond: (_ctx, figures) =>
      page('reports/views/people.njk', {
        title: 'People supported',
        total: figures.byTeam.reduce((sum, row) => sum + row.people, 0),
        bySupportReason: captionedTable('Open records by primary support reason and client type', [{ text: 'Primary support reason' }, { text: 'Client type' }, { text: 'People', format: 'numeric' }], figures.bySupportReason.map((row) => [{ text: row.primary_support_reason ?? 'Not recorded' }, { text: row.client_type }, { text: disclosedCount(row.people), format: 'numeric' }])),
        byTeam: captionedTable('Open records by team', [{ text: 'Team' }, { text: 'People', format: 'numeric' }], figures.byTeam.map((row) => [{ text: row.name }, { text: disclosedCount(row.people), format: 'numeric' }])),
      }),
  }),
];
