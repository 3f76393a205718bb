import { type RulesProblem, parseChargingRules } from '../../domain/charging/rules.js';
import { belowStatutory } from '../../domain/charging/statutory.js';
import { ConflictError, SelfdirectError } from '../../errors.js';
import type { Executor } from '../../web/route.js';
import { type AuditActor, recordAudit } from '../audit/audit-trail.js';
import { type RulesSummary, insertRulesDraft, markRulesPublished, publishedOverlapping, replaceRulesDraft, rulesByIdYear, rulesRowById } from './rules-repository.js';

export class RulesInvalidError extends SelfdirectError {
  readonly status = 400;
  constructor(readonly problems: RulesProblem[]) {
    super(`The charging rules are not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

/**
 * Imports a council's charging rules for a year as a draft (replacing a draft of the same id and
 * year). Published rules never change. Run it in a transaction. The warnings (figures to confirm,
 * figures below the statutory ones) are returned and kept in the audit entry.
 */
export async function importChargingRules(db: Executor, who: AuditActor, text: string): Promise<RulesSummary & { warnings: RulesProblem[] }> {
  const parsed = parseChargingRules(text);
  if (!parsed.ok) throw new RulesInvalidError(parsed.problems);
  const r = parsed.rules;
  const existing = await rulesByIdYear(db, r.id, r.financialYear);
  if (existing?.status === 'published') {
    throw new RulesInvalidError([{ path: '$.financialYear', message: `${r.id} ${r.financialYear} is published and never changes. Rules for a new year need their own financialYear` }]);
  }
  const values = { title: r.title, valid_from: r.validFrom, valid_to: r.validTo, document: text.trim(), to_confirm: r.toConfirm.length, imported_by: who.label };
  const saved = existing ? await replaceRulesDraft(db, existing.id, values) : await insertRulesDraft(db, { ...values, rules_id: r.id, financial_year: r.financialYear });
  const warnings = [...parsed.warnings, ...belowStatutory(r)];
  await recordAudit(db, who, {
    action: existing ? 'charging-rules.draft-replaced' : 'charging-rules.imported',
    subjectType: 'charging-rules',
    subjectId: saved.id,
    after: { rules_id: r.id, financial_year: r.financialYear, valid_from: r.validFrom, valid_to: r.validTo, warnings: warnings.map((w) => `${w.path}: ${w.message}`) },
  });
  return { ...saved, warnings };
}

/** Publishes a draft: from then on it never changes. `rowVersion` (from the form) must still be current; the seed passes null. */
export async function publishChargingRules(db: Executor, who: AuditActor, id: string, rowVersion: number | null) {
  const current = await rulesRowById(db, id);
  if (!current) throw new ConflictError('Those charging rules no longer exist');
  if (current.status === 'published') throw new ConflictError(`${current.rules_id} ${current.financial_year} is already published`);
  if (rowVersion !== null && current.row_version !== rowVersion) throw new ConflictError();
  const overlapping = await publishedOverlapping(db, current.valid_from, current.valid_to, id);
  if (overlapping.length > 0) throw new ConflictError(`${overlapping.map((o) => `${o.rules_id} ${o.financial_year}`).join(', ')} ${overlapping.length === 1 ? 'is' : 'are'} already published for some of these dates: two sets of rules cannot apply on one day`);
  await markRulesPublished(db, id, who.label);
  await recordAudit(db, who, { action: 'charging-rules.published', subjectType: 'charging-rules', subjectId: id, after: { rules_id: current.rules_id, financial_year: current.financial_year } });
}
