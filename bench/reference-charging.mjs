// The reference for `selfdirect charging assess`: a tight single-pass Node loop that splits lines
// and computes the same figures in ordinary floating point, with no validation at all (no dates,
// ages or cross-field checks; it trusts every field). A speed reference, not an implementation.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [rulesFile, input, output] = process.argv.slice(2);
const r = JSON.parse(readFileSync(rulesFile, 'utf8'));
const percent = Number(r.council.percentOfDisposable) / 100;
const uplift = Number(r.council.migUplift.percent) / 100;
const max = r.council.maximumWeeklyPence;

const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
const out = createWriteStream(output);
let col;
let buffer = 'person_id,capital_pence,tariff_income_pence,counted_income_pence,disregarded_income_pence,housing_costs_pence,dre_pence,mig_pence,disposable_income_pence,weekly_contribution_pence,reason\n';
for await (const line of lines) {
  const f = line.split(',');
  if (!col) {
    col = Object.fromEntries(f.map((name, i) => [name, i]));
    continue;
  }
  const n = (name) => +f[col[name]];
  const s = (name) => f[col[name]];
  const owners = n('joint_owners');
  const capital = n('capital_sole_pence') + (owners ? Math.floor(n('capital_joint_pence') / owners) : 0);
  const cost = n('cost_of_care_weekly_pence');
  let out0 = `${s('person_id')},${capital},0,0,0,0,0,0,0,`;
  if (s('free_service') !== 'none') buffer += `${out0}0,free-service\n`;
  else if (s('light_touch') === 'nil') buffer += `${out0}0,light-touch-nil\n`;
  else if (s('light_touch') === 'full_cost' || capital > r.capital.upperPence) buffer += `${out0}${cost},${s('light_touch') === 'full_cost' ? 'light-touch-full-cost' : 'full-cost-capital'}\n`;
  else {
    const tariff = capital <= r.capital.lowerPence ? 0 : Math.ceil((Math.min(capital, r.capital.upperPence) - r.capital.lowerPence) / r.capital.tariffPerPence) * r.capital.tariffWeeklyPence;
    const day = s('night_care_arranged') === 'no';
    const br = r.benefitRates;
    const aa = day && s('aa_rate') === 'higher' ? Math.min(n('aa_pence'), br.attendanceAllowance.higherPence - br.attendanceAllowance.lowerPence) : 0;
    const dla = day && s('dla_care_rate') === 'highest' ? Math.min(n('dla_care_pence'), br.dlaCare.highestPence - br.dlaCare.middlePence) : 0;
    const couple = s('household') === 'couple';
    const sc = Math.min(n('pension_credit_savings_pence'), couple ? r.disregards.savingsCredit.couplePence : r.disregards.savingsCredit.singlePence);
    const war = Math.min(n('war_pension_pence'), r.disregards.warPension.weeklyPence);
    const disregarded = aa + dla + sc + war + n('dla_mobility_pence') + n('pip_mobility_pence') + n('earnings_pence') + n('armed_forces_gip_afip_pence') + n('child_benefit_ctc_pence') + n('other_disregarded_pence');
    const disability = n('aa_pence') - aa + n('dla_care_pence') - dla + n('pip_daily_living_pence');
    const counted = n('state_pension_pence') + n('occupational_pension_pence') + n('pension_credit_guarantee_pence') + n('pension_credit_savings_pence') - sc + n('universal_credit_pence') + n('esa_pence') + n('income_support_jsa_pence') + n('carers_allowance_pence') + disability + n('war_pension_pence') - war + n('other_counted_pence') + Math.floor(n('joint_income_pence') / 2);
    const housing = n('housing_costs_pence') + n('council_tax_pence');
    const dre = disability === 0 ? 0 : r.council.dre.flatWeeklyPence;
    const pca = s('pension_credit_age') === 'yes';
    const age = 2025 - +s('date_of_birth').slice(0, 4) - (s('date_of_birth').slice(5) > s('assessment_date').slice(5) ? 1 : 0);
    const m = r.mig;
    let mig = couple ? (pca || s('partner_pension_credit_age') === 'yes' ? m.couple.eachPensionCreditAgePence : m.couple.eachPence) : s('household') === 'lone_parent' ? (pca ? m.single.pensionCreditAgePence : m.loneParentPence) : pca ? m.single.pensionCreditAgePence : age < 25 ? m.single.age18to24Pence : m.single.age25ToPensionCreditAgePence;
    mig += n('dependent_children') * m.childPence + (s('disability_premium') === 'yes' ? (couple ? m.premiums.disabilityCouplePence : m.premiums.disabilitySinglePence) : 0) + (s('enhanced_disability_premium') === 'yes' ? (couple ? m.premiums.enhancedDisabilityCouplePence : m.premiums.enhancedDisabilitySinglePence) : 0) + (s('carer_premium') === 'yes' ? m.premiums.carerPence : 0);
    mig = Math.ceil(mig * (1 + uplift)) + r.council.migUplift.fixedWeeklyPence;
    const disposable = counted + tariff - housing - dre - mig;
    out0 = `${s('person_id')},${capital},${tariff},${counted},${disregarded},${housing},${dre},${mig},${disposable},`;
    const raw = Math.floor(disposable * percent);
    if (disposable <= 0) buffer += `${out0}0,nil-below-mig\n`;
    else if (raw < r.council.minimumChargeWeeklyPence) buffer += `${out0}0,below-minimum-charge\n`;
    else if (cost < raw && (max === null || cost <= max)) buffer += `${out0}${cost},capped-at-cost\n`;
    else if (max !== null && max < raw) buffer += `${out0}${max},capped-at-maximum\n`;
    else buffer += `${out0}${raw},assessed\n`;
  }
  if (buffer.length > 1 << 20) {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  }
}
out.end(buffer);
await once(out, 'close');
