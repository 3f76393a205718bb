import { describe, expect, it } from 'vitest';
import { orderErrorSummary } from './error-summary.js';

const page = (items: string[], fields: string[]) =>
  `<div class="govuk-error-summary"><ul class="govuk-list govuk-error-summary__list">${items.map((id) => `<li><a href="#${id}">Problem with ${id}</a></li>`).join('')}</ul></div><form>${fields.map((id) => `<input id="${id}">`).join('')}</form>`;
const order = (html: string) => [...html.matchAll(/<li><a href="#([^"]+)"/g)].map((m) => m[1]);

describe('the error summary follows the order of the fields', () => {
  it('puts problems in the order their fields appear in the page', () => {
    expect(order(orderErrorSummary(page(['reason', 'name', 'when-day'], ['name', 'when-day', 'reason'])))).toEqual(['name', 'when-day', 'reason']);
  });

  it('keeps problems whose field is not on the page after the rest, in their order, and leaves one problem alone', () => {
    expect(order(orderErrorSummary(page(['gone', 'b', 'a', 'lost'], ['a', 'b'])))).toEqual(['a', 'b', 'gone', 'lost']);
    const one = page(['a'], ['a']);
    expect(orderErrorSummary(one)).toBe(one);
    expect(orderErrorSummary('<p>No form</p>')).toBe('<p>No form</p>');
  });
});
