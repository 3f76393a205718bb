import { ConflictError } from '../../errors.js';
import type { Context } from '../../web/route.js';
import { auditActor, recordAudit } from '../audit/audit-trail.js';
import { type AssessmentRecord, insertPanelDecisionOnce } from '../assessments/repository.js';

/** The panel agrees the indicative amount or sets another, with reasons. Nothing caps it. */
export async function decidePanelCase(ctx: Context, record: AssessmentRecord, decision: { agree: boolean; weeklyPence: number | null; reasons: string }) {
  if (record.decision) throw new ConflictError('The panel has already decided this case');
  const weekly = decision.agree ? record.assessment.weekly_pence! : decision.weeklyPence!;
  const inserted = await insertPanelDecisionOnce(ctx.db, { assessmentId: record.assessment.id, decision: decision.agree ? 'agreed' : 'changed', weeklyPence: weekly, reasons: decision.reasons, decidedBy: ctx.actor.id });
  if (!inserted) throw new ConflictError('The panel has already decided this case');
  await recordAudit(ctx.db, auditActor(ctx.actor), {
    action: 'panel.decided',
    subjectType: 'assessment',
    subjectId: record.assessment.id,
    personId: record.person.id,
    before: { indicative_weekly_pence: record.assessment.weekly_pence },
    after: { decision: decision.agree ? 'agreed' : 'changed', weekly_pence: weekly },
    reason: decision.reasons,
  });
}
