import type { FastifyInstance } from 'fastify';
import type { Services } from '../../composition.js';
import { paths } from '../../paths.js';
import { actorOf, allow } from '../../web/session.js';

/** Aggregate pages: counts only, never names. */
export function registerReportRoutes(app: FastifyInstance, { people }: Services) {
  app.get(paths.reports.people(), { preHandler: [allow('reports:read')] }, async (request, reply) => {
    const figures = await people.aggregate(actorOf(request));
    const total = figures.byTeam.reduce((sum, row) => sum + row.people, 0);
    return reply.view('reports/views/people.njk', {
      title: 'People supported',
      total,
      bySupportReason: {
        caption: 'Open records by primary support reason and client type',
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Primary support reason' }, { text: 'Client type' }, { text: 'People', format: 'numeric' }],
        rows: figures.bySupportReason.map((row) => [
          { text: row.primary_support_reason ?? 'Not recorded' },
          { text: row.client_type },
          { text: String(row.people), format: 'numeric' },
        ]),
      },
      byTeam: {
        caption: 'Open records by team',
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: [{ text: 'Team' }, { text: 'People', format: 'numeric' }],
        rows: figures.byTeam.map((row) => [{ text: row.name }, { text: String(row.people), format: 'numeric' }]),
      },
    });
  });
}
