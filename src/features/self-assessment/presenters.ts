import type { RasScheme } from '../../domain/ras/scheme.js';
import type { FieldError } from '../../errors.js';
import { formatDate } from '../../web/format.js';
import { presentErrors } from '../../web/forms.js';
import { numberedQuestions } from './questions.js';

/**
 * The self-assessment's pages for the person (My Selfdirect) and for anyone (Plan your support):
 * one question a page, check your answers, in plain words. Pure.
 */

export interface QuestionPageInput {
  scheme: RasScheme;
  number: number;
  answers: Record<string, string>;
  caption: string;
  backHref: string;
  /** Answers carried in the form (the anonymous estimate keeps nothing on the server). */
  carried?: Record<string, string>;
  /** Whether the page offers to save and come back later (only with an account). */
  canSave: boolean;
  values?: Record<string, unknown>;
  errors?: FieldError[];
}

export function questionPage(p: QuestionPageInput) {
  const all = numberedQuestions(p.scheme);
  const at = all[p.number - 1]!;
  const chosen = typeof p.values?.answer === 'string' ? p.values.answer : p.answers[at.question.id];
  const { errorSummary, fieldErrors } = presentErrors(p.errors, { answer: 'answer' });
  return {
    title: at.question.text,
    caption: `${p.caption} · Question ${p.number} of ${all.length} · ${at.domainTitle}`,
    radios: {
      name: 'answer',
      idPrefix: 'answer',
      fieldset: { legend: { text: at.question.text, isPageHeading: true, classes: 'govuk-fieldset__legend--l' } },
      hint: at.question.guidance ? { text: at.question.guidance } : undefined,
      items: at.question.answers.map((a) => ({ value: a.id, text: a.text, checked: chosen === a.id })),
      errorMessage: fieldErrors.answer,
    },
    carried: Object.entries(p.carried ?? {}).map(([name, value]) => ({ name, value })),
    canSave: p.canSave,
    backLink: { href: p.backHref },
    errorSummary,
  };
}

/** Check your answers: every question with its answer and a way to change it. */
export function answerRows(scheme: RasScheme, answers: Record<string, string>, changeHref: (number: number) => string | null) {
  return numberedQuestions(scheme).map(({ number, question }) => {
    const href = changeHref(number);
    return {
      key: { text: question.text },
      value: { text: question.answers.find((a) => a.id === answers[question.id])?.text ?? 'Not answered yet' },
      actions: href ? { items: [{ href, text: 'Change', visuallyHiddenText: ` the answer about ${question.text.toLowerCase()}` }] } : undefined,
    };
  });
}

export interface StartState {
  name: { whose: string; heading: string };
  questions: number;
  inProgress: { answered: number; sentOn: string | null; sentBy: string | null; budgetHref: string | null } | null;
  lastFinished: { on: string; budgetHref: string } | null;
  startHref: string;
  backHref: string;
}

export function startPage(s: StartState, errors?: FieldError[]) {
  const paragraphs: string[] = [];
  let button: string | null = 'Start now';
  let links: { href: string; text: string }[] = [];
  if (s.inProgress?.sentOn) {
    paragraphs.push(`${s.inProgress.sentBy ?? 'It'} sent this to the worker on ${formatDate(s.inProgress.sentOn)}.`, 'The worker will check it and talk to you about it.');
    button = null;
    if (s.inProgress.budgetHref) links = [{ href: s.inProgress.budgetHref, text: 'See the indicative budget and how it was worked out' }];
  } else if (s.inProgress) {
    paragraphs.push(`You have answered ${s.inProgress.answered} of ${s.questions} questions.`, 'Your answers are saved. You can carry on where you stopped.');
    button = 'Carry on';
  } else {
    paragraphs.push(
      `There are ${s.questions} questions about day-to-day life. They ask what help is needed.`,
      'It takes about 15 minutes. You can stop at any time and come back later.',
      'When you have finished, you send it to the worker. You will see a first budget straight away.',
    );
  }
  if (s.lastFinished) links.push({ href: s.lastFinished.budgetHref, text: `See the last assessment, finished on ${formatDate(s.lastFinished.on)}` });
  return { title: s.name.heading, paragraphs, button, action: s.startHref, links, backLink: { href: s.backHref, text: 'Back to My Selfdirect' }, ...presentErrors(errors) };
}
