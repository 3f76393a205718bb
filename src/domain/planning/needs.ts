import type { RasScheme } from '../ras/scheme.js';
import type { AssessedNeed } from './checks.js';

/** The assessment's domains that scored points: the needs a support plan must meet. */
export function assessedNeeds(scheme: RasScheme, answers: Record<string, string>): AssessedNeed[] {
  return scheme.domains
    .filter((domain) => domain.questions.some((q) => (q.answers.find((a) => a.id === answers[q.id])?.points ?? 0) > 0))
    .map((domain) => ({ id: domain.id, title: domain.title }));
}

/** Which domains (by position) still have a question without a valid answer. */
export function unansweredDomains(scheme: RasScheme, answers: Record<string, string>): number[] {
  return scheme.domains.flatMap((domain, i) => (domain.questions.every((q) => q.answers.some((a) => a.id === answers[q.id])) ? [] : [i]));
}

/** Only the ids that name something known: a form can send anything. */
export function keepKnown(ids: readonly string[], known: readonly { id: string }[]): string[] {
  return ids.filter((id) => known.some((k) => k.id === id));
}
