import type { RasQuestion, RasScheme } from '../../domain/ras/scheme.js';

/**
 * A self-assessment for the person, one question per page (GOV.UK's "one thing per page"):
 * the scheme's questions in order, numbered from 1. Pure.
 */
export interface NumberedQuestion {
  number: number;
  domainTitle: string;
  question: RasQuestion;
}

export function numberedQuestions(scheme: RasScheme): NumberedQuestion[] {
  const all: NumberedQuestion[] = [];
  for (const domain of scheme.domains) for (const question of domain.questions) all.push({ number: all.length + 1, domainTitle: domain.title, question });
  return all;
}

/** The first question not answered yet, or undefined when every one is. */
export function firstUnanswered(scheme: RasScheme, answers: Record<string, string | undefined>): number | undefined {
  return numberedQuestions(scheme).find((q) => !q.question.answers.some((a) => a.id === answers[q.question.id]))?.number;
}

/** The answers that belong to the scheme: anything else (a tampered field) is dropped. */
export function knownAnswers(scheme: RasScheme, given: Record<string, unknown>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const { question } of numberedQuestions(scheme)) {
    const value = given[question.id];
    if (typeof value === 'string' && question.answers.some((a) => a.id === value)) answers[question.id] = value;
  }
  return answers;
}
