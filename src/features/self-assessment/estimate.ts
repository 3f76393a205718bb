import { type CompiledScheme, type Explanation, explain } from '../../domain/ras/pricing.js';
import { SERVICE_CATEGORIES } from '../../domain/directory/catalogue.js';
import type { FieldError } from '../../errors.js';
import { numberedQuestions } from './questions.js';

/**
 * Plan your support (issue 14, part 8): anyone, with no account, answers the council's
 * self-assessment and sees an estimate of what its scheme would indicate, and why. Nothing is kept
 * on the server: the answers travel in the form from page to page (never in the address, never in
 * a session), and the estimate is the staff pricing itself, `explain`, on the same answers. Pure.
 */
export const ANSWER_PREFIX = 'answer-';

export interface EstimateState {
  schemeRowId: string;
  answers: Record<string, string>;
  group: string | null;
}

/** The page the form was on, and where it goes next. */
export type Step = { kind: 'question'; number: number } | { kind: 'group' } | { kind: 'check' } | { kind: 'result' };

/** The answers carried in a form: only real answers to this scheme's questions are kept. */
export function carriedState(c: CompiledScheme, schemeRowId: string, body: Record<string, unknown>): EstimateState {
  const answers: Record<string, string> = {};
  for (const { question } of numberedQuestions(c.scheme)) {
    const value = body[`${ANSWER_PREFIX}${question.id}`];
    if (typeof value === 'string' && question.answers.some((a) => a.id === value)) answers[question.id] = value;
  }
  const group = typeof body.group === 'string' && c.groups?.has(body.group) ? body.group : null;
  return { schemeRowId, answers, group };
}

/** The hidden fields that carry the state to the next page. */
export function hiddenFields(state: EstimateState, except?: string) {
  const fields: Record<string, string> = { scheme: state.schemeRowId };
  for (const [id, answer] of Object.entries(state.answers)) if (id !== except) fields[`${ANSWER_PREFIX}${id}`] = answer;
  if (state.group) fields.group = state.group;
  return fields;
}

export function parseStep(value: unknown, questions: number): Step | null {
  if (value === 'group') return { kind: 'group' };
  if (value === 'check') return { kind: 'check' };
  if (value === 'result') return { kind: 'result' };
  const found = typeof value === 'string' ? /^q([1-9][0-9]{0,2})$/.exec(value) : null;
  if (found && Number(found[1]) <= questions) return { kind: 'question', number: Number(found[1]) };
  return null;
}

export const stepValue = (s: Step) => (s.kind === 'question' ? `q${s.number}` : s.kind);

/** After a question: the next unanswered one when changing from the check page, else the next in order. */
export function after(c: CompiledScheme, state: EstimateState, number: number, changing: boolean): Step {
  const total = numberedQuestions(c.scheme).length;
  const complete = numberedQuestions(c.scheme).every((q) => state.answers[q.question.id]);
  if (changing && complete) return { kind: 'check' };
  if (number < total) return { kind: 'question', number: number + 1 };
  return c.groups && !state.group ? { kind: 'group' } : { kind: 'check' };
}

export function before(c: CompiledScheme, step: Step): Step | 'start' {
  const total = numberedQuestions(c.scheme).length;
  if (step.kind === 'question') return step.number === 1 ? 'start' : { kind: 'question', number: step.number - 1 };
  if (step.kind === 'group') return { kind: 'question', number: total };
  if (step.kind === 'check') return c.groups ? { kind: 'group' } : { kind: 'question', number: total };
  return { kind: 'check' };
}

/** What is missing before an estimate can be given, each naming the page to go back to. */
export function missingParts(c: CompiledScheme, state: EstimateState): FieldError[] {
  const problems: FieldError[] = [];
  const unanswered = numberedQuestions(c.scheme).find((q) => !state.answers[q.question.id]);
  if (unanswered) problems.push({ field: 'answers', message: `Answer question ${unanswered.number} first` });
  if (c.groups && !state.group) problems.push({ field: 'group', message: 'Choose the main reason for support' });
  return problems;
}

/** The estimate: exactly the staff pricing of the same answers (tested by a property test). */
export function estimateOf(c: CompiledScheme, state: EstimateState): Explanation {
  return explain(c, state.answers, state.group);
}

/**
 * Where to look in the public directory: the kinds of support that fit the parts of life the
 * answers asked for help with. A part maps to a kind by the words in its title.
 */
const KINDS_BY_WORD: [RegExp, (typeof SERVICE_CATEGORIES)[number]][] = [
  [/personal care|washing|dressing/i, 'Personal care'],
  [/home|housework/i, 'Help at home'],
  [/eating|meals|food/i, 'Meals'],
  [/moving|out and about|mobility|transport/i, 'Getting out and about'],
  [/safe|night/i, 'Night support'],
  [/family|friends|community|social/i, 'Day opportunities'],
  [/work|learning|volunteer/i, 'Employment and volunteering support'],
  [/carer|break|yourself/i, 'Short breaks and respite'],
];

export function supportToLookAt(e: Explanation): (typeof SERVICE_CATEGORIES)[number][] {
  const kinds = new Set<(typeof SERVICE_CATEGORIES)[number]>();
  for (const domain of e.domains) {
    if (domain.points === 0) continue;
    for (const [pattern, kind] of KINDS_BY_WORD) if (pattern.test(domain.title)) kinds.add(kind);
  }
  kinds.add('Support planning');
  return [...kinds];
}
