import { formatPence } from '../../domain/money/pence.js';
import { formatDate } from '../../web/format.js';

/** The letter telling a person their contribution for the new year: plain, short, what to do if it is wrong. Pure. */
export function upratingLetter(a: { name: string; beforePence: number; afterPence: number; effectiveOn: string; financialYear: string; contact: string }) {
  const change =
    a.afterPence === a.beforePence
      ? `It stays at ${formatPence(a.afterPence)} a week.`
      : a.afterPence > a.beforePence
        ? `It goes up from ${formatPence(a.beforePence)} to ${formatPence(a.afterPence)} a week.`
        : `It goes down from ${formatPence(a.beforePence)} to ${formatPence(a.afterPence)} a week.`;
  return {
    title: `Your contribution to your care from ${formatDate(a.effectiveOn)}`,
    paragraphs: [
      `Dear ${a.name},`,
      `Each April the government changes the amounts we use to work out what you pay towards your care. We have worked out your contribution again with the ${a.financialYear} amounts.`,
      `From ${formatDate(a.effectiveOn)}: ${change}`,
      'Nothing else about your money has changed in our records. If your money or savings have changed, tell us: your contribution might be different.',
      `If you think this is wrong, or you want to know how we worked it out, contact us: ${a.contact}.`,
    ],
  };
}
