import { isIsoDate } from '../calendar/iso-date.js';

/**
 * A council's charging rules for one financial year, in the `selfdirect-charging/1` format
 * (../shared/docs/charging.md §5). Figures set each year and the council's choices live here;
 * what the law fixes (the order of the steps, what is counted, the rounding) lives in
 * contribution.ts. A published document never changes.
 */
export const CHARGING_FORMAT = 'selfdirect-charging/1';

export type DreMethod = 'flat' | 'itemised' | 'higher-of-flat-and-itemised';

export interface ChargingRules {
  format: typeof CHARGING_FORMAT;
  id: string;
  title: string;
  financialYear: string;
  validFrom: string;
  validTo: string;
  capital: { upperPence: number; lowerPence: number; tariffPerPence: number; tariffWeeklyPence: number };
  mig: {
    single: { age18to24Pence: number; age25ToPensionCreditAgePence: number; pensionCreditAgePence: number };
    loneParentPence: number;
    couple: { eachPence: number; eachPensionCreditAgePence: number };
    childPence: number;
    premiums: { disabilitySinglePence: number; disabilityCouplePence: number; enhancedDisabilitySinglePence: number; enhancedDisabilityCouplePence: number; carerPence: number };
  };
  benefitRates: {
    attendanceAllowance: { higherPence: number; lowerPence: number };
    dlaCare: { highestPence: number; middlePence: number; lowestPence: number };
    pipDailyLiving: { enhancedPence: number; standardPence: number };
  };
  disregards: {
    savingsCredit: { mode: 'capped' | 'full' | 'none'; singlePence: number; couplePence: number };
    warPension: { mode: 'statutory' | 'full'; weeklyPence: number };
    nightCareElement: { attendanceAllowance: boolean; dlaCare: boolean; pipDailyLiving: boolean };
  };
  council: {
    percentOfDisposable: string;
    maximumWeeklyPence: number | null;
    maximumAppliesToFullCost: boolean;
    minimumChargeWeeklyPence: number;
    migUplift: { percent: string; fixedWeeklyPence: number };
    dre: { method: DreMethod; flatWeeklyPence: number; requiresDisabilityBenefit: boolean };
  };
  sources: Record<string, string>;
  toConfirm: string[];
}

export interface RulesProblem {
  path: string;
  message: string;
}

export type RulesValidation = { ok: true; rules: ChargingRules; warnings: RulesProblem[] } | { ok: false; problems: RulesProblem[] };

/** No weekly figure in a council's rules is anywhere near £10 billion: past it, arithmetic in whole pence could lose exactness. */
export const MAX_PENCE = 1_000_000_000_000;

type Leaf = 'pence' | 'pence-or-null' | 'positive-pence' | 'boolean' | 'percent' | 'uplift-percent' | 'date' | 'text' | 'slug' | 'year' | readonly string[];
interface Shape {
  [field: string]: Leaf | Shape;
}

const SHAPE: Shape = {
  format: [CHARGING_FORMAT],
  id: 'slug',
  title: 'text',
  financialYear: 'year',
  validFrom: 'date',
  validTo: 'date',
  capital: { upperPence: 'pence', lowerPence: 'pence', tariffPerPence: 'positive-pence', tariffWeeklyPence: 'pence' },
  mig: {
    single: { age18to24Pence: 'pence', age25ToPensionCreditAgePence: 'pence', pensionCreditAgePence: 'pence' },
    loneParentPence: 'pence',
    couple: { eachPence: 'pence', eachPensionCreditAgePence: 'pence' },
    childPence: 'pence',
    premiums: { disabilitySinglePence: 'pence', disabilityCouplePence: 'pence', enhancedDisabilitySinglePence: 'pence', enhancedDisabilityCouplePence: 'pence', carerPence: 'pence' },
  },
  benefitRates: {
    attendanceAllowance: { higherPence: 'pence', lowerPence: 'pence' },
    dlaCare: { highestPence: 'pence', middlePence: 'pence', lowestPence: 'pence' },
    pipDailyLiving: { enhancedPence: 'pence', standardPence: 'pence' },
  },
  disregards: {
    savingsCredit: { mode: ['capped', 'full', 'none'], singlePence: 'pence', couplePence: 'pence' },
    warPension: { mode: ['statutory', 'full'], weeklyPence: 'pence' },
    nightCareElement: { attendanceAllowance: 'boolean', dlaCare: 'boolean', pipDailyLiving: 'boolean' },
  },
  council: {
    percentOfDisposable: 'percent',
    maximumWeeklyPence: 'pence-or-null',
    maximumAppliesToFullCost: 'boolean',
    minimumChargeWeeklyPence: 'pence',
    migUplift: { percent: 'uplift-percent', fixedWeeklyPence: 'pence' },
    dre: { method: ['flat', 'itemised', 'higher-of-flat-and-itemised'], flatWeeklyPence: 'pence', requiresDisabilityBenefit: 'boolean' },
  },
};

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPence = (v: Json): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_PENCE;
const PERCENT = /^\d{1,3}(\.\d{1,2})?$/;

/** A percentage written as a decimal string ("92.5") in hundredths of a per cent (9250): exact, no binary fractions. */
export function percentHundredths(text: string): number {
  const [whole, fraction = ''] = text.split('.') as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function checkLeaf(leaf: Leaf, value: Json, path: string, problem: (path: string, message: string) => void) {
  if (value === undefined) return problem(path, 'is missing');
  if (Array.isArray(leaf)) {
    if (typeof value !== 'string' || !leaf.includes(value)) problem(path, `must be ${leaf.map((v) => `"${v}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
    return;
  }
  switch (leaf) {
    case 'pence':
      if (!isPence(value)) problem(path, 'must be whole pence: a JSON integer of 0 or more, like 2325000 for £23,250.00');
      return;
    case 'positive-pence':
      if (!isPence(value) || value === 0) problem(path, 'must be whole pence greater than 0: a JSON integer, like 25000 for £250.00');
      return;
    case 'pence-or-null':
      if (value !== null && !isPence(value)) problem(path, 'must be null (no maximum) or whole pence: a JSON integer of 0 or more');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problem(path, 'must be true or false');
      return;
    case 'percent':
      if (typeof value !== 'string' || !PERCENT.test(value) || percentHundredths(value) === 0 || percentHundredths(value) > 10000) {
        problem(path, 'must be a percentage written as a string, greater than 0 and at most 100, with at most 2 decimal places, like "100" or "92.5"');
      }
      return;
    case 'uplift-percent':
      if (typeof value !== 'string' || !PERCENT.test(value)) problem(path, 'must be a percentage written as a string, 0 or more, with at most 2 decimal places, like "0" or "25"');
      return;
    case 'date':
      if (typeof value !== 'string' || !isIsoDate(value)) problem(path, 'must be a date written YYYY-MM-DD');
      return;
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') problem(path, 'must be a non-empty string');
      return;
    case 'slug':
      if (typeof value !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) || value.length > 64) problem(path, 'must be a slug of a-z, 0-9 and "-", like "anytown-charging"');
      return;
    case 'year':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}$/.test(value) || (Number(value.slice(0, 4)) + 1) % 100 !== Number(value.slice(5))) {
        problem(path, 'must be a financial year written YYYY-YY with consecutive years, like "2025-26"');
      }
  }
}

function walk(shape: Shape, value: Record<string, Json>, path: string, problem: (path: string, message: string) => void, warning: (path: string, message: string) => void) {
  for (const [field, leaf] of Object.entries(shape)) {
    const at = path === '$' ? `$.${field}` : `${path}.${field}`;
    const v = value[field];
    if (typeof leaf === 'object' && !Array.isArray(leaf)) {
      if (v === undefined) problem(at, 'is missing');
      else if (!isObject(v)) problem(at, 'must be an object');
      else walk(leaf as Shape, v, at, problem, warning);
    } else checkLeaf(leaf as Leaf, v, at, problem);
  }
  for (const field of Object.keys(value)) {
    if (!(field in shape) && !(path === '$' && (field === 'sources' || field === 'toConfirm'))) warning(`${path}.${field}`, `is not a field of ${CHARGING_FORMAT} and is ignored`);
  }
}

/** The value at a dotted path ("mig.couple.eachPence") in a document, or undefined. */
export function valueAt(doc: Json, dotted: string): Json {
  let at: Json = doc;
  for (const part of dotted.split('.')) {
    if (!isObject(at) || !(part in at)) return undefined;
    at = at[part];
  }
  return at;
}

/**
 * Checks a parsed JSON document against `selfdirect-charging/1`. Every problem is named by its
 * JSON path ($.capital.lowerPence); a document with any problem is refused whole. Warnings (an
 * unknown field, figures to confirm) do not refuse it.
 */
export function validateChargingRules(doc: Json): RulesValidation {
  const problems: RulesProblem[] = [];
  const warnings: RulesProblem[] = [];
  const problem = (path: string, message: string) => void problems.push({ path, message });
  const warning = (path: string, message: string) => void warnings.push({ path, message });
  if (!isObject(doc)) return { ok: false, problems: [{ path: '$', message: 'must be a JSON object' }] };
  walk(SHAPE, doc, '$', problem, warning);

  if (!isObject(doc.sources)) problem('$.sources', doc.sources === undefined ? 'is missing' : 'must be an object of JSON path to citation');
  else for (const [key, text] of Object.entries(doc.sources)) if (typeof text !== 'string' || text.trim() === '') problem(`$.sources.${key}`, 'must be a non-empty string saying where the figure came from');

  if (!Array.isArray(doc.toConfirm)) problem('$.toConfirm', doc.toConfirm === undefined ? 'is missing' : 'must be a list of the JSON paths of figures not yet confirmed (an empty list when all are)');
  else
    doc.toConfirm.forEach((p, i) => {
      if (typeof p !== 'string' || p === '' || valueAt(doc, p) === undefined || p.startsWith('sources') || p.startsWith('toConfirm')) {
        problem(`$.toConfirm[${i}]`, `${typeof p === 'string' ? `"${p}"` : 'this'} is not the path of a figure in this document, like "mig.couple.eachPence"`);
      }
    });

  if (problems.length > 0) return { ok: false, problems };
  const rules = doc as unknown as ChargingRules;
  if (rules.capital.lowerPence > rules.capital.upperPence) problem('$.capital.lowerPence', 'must not be more than upperPence');
  const higher = (path: string, high: number, low: number, highName: string, lowName: string) => {
    if (high < low) problem(path, `${highName} must be at least ${lowName}`);
  };
  const b = rules.benefitRates;
  higher('$.benefitRates.attendanceAllowance.higherPence', b.attendanceAllowance.higherPence, b.attendanceAllowance.lowerPence, 'higherPence', 'lowerPence');
  higher('$.benefitRates.dlaCare.highestPence', b.dlaCare.highestPence, b.dlaCare.middlePence, 'highestPence', 'middlePence');
  higher('$.benefitRates.dlaCare.middlePence', b.dlaCare.middlePence, b.dlaCare.lowestPence, 'middlePence', 'lowestPence');
  higher('$.benefitRates.pipDailyLiving.enhancedPence', b.pipDailyLiving.enhancedPence, b.pipDailyLiving.standardPence, 'enhancedPence', 'standardPence');
  if (rules.validFrom > rules.validTo) problem('$.validFrom', 'must not be after validTo');
  if (problems.length > 0) return { ok: false, problems };

  const startYear = Number(rules.financialYear.slice(0, 4));
  if (Number(rules.validFrom.slice(0, 4)) !== startYear) warning('$.validFrom', `is not in ${startYear}, the first year of ${rules.financialYear}: check the financial year`);
  if (rules.toConfirm.length > 0) warning('$.toConfirm', `${rules.toConfirm.length} ${rules.toConfirm.length === 1 ? 'figure has' : 'figures have'} still to be confirmed against the circular: ${rules.toConfirm.join(', ')}`);
  return { ok: true, rules, warnings };
}

/** Whether a figure (by its dotted path) or any figure under it is marked as still to be confirmed. */
export function isToConfirm(rules: Pick<ChargingRules, 'toConfirm'>, dotted: string): boolean {
  return rules.toConfirm.some((p) => p === dotted || dotted.startsWith(`${p}.`) || p.startsWith(`${dotted}.`));
}

/** A document from its JSON text: not JSON is one problem at `$`. */
export function parseChargingRules(text: string): RulesValidation {
  let doc: Json;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, problems: [{ path: '$', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  return validateChargingRules(doc);
}
