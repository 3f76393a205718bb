import { z } from 'zod';
import type { DirectoryProposal } from '../../db/schema.js';
import { ConflictError } from '../../errors.js';
import { paths } from '../../paths.js';
import { can, has } from '../../policies/index.js';
import { presentErrors } from '../../web/forms.js';
import { type Context, type Route, idParams, page, redirect, route } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { pageQuery, pagination } from '../../web/pagination.js';
import * as present from './proposal-presenters.js';
import { serviceAndAreaItems } from './presenters.js';
import { type ProposalWithNames, decideProposal, insertProposal, proposalById, proposalsPage } from './proposal-repository.js';
import { insertEntry } from './repository.js';
import { type ProposalInput, proposalDecisionSchema, proposalSchema } from './schemas.js';

/**
 * A worker cannot add to the directory, but the Legal check needs a personal assistant to be in it
 * with their checks: the worker proposes them, and a manager approves (adding the entry, whose
 * checks they then record) or declines with a reason the worker sees.
 */
type Values = Record<string, unknown>;
type Errors = { field: string; message: string }[] | undefined;
const PAGE_SIZE = 25;

const proposeForm = (values: Values, errors?: Errors) =>
  page(
    'directory/views/propose.njk',
    { title: 'Propose a personal assistant for the directory', values, options: serviceAndAreaItems(values), backLink: { href: paths.directory.proposals() }, ...presentErrors(errors, { services: 'services', areas: 'areas' }) },
    errors ? { status: 400 } : {},
  );

function proposalPage(ctx: { actor: Context['actor'] }, proposal: ProposalWithNames, values: Values = {}, errors?: Errors, status?: number) {
  return page(
    'directory/views/proposal.njk',
    {
      title: proposal.name,
      proposal: present.proposalRows(proposal),
      decision: present.decisionText(proposal),
      entryHref: proposal.entry_id ? paths.directory.view(proposal.entry_id) : null,
      mayDecide: can(ctx.actor, 'directory-proposal:decide', proposal),
      decisionItems: present.decisionItems(values),
      values,
      backLink: { href: paths.directory.proposals(), text: 'Proposals' },
      ...presentErrors(errors, { decision: 'decision' }),
    },
    { noStore: true, ...(status ? { status } : {}) },
  );
}

const loadProposal = (ctx: Context, p: { id: string }) => proposalById(ctx.db, p.id);

async function propose(ctx: Context, input: ProposalInput) {
  const { hourly_rate, ...rest } = input;
  const created = await insertProposal(ctx.db, { ...rest, hourly_rate_pence: hourly_rate, proposed_by: ctx.actor.id });
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'directory.proposal-made', subjectType: 'directory-proposal', subjectId: created.id, after: input });
  return created;
}

async function decide(ctx: Context, proposal: DirectoryProposal, input: z.infer<typeof proposalDecisionSchema>) {
  const entry =
    input.decision === 'approve'
      ? await insertEntry(ctx.db, {
          kind: 'personal-assistant',
          name: proposal.name,
          phone: proposal.phone,
          email: proposal.email,
          postcode: proposal.postcode,
          services: proposal.services,
          areas: proposal.areas,
          availability: proposal.availability,
          hourly_rate_pence: proposal.hourly_rate_pence,
          accepting_new: true,
        })
      : null;
  const decided = await decideProposal(ctx.db, proposal.id, { status: entry ? 'approved' : 'declined', decided_by: ctx.actor.id, decision_reason: input.decision_reason, entry_id: entry?.id ?? null });
  if (!decided) throw new ConflictError();
  await recordAudit(ctx.db, auditActor(ctx.actor), { action: entry ? 'directory.proposal-approved' : 'directory.proposal-declined', subjectType: 'directory-proposal', subjectId: proposal.id, after: { entry_id: entry?.id ?? null, reason: input.decision_reason } });
  if (entry) await recordAudit(ctx.db, auditActor(ctx.actor), { action: 'directory.entry-created', subjectType: 'directory-entry', subjectId: entry.id, after: { from_proposal: proposal.id, name: entry.name } });
  return entry;
}

export const proposalRoutes: Route[] = [
  route({
    method: 'GET',
    url: '/directory/proposals',
    access: 'directory:propose',
    load: async (ctx, _p, request) => {
      const { page: number } = pageQuery.parse(request.query ?? {});
      const everyone = has(ctx.actor, 'directory:manage');
      const found = await proposalsPage(ctx.db, { ...(everyone ? {} : { proposedBy: ctx.actor.id }), limit: PAGE_SIZE, offset: (number - 1) * PAGE_SIZE });
      return { ...found, page: number, everyone };
    },
    respond: (_ctx, r) =>
      page('directory/views/proposals.njk', {
        title: r.everyone ? 'Personal assistants proposed for the directory' : 'Your proposals for the directory',
        table: r.total ? present.proposalsTable(r.rows, r.total, r.everyone) : null,
        pagination: pagination(r.page, PAGE_SIZE, r.total, paths.directory.proposals()),
        proposeHref: paths.directory.propose(),
        backLink: { href: paths.directory.list(), text: 'Directory' },
      }),
  }),
  route({ method: 'GET', url: '/directory/proposals/new', access: 'directory:propose', respond: () => proposeForm({}) }),
  route({
    method: 'POST',
    url: '/directory/proposals/new',
    access: 'directory:propose',
    form: proposalSchema,
    command: (ctx, _r, f: ProposalInput) => propose(ctx, f),
    invalid: (_ctx, _r, problems) => proposeForm(problems.values, problems.errors),
    respond: (_ctx, _r, created) => redirect(paths.directory.proposal(created.id), `${created.name} proposed for the directory. A manager will decide, and you will see it here`),
  }),
  route({
    method: 'GET',
    url: '/directory/proposals/:id',
    access: 'directory:propose',
    params: idParams,
    load: loadProposal,
    allow: (a, p: ProposalWithNames) => can(a, 'directory-proposal:read', p),
    respond: (ctx, p: ProposalWithNames) => proposalPage(ctx, p),
  }),
  route({
    method: 'POST',
    url: '/directory/proposals/:id',
    access: 'directory:manage',
    params: idParams,
    load: loadProposal,
    allow: (a, p: ProposalWithNames) => can(a, 'directory-proposal:read', p) && (p.status !== 'proposed' || can(a, 'directory-proposal:decide', p)),
    form: proposalDecisionSchema,
    command: (ctx, p: ProposalWithNames, f: z.infer<typeof proposalDecisionSchema>) => {
      if (!can(ctx.actor, 'directory-proposal:decide', p)) throw new ConflictError();
      return decide(ctx, p, f);
    },
    invalid: (ctx, p: ProposalWithNames, problems) => proposalPage(ctx, p, problems.values, problems.errors, 400),
    conflict: (ctx, p: ProposalWithNames) => proposalPage(ctx, p, {}, [{ field: 'decision', message: 'Someone else decided this proposal first. Their decision is shown below' }], 409),
    respond: (_ctx, p: ProposalWithNames, entry) =>
      entry ? redirect(paths.directory.view(entry.id), `${p.name} added to the directory as ${entry.reference}. Record their checks below`) : redirect(paths.directory.proposals(), `Proposal for ${p.name} declined. The worker will see your reason`),
  }),
];
