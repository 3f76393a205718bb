import { createWriteStream, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { CsvSyntaxError, csvField, readCsv } from '../../batch/csv.js';
import { type Progress, progressBar } from '../../batch/progress.js';
import { type CompiledScheme, priceChecked } from '../../domain/ras/pricing.js';
import { BatchFileError, type BatchProblem } from '../../batch/problems.js';
import { allocatePlainFile } from './allocate-plain.js';

/**
 * `selfdirect ras allocate`: prices an assessments CSV with a scheme, exactly as the formats
 * README says. A file with any bad row is refused whole: every bad row is named by line and
 * column with what was expected, and nothing is written.
 */
const list = (values: Iterable<string>) => [...values].join(', ');

interface Columns {
  /** For each CSV column from the third on, the question index it answers. */
  questionOf: number[];
  names: string[];
}

function checkHeader(c: CompiledScheme, header: string[], problems: BatchProblem[]): Columns | null {
  const before = problems.length;
  if (header[0] !== 'person_id') problems.push({ line: 1, column: header[0] ?? null, message: 'the first column must be person_id' });
  if (header[1] !== 'group') problems.push({ line: 1, column: header[1] ?? null, message: 'the second column must be group' });
  const questionOf: number[] = [];
  const seen = new Set<string>();
  for (const name of header.slice(2)) {
    const q = c.questionIndex.get(name);
    if (q === undefined) problems.push({ line: 1, column: name, message: `is not a question of scheme ${c.scheme.id} ${c.scheme.version}` });
    else if (seen.has(name)) problems.push({ line: 1, column: name, message: 'appears more than once' });
    seen.add(name);
    questionOf.push(q ?? -1);
  }
  const missing = c.questionIds.filter((id) => !seen.has(id));
  if (missing.length > 0) problems.push({ line: 1, column: null, message: `columns missing for these questions: ${list(missing)}` });
  return problems.length === before ? { questionOf, names: header } : null;
}

export interface AllocateResult {
  rows: number;
}

export async function allocateFile(c: CompiledScheme, input: string, output: string, options: { progress?: Progress } = {}): Promise<AllocateResult> {
  const progress = options.progress ?? progressBar(statSync(input).size, 'Pricing');
  const partial = `${output}.partial`;
  // A plain file is priced a byte at a time; anything else (or a bad file) is read again carefully.
  let rows: number | null;
  try {
    rows = (await allocatePlainFile(c, input, partial, progress)) ?? (await allocateCarefully(c, input, partial, progress));
  } finally {
    progress.finish();
  }
  await rename(partial, output);
  return { rows };
}

/** Every row read by the RFC 4180 reader and checked; a bad file is refused whole (BatchFileError) and `partial` removed. */
export async function allocateCarefully(c: CompiledScheme, input: string, partial: string, progress: Progress): Promise<number> {
  const problems: BatchProblem[] = [];
  const out = createWriteStream(partial, { highWaterMark: 1 << 20 });
  const expected = c.questionIds.map((_, q) => list(c.answerPoints[q]!.keys()));
  const groups = c.groups;
  const answers = new Array<string>(c.questionIds.length);
  const domainPoints = new Array<number>(c.domainCaps.length);
  let columns: Columns | null = null;
  let headerSeen = false;
  let rows = 0;
  let buffer = 'person_id,group,points,weekly_pence,annual_pence,outcome\n';
  try {
    for await (const batch of readCsv(input, (bytes) => progress.update(bytes, `${rows.toLocaleString('en-GB')} rows`))) {
      for (const record of batch) {
        const fields = record.fields;
        if (!headerSeen) {
          headerSeen = true;
          columns = checkHeader(c, fields, problems);
          if (!columns) break;
          continue;
        }
        const cols = columns!;
        if (fields.length !== cols.names.length) {
          problems.push({ line: record.line, column: null, message: `has ${fields.length} fields; expected ${cols.names.length}, one for each column of the header` });
          continue;
        }
        let bad = false;
        const personId = fields[0]!;
        if (personId === '') {
          problems.push({ line: record.line, column: 'person_id', message: 'is empty; expected the person’s id' });
          bad = true;
        }
        const group = fields[1]!;
        if (groups && !groups.has(group)) {
          problems.push({ line: record.line, column: 'group', message: `${group === '' ? 'is empty' : `"${group}" is not a group of this scheme`}; expected one of ${list(groups.keys())}` });
          bad = true;
        }
        for (let j = 2; j < fields.length; j++) {
          const q = cols.questionOf[j - 2]!;
          const value = fields[j]!;
          if (!c.answerPoints[q]!.has(value)) {
            problems.push({ line: record.line, column: cols.names[j]!, message: `${value === '' ? 'is empty' : `"${value}" is not an answer to this question`}; expected one of ${expected[q]}` });
            bad = true;
          }
          answers[q] = value;
        }
        if (bad || problems.length > 0) continue; // once the file is bad, only look for more problems
        const priced = priceChecked(c, answers, groups ? group : null, domainPoints);
        buffer += `${personId.indexOf(',') === -1 && personId.indexOf('"') === -1 && personId.indexOf('\n') === -1 ? personId : csvField(personId)},${group.indexOf(',') === -1 && group.indexOf('"') === -1 ? group : csvField(group)},${priced.points},${priced.weeklyPence},${priced.annualPence},${priced.outcome}\n`;
        rows++;
      }
      if (!columns && headerSeen) break;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    if (!headerSeen) problems.push({ line: 1, column: null, message: 'the file is empty; expected a header row' });
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.push({ line: error.line, column: null, message: error.message.replace(/^line \d+: /, '') });
  } finally {
    out.end(problems.length === 0 ? buffer : '');
    await once(out, 'close');
  }
  if (problems.length > 0) {
    await rm(partial, { force: true });
    throw new BatchFileError(input, problems);
  }
  return rows;
}
