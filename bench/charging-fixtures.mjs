// Deterministic benchmark input for `selfdirect charging assess`: N rows of the
// selfdirect-financial-assessment CSV (../shared/docs/charging.md §6) drawn from a seeded
// generator, valid under the Anytown 2025-26 rules, covering every household, route and reason.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const COLUMNS = 'person_id,assessment_date,date_of_birth,household,pension_credit_age,partner_pension_credit_age,dependent_children,disability_premium,enhanced_disability_premium,carer_premium,night_care_arranged,light_touch,free_service,state_pension_pence,occupational_pension_pence,pension_credit_guarantee_pence,pension_credit_savings_pence,universal_credit_pence,esa_pence,income_support_jsa_pence,carers_allowance_pence,aa_rate,aa_pence,dla_care_rate,dla_care_pence,pip_daily_living_rate,pip_daily_living_pence,dla_mobility_pence,pip_mobility_pence,earnings_pence,war_pension_pence,armed_forces_gip_afip_pence,child_benefit_ctc_pence,other_counted_pence,other_disregarded_pence,joint_income_pence,capital_sole_pence,capital_joint_pence,joint_owners,housing_costs_pence,council_tax_pence,dre_itemised_pence,cost_of_care_weekly_pence';

export async function writeFinancialAssessments(file, rows) {
  let seed = 20261206;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8);
  const pick = (xs) => xs[next() % xs.length];
  const amount = (max) => (next() % 4 === 0 ? 0 : next() % max);
  const out = createWriteStream(file);
  let chunk = `${COLUMNS}\n`;
  for (let i = 0; i < rows; i++) {
    const household = pick(['single', 'single', 'single', 'couple', 'lone_parent']);
    const pensionAge = next() % 2 === 0;
    const year = pensionAge ? 1930 + (next() % 28) : 1960 + (next() % 46);
    const dob = `${year}-${String(1 + (next() % 12)).padStart(2, '0')}-${String(1 + (next() % 28)).padStart(2, '0')}`;
    const children = household === 'lone_parent' ? 1 + (next() % 3) : household === 'couple' ? next() % 2 : 0;
    const aa = pensionAge ? pick(['none', 'lower', 'higher']) : 'none';
    const pip = pensionAge ? 'none' : pick(['none', 'standard', 'enhanced']);
    const dla = !pensionAge && pip === 'none' ? pick(['none', 'lowest', 'middle', 'highest']) : 'none';
    const aaPence = { none: 0, lower: 7390, higher: 11040 }[aa];
    const pipPence = { none: 0, standard: 7390, enhanced: 11040 }[pip];
    const dlaPence = { none: 0, lowest: 2920, middle: 7390, highest: 11040 }[dla];
    const jointOwners = next() % 5 === 0 ? 2 + (next() % 2) : 0;
    const route = next() % 40;
    const fields = [
      `FA${1000000 + i}`, '2025-09-15', dob, household, pensionAge ? 'yes' : 'no',
      household === 'couple' ? pick(['yes', 'no']) : '', children,
      pick(['yes', 'no']), pick(['no', 'no', 'yes']), pick(['no', 'no', 'no', 'yes']), pick(['no', 'no', 'no', 'yes']),
      route === 0 ? 'full_cost' : route === 1 ? 'nil' : 'none', route === 2 ? 'reablement' : route === 3 ? 's117' : 'none',
      pensionAge ? 20000 + (next() % 4000) : 0, amount(20000), pensionAge ? amount(8000) : 0, pensionAge ? amount(1500) : 0,
      pensionAge ? 0 : amount(40000), pensionAge ? 0 : amount(15000), pensionAge ? 0 : amount(9000), amount(8500),
      aa, aaPence, dla, dlaPence, pip, pipPence,
      dla === 'none' ? 0 : amount(7705), pip === 'none' ? 0 : amount(7705), amount(30000), amount(3000), amount(500), children ? amount(5000) : 0,
      amount(5000), amount(2000), household === 'couple' ? amount(30001) : 0,
      next() % 3 === 0 ? next() % 3000000 : next() % 1500000, jointOwners ? next() % 2000001 : 0, jointOwners,
      amount(15000), amount(3000), amount(4000), 1000 + (next() % 60000),
    ];
    chunk += `${fields.join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}
