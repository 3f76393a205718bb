import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../root.js';
import { validateScheme } from '../ras/scheme.js';
import { CLD, CODE_LIST_NAMES, codeValues, inRelease2, isUnpaidCarer, parseCodeLists } from './code-lists.js';

const read = (file: string) => JSON.parse(readFileSync(`${projectRoot}/src/domain/cld/${file}`, 'utf8'));

describe('CLD code lists (Release 2, as data)', () => {
  it('has every list, each non-empty, from release-2.json', () => {
    expect(CLD.release).toBe('2');
    const file = read('release-2.json');
    for (const name of CODE_LIST_NAMES) expect(codeValues(name)).toEqual(file.lists[name].values);
  });

  it('keeps the values statutory-returns.md confirms, exactly and case-sensitively', () => {
    expect(codeValues('Client_Type')).toEqual(['Service user', 'Unpaid carer', 'Unpaid carer known by association']);
    expect(codeValues('Delivery_Mechanism')).toEqual(['Direct payment', 'CASSR managed personal budget', 'CASSR commissioned support']);
    expect(codeValues('Service_Type')).toHaveLength(9);
    expect(codeValues('Ethnicity')).toHaveLength(21);
    expect(codeValues('Event_Outcome')).toHaveLength(16);
    expect(codeValues('Primary_Support_Reason')).toContain('Social support: Support to unpaid carer');
    expect(codeValues('Primary_Support_Reason')).not.toContain('Unknown');
    for (const v of codeValues('Review_Reason')) expect(v).toMatch(/^(Planned|Unplanned|Review of short term support)/);
  });

  it('marks the lists whose full wording could not be confirmed, and the partial one', () => {
    const unconfirmed = CODE_LIST_NAMES.filter((n) => !CLD.lists[n].confirmed);
    expect(unconfirmed).toEqual(
      expect.arrayContaining(['Gender', 'Request_Route_of_Access', 'Method_of_Assessment', 'Method_of_Review', 'Review_Reason', 'Review_Outcomes_Achieved', 'Cost_Frequency_Unit_Type']),
    );
    expect(CLD.lists.Service_Component.complete).toBe(false);
    expect(CLD.lists.Client_Type.confirmed).toBe(true);
  });

  it('maps Release 1 wording to Release 2, and says when a value is neither', () => {
    expect(inRelease2('Primary_Support_Reason', 'Physical Support: Access & mobility only')).toEqual({ value: 'Physical support: Access and mobility only', mapped: true });
    expect(inRelease2('Primary_Support_Reason', 'Support to Carer')).toEqual({ value: 'Social support: Support to unpaid carer', mapped: true });
    expect(inRelease2('Primary_Support_Reason', 'Unknown')).toEqual({ value: null, mapped: true });
    expect(inRelease2('Primary_Support_Reason', 'Mental health support')).toEqual({ value: 'Mental health support', mapped: false });
    expect(inRelease2('Primary_Support_Reason', 'mental health support')).toBeUndefined();
    expect(inRelease2('Client_Type', 'Service User')).toEqual({ value: 'Service user', mapped: true });
    expect(inRelease2('Service_Type', 'Carer Support: Direct to Carer')).toEqual({ value: 'Unpaid carer support: Direct to unpaid carer', mapped: true });
    expect(inRelease2('Delivery_Mechanism', 'CASSR Managed Personal Budget')).toEqual({ value: 'CASSR managed personal budget', mapped: true });
    expect(inRelease2('Ethnicity', 'Undeclared / Not known')).toEqual({ value: 'No data: Undeclared or not known', mapped: true });
  });

  it('knows both kinds of unpaid carer', () => {
    expect(isUnpaidCarer('Unpaid carer')).toBe(true);
    expect(isUnpaidCarer('Unpaid carer known by association')).toBe(true);
    expect(isUnpaidCarer('Service user')).toBe(false);
  });

  it('refuses a corrected file with a problem, naming it', () => {
    const lists = read('release-2.json');
    const map = read('release-1-to-2.json');
    lists.lists.Gender.values.push('Male');
    delete lists.lists.Yes_No;
    map.maps.Client_Type['Carer'] = 'Carer';
    expect(() => parseCodeLists(lists, map)).toThrow(/lists\.Gender\.values\[4\]: "Male" is listed twice[\s\S]*lists\.Yes_No[\s\S]*maps\.Client_Type\["Carer"\]: "Carer" is not a Release 2 value/);
  });
});

describe('Primary Support Reasons in RAS schemes', () => {
  const scheme = (reasons: string[][]) => ({
    format: 'selfdirect-ras/1',
    id: 's',
    version: '1',
    title: 'S',
    kind: 'adult',
    effectiveFrom: '2026-04-01',
    domains: [{ id: 'd', title: 'D', questions: [{ id: 'q', text: 'Q', answers: [{ id: 'a', text: 'A', points: 0 }, { id: 'b', text: 'B', points: 1 }] }] }],
    allocation: { type: 'rate', groups: reasons.map((r, i) => ({ id: `g${i}`, title: `G${i}`, primarySupportReasons: r, pencePerPoint: 1 })) },
  });

  it('reads Release 1 wording as Release 2 with a warning naming each value', () => {
    const result = validateScheme(scheme([['Physical Support: Personal care support', 'Mental health support'], ['Learning Disability Support', 'Unknown']]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      { path: '$.allocation.groups[0].primarySupportReasons[0]', message: '"Physical Support: Personal care support" is Release 1 wording: read as "Physical support: Personal care support"' },
      { path: '$.allocation.groups[1].primarySupportReasons[0]', message: '"Learning Disability Support" is Release 1 wording: read as "Learning disability support"' },
      { path: '$.allocation.groups[1].primarySupportReasons[1]', message: '"Unknown" is Release 1 wording with no Release 2 equivalent: it is left out' },
    ]);
    const groups = result.scheme.allocation.type === 'rate' ? result.scheme.allocation.groups : [];
    expect(groups.map((g) => g.primarySupportReasons)).toEqual([['Physical support: Personal care support', 'Mental health support'], ['Learning disability support']]);
  });

  it('refuses an unknown reason, and the same reason in two groups once both are Release 2', () => {
    const result = validateScheme(scheme([['Frailty'], ['Mental Health Support'], ['Mental health support']]));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { path: '$.allocation.groups[0].primarySupportReasons[0]', message: '"Frailty" is not a CLD Release 2 Primary Support Reason' },
      { path: '$.allocation.groups[2].primarySupportReasons[0]', message: '"Mental health support" is already in group "g1": a Primary Support Reason may be in one group only' },
    ]);
  });

  it('has no warnings for the shared example schemes, which use Release 2 wording', () => {
    for (const file of ['anytown-adults.ras.json', 'anytown-carers.ras.json']) {
      const result = validateScheme(JSON.parse(readFileSync(`${projectRoot}/src/db/seed/schemes/${file}`, 'utf8')));
      expect(result.ok && result.warnings).toEqual([]);
    }
  });
});
