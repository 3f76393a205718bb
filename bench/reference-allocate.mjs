// The reference for `selfdirect ras allocate`: a straightforward single-pass Node loop that
// splits lines, looks answers up in Maps and prices with ordinary floating point (which is
// not exact: this is a speed reference, not a correct implementation). It does no validation.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [schemeFile, input, output] = process.argv.slice(2);
const scheme = JSON.parse(readFileSync(schemeFile, 'utf8'));
const questions = scheme.domains.flatMap((d, di) => d.questions.map((q) => ({ id: q.id, domain: di, points: new Map(q.answers.map((a) => [a.id, a.points])) })));
const caps = scheme.domains.map((d) => d.maxPoints ?? Infinity);
const groups = new Map(scheme.allocation.groups.map((g) => [g.id, g]));
const weeks = scheme.weeksPerYear ?? 52;
const panel = scheme.allocation.panelReview ?? {};

const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
const out = createWriteStream(output);
let header = true;
let columns;
let buffer = 'person_id,group,points,weekly_pence,annual_pence,outcome\n';
for await (const line of lines) {
  const fields = line.split(',');
  if (header) {
    columns = fields.slice(2).map((id) => questions.findIndex((q) => q.id === id));
    header = false;
    continue;
  }
  const domainPoints = caps.map(() => 0);
  const chosen = {};
  for (let j = 2; j < fields.length; j++) {
    const q = questions[columns[j - 2]];
    domainPoints[q.domain] += q.points.get(fields[j]);
    chosen[q.id] = fields[j];
  }
  let points = 0;
  for (let d = 0; d < caps.length; d++) points += Math.min(domainPoints[d], caps[d]);
  let factor = 1;
  for (const a of scheme.adjustments ?? []) factor *= 1 - (a.reductions[chosen[a.questionId]] ?? 0);
  const g = groups.get(fields[1]);
  let weekly = 0;
  let annual = 0;
  let outcome = 'below-threshold';
  if (points >= (g.minimumPoints ?? 0)) {
    weekly = Math.max(0, Math.round(((g.fixedPence ?? 0) + points * g.pencePerPoint) * factor));
    annual = Math.round(weekly * weeks);
    outcome = points > (panel.abovePoints ?? Infinity) || weekly > (panel.aboveWeeklyPence ?? Infinity) ? 'panel-review' : 'allocated';
  }
  buffer += `${fields[0]},${fields[1]},${points},${weekly},${annual},${outcome}\n`;
  if (buffer.length > 1 << 20) {
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  }
}
out.end(buffer);
await once(out, 'close');
