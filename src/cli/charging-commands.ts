import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BatchFileError, describeBatchFileError } from '../batch/problems.js';
import { parseChargingRules } from '../domain/charging/rules.js';
import { belowStatutory } from '../domain/charging/statutory.js';
import { assessFile } from '../features/charging/assess-file.js';
import { UsageError, loadText } from './usage.js';

/**
 * `selfdirect charging validate RULES.json` and `selfdirect charging assess --rules RULES.json
 * --input FA.csv --out OUT.csv` (../shared/docs/charging.md §5–7 and §10).
 */
function loadRules(file: string) {
  return parseChargingRules(loadText(file));
}

export async function runCharging(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'validate') {
    const file = rest[0];
    if (!file || rest.length > 1) throw new UsageError('Usage: selfdirect charging validate RULES.json');
    const result = loadRules(file);
    if (!result.ok) {
      process.stderr.write(`${file} is not a valid selfdirect-charging/1 document:\n${result.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}\n`);
      return 1;
    }
    const r = result.rules;
    for (const w of [...result.warnings, ...belowStatutory(r)]) process.stderr.write(`warning: ${w.path}: ${w.message}\n`);
    process.stdout.write(`${r.id} ${r.financialYear} is valid: from ${r.validFrom} to ${r.validTo}, ${r.toConfirm.length} ${r.toConfirm.length === 1 ? 'figure' : 'figures'} to confirm.\n`);
    return 0;
  }
  if (sub === 'assess') {
    const { values } = parseArgs({ args: rest, options: { rules: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' } } });
    if (!values.rules || !values.input || !values.out) throw new UsageError('Usage: selfdirect charging assess --rules RULES.json --input ASSESSMENTS.csv --out CONTRIBUTIONS.csv');
    const rules = loadRules(values.rules);
    if (!rules.ok) {
      process.stderr.write(`${values.rules} is not a valid charging rules document; run selfdirect charging validate ${values.rules} to see why. Nothing was written.\n`);
      return 1;
    }
    if (!existsSync(values.input)) throw new UsageError(`Cannot read ${values.input}`);
    try {
      const result = await assessFile(rules.rules, values.input, values.out);
      const confirm = rules.rules.toConfirm.length > 0 ? ` Warning: ${rules.rules.toConfirm.length} of the rules' figures are still to be confirmed (run selfdirect charging validate ${values.rules}).` : '';
      process.stdout.write(`Assessed ${result.rows} ${result.rows === 1 ? 'person' : 'people'} with ${rules.rules.id} ${rules.rules.financialYear} into ${values.out}.${confirm}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof BatchFileError)) throw error;
      process.stderr.write(describeBatchFileError(error));
      return 1;
    }
  }
  throw new UsageError('Usage: selfdirect charging validate RULES.json | charging assess --rules RULES.json --input ASSESSMENTS.csv --out CONTRIBUTIONS.csv');
}
