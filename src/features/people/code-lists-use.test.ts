import { describe, expect, it } from 'vitest';
import { CLD_COLUMNS, checkCldRow } from '../../domain/cld/extract.js';
import { type CodeListName, codeValues } from '../../domain/cld/code-lists.js';
import { personFormOptions, statutoryDetailsOptions } from './presenters.js';
import { newContactOptions } from '../front-door/presenters.js';

/**
 * One data file: the forms offer exactly the values of each CLD list (src/domain/cld/release-2.json)
 * and the extract's checks accept exactly those values.
 */
const values = (items: { value: string }[]) => items.map((i) => i.value).filter((v) => v !== '');

describe('the CLD code lists in the forms and the extract', () => {
  it('the person’s forms offer each list’s values, in its order', () => {
    const form = personFormOptions({}, [{ id: 't', name: 'Team' }]);
    expect(values(form.clientTypes)).toEqual(codeValues('Client_Type'));
    expect(values(form.genders)).toEqual(codeValues('Gender'));
    expect(values(form.ethnicities)).toEqual(codeValues('Ethnicity'));
    expect(values(form.supportReasons)).toEqual(codeValues('Primary_Support_Reason'));
    const details = statutoryDetailsOptions({});
    expect(values(details.accommodation)).toEqual(codeValues('Accommodation_Status'));
    expect(values(details.employment)).toEqual(codeValues('Employment_Status'));
    expect(values(details.funding)).toEqual(codeValues('Client_Funding_Status'));
    expect(values(details.dementia)).toEqual(codeValues('Yes_No'));
    expect(values(newContactOptions({}, [{ id: 't', name: 'Team' }]).routes)).toEqual(codeValues('Request_Route_of_Access'));
  });

  it('the extract accepts every value of each list in its column, and nothing else', () => {
    const columns: [(typeof CLD_COLUMNS)[number], CodeListName][] = [
      ['Client_Type', 'Client_Type'],
      ['Ethnicity', 'Ethnicity'],
      ['Accommodation_Status', 'Accommodation_Status'],
      ['Service_Type', 'Service_Type'],
      ['Delivery_Mechanism', 'Delivery_Mechanism'],
      ['Event_Outcome', 'Event_Outcome'],
      ['Review_Reason', 'Review_Reason'],
    ];
    const blank = Object.fromEntries(CLD_COLUMNS.map((c) => [c, ''])) as Record<(typeof CLD_COLUMNS)[number], string>;
    for (const [column, list] of columns) {
      for (const value of codeValues(list)) expect(checkCldRow({ ...blank, [column]: value }).find((c) => c.column === column)?.validity, `${column} ${value}`).toBe('Passed: Valid');
      expect(checkCldRow({ ...blank, [column]: `${codeValues(list)[0]} ` }).find((c) => c.column === column)?.validity).toBe('Failed: Invalid');
    }
  });
});
