import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anytownRules } from '../../../test/helpers/charging.js';
import { isToConfirm, parseChargingRules, percentHundredths, validateChargingRules } from './rules.js';
import { belowStatutory } from './statutory.js';

const doc = () => structuredClone(anytownRules()) as unknown as Record<string, any>;
const problemsOf = (d: unknown) => {
  const result = validateChargingRules(d);
  return result.ok ? [] : result.problems;
};

describe('selfdirect-charging/1 documents', () => {
  it('accepts the Anytown 2025-26 example, warning of its figures to confirm', () => {
    const result = validateChargingRules(doc());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.map((w) => w.path)).toEqual(['$.toConfirm']);
  });

  it('names every missing or malformed field by its JSON path, all at once', () => {
    const d = doc();
    delete d.capital.lowerPence;
    d.mig.single.age18to24Pence = 89.15;
    d.mig.childPence = -1;
    d.council.percentOfDisposable = 100;
    d.council.dre.method = 'itemized';
    d.disregards.nightCareElement.dlaCare = 'yes';
    d.financialYear = '2025-27';
    d.validTo = '2026-02-30';
    d.council.maximumWeeklyPence = '100';
    expect(problemsOf(d).map((p) => p.path)).toEqual([
      '$.financialYear',
      '$.validTo',
      '$.capital.lowerPence',
      '$.mig.single.age18to24Pence',
      '$.mig.childPence',
      '$.disregards.nightCareElement.dlaCare',
      '$.council.percentOfDisposable',
      '$.council.maximumWeeklyPence',
      '$.council.dre.method',
    ]);
    expect(problemsOf(d).find((p) => p.path === '$.council.dre.method')?.message).toBe('must be "flat", "itemised" or "higher-of-flat-and-itemised"');
  });

  it.each([['0'], ['100.01'], ['99.999'], ['-5'], ['1e2'], ['']])('refuses a percentage of disposable income of "%s"', (percent) => {
    const d = doc();
    d.council.percentOfDisposable = percent;
    expect(problemsOf(d).map((p) => p.path)).toEqual(['$.council.percentOfDisposable']);
  });

  it('reads percentages exactly', () => {
    expect(percentHundredths('100')).toBe(10000);
    expect(percentHundredths('92.5')).toBe(9250);
    expect(percentHundredths('0.01')).toBe(1);
  });

  it('refuses limits, rates and dates the wrong way round, and a tariff step of 0', () => {
    const d = doc();
    d.capital.lowerPence = 2325001;
    d.benefitRates.dlaCare.middlePence = 1000;
    d.validFrom = '2026-04-06';
    expect(problemsOf(d).map((p) => p.path)).toEqual(['$.capital.lowerPence', '$.benefitRates.dlaCare.middlePence', '$.validFrom']);
    const zero = doc();
    zero.capital.tariffPerPence = 0;
    expect(problemsOf(zero).map((p) => p.path)).toEqual(['$.capital.tariffPerPence']);
  });

  it('refuses a figure to confirm that is not in the document, and missing sources', () => {
    const d = doc();
    d.toConfirm.push('mig.couple.each', 'sources.capital');
    delete d.sources;
    expect(problemsOf(d).map((p) => p.path)).toEqual(['$.sources', '$.toConfirm[9]', '$.toConfirm[10]']);
  });

  it('warns of unknown fields without refusing the document', () => {
    const d = doc();
    d.capital.upperPounds = 23250;
    const result = validateChargingRules(d);
    expect(result.ok && result.warnings.map((w) => w.path)).toContain('$.capital.upperPounds');
  });

  it('names JSON that is not JSON, and ignores a byte order mark', () => {
    expect(parseChargingRules('{').ok).toBe(false);
    expect(parseChargingRules(`\uFEFF${JSON.stringify(doc())}`).ok).toBe(true);
  });

  it('knows which figures are still to be confirmed', () => {
    const r = anytownRules();
    expect(isToConfirm(r, 'mig.couple.eachPence')).toBe(true);
    expect(isToConfirm(r, 'mig.couple')).toBe(true);
    expect(isToConfirm(r, 'mig.single.age18to24Pence')).toBe(false);
  });
});

describe('figures below the statutory ones', () => {
  it('finds none in the Anytown example', () => {
    expect(belowStatutory(anytownRules())).toEqual([]);
  });

  it('warns where a council is less generous than the law, and not where it is more generous', () => {
    const r = anytownRules();
    r.capital.upperPence = 2000000;
    r.capital.lowerPence = 2000000; // higher lower limit: more generous
    r.mig.single.pensionCreditAgePence = 23000;
    r.capital.tariffWeeklyPence = 200;
    const warnings = belowStatutory(r);
    expect(warnings.map((w) => w.path)).toEqual(['$.capital.upperPence', '$.capital.tariffWeeklyPence', '$.mig.single.pensionCreditAgePence']);
    expect(warnings[2]!.message).toBe('£230.00 is less generous than the statutory £232.60 for 2025-26: a council may be more generous than the law, never less');
  });

  it('says when the statutory figure is itself to be confirmed, and skips disregards the council gives in full', () => {
    const r = anytownRules();
    r.mig.couple.eachPence = 8000;
    r.disregards.savingsCredit.singlePence = 0;
    r.disregards.savingsCredit.mode = 'full';
    const warnings = belowStatutory(r);
    expect(warnings.map((w) => w.path)).toEqual(['$.mig.couple.eachPence']);
    expect(warnings[0]!.message).toContain('(our statutory figure is itself still to be confirmed)');
  });

  it('says when it holds no statutory figures for the year', () => {
    const r = anytownRules();
    r.financialYear = '2031-32';
    expect(belowStatutory(r)).toEqual([expect.objectContaining({ path: '$.financialYear' })]);
  });
});

describe('the shared example', () => {
  it('is the file Selfdirect loads (when the shared formats are beside the project)', () => {
    const shared = new URL('../../../../shared/formats/anytown-charging-2025-26.json', import.meta.url);
    let text: string;
    try {
      text = readFileSync(shared, 'utf8');
    } catch {
      return; // a clone without ../shared: the copy is the contract
    }
    expect(JSON.parse(text)).toEqual(anytownRules());
  });
});
