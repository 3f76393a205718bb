import { type FileHandle, open } from 'node:fs/promises';
import { COMMA, NotPlain, READ_BYTES, answersAt, asciiFieldEnd, knownIds, matchId, personIdEnd, readPlainLines } from '../../batch/plain-lines.js';
import type { Progress } from '../../batch/progress.js';
import { type CompiledScheme, priceChecked } from '../../domain/ras/pricing.js';

/**
 * `ras allocate`'s fast path for a plain file (issue 19): each answer matched against the scheme's
 * answer ids as bytes and each row written out as bytes — no string per field, no array per row.
 * A plain file has no double quotes, ASCII person ids, every row the header's width and every
 * answer and group one the scheme knows. At the first thing that is not plain this gives up (null)
 * and allocate.ts reads the whole file again with the RFC 4180 reader, naming every problem; so
 * the two never disagree about a good file's figures (a property test checks), only about speed.
 */

const OUT_BYTES = 1 << 20;

/** The rows priced, or null when the file is not plain. `sizes` are the read and write buffers' (small in tests, to cross their edges). */
export async function allocatePlainFile(c: CompiledScheme, input: string, partial: string, progress: Progress, sizes = { read: READ_BYTES, write: OUT_BYTES }): Promise<number | null> {
  const target: FileHandle = await open(partial, 'w');
  const out = Buffer.allocUnsafe(sizes.write);
  let at = 0;
  const digitsOf = new Uint8Array(24);
  const number = (n: number) => {
    let d = 0;
    do {
      digitsOf[d++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    while (d > 0) out[at++] = digitsOf[--d]!;
  };
  const outcomes = new Map<string, Buffer>(['allocated', 'panel-review', 'below-threshold'].map((o) => [o, Buffer.from(`,${o}\n`, 'latin1')]));
  const groups = c.groups ? knownIds(c.groups.keys()) : null;
  // The header decides which question each column answers.
  let columns: ReturnType<typeof knownIds>[] = [];
  let questionOf: number[] = [];
  const answers = new Array<string>(c.questionIds.length);
  const domainPoints = new Array<number>(c.domainCaps.length);
  const setAnswer = (column: number, id: string) => (answers[questionOf[column]!] = id);
  let rows = 0;
  try {
    const plain = await readPlainLines(
      input,
      {
        header(text) {
          const names = text.split(',');
          if (names[0] !== 'person_id' || names[1] !== 'group') throw new NotPlain();
          questionOf = names.slice(2).map((name) => c.questionIndex.get(name) ?? -1);
          if (questionOf.includes(-1) || questionOf.length !== c.questionIds.length || new Set(questionOf).size !== questionOf.length) throw new NotPlain();
          columns = questionOf.map((q) => knownIds(c.answerPoints[q]!.keys()));
          at += out.write('person_id,group,points,weekly_pence,annual_pence,outcome\n', at, 'latin1');
        },
        line(buffer, start, end) {
          const personEnd = personIdEnd(buffer, start, end);
          const groupEnd = asciiFieldEnd(buffer, personEnd + 1, end);
          const groupId = groups ? (matchId(groups, buffer, personEnd + 1, groupEnd) ?? null) : null;
          if (groups && groupId === null) throw new NotPlain();
          answersAt(buffer, groupEnd, end, columns, setAnswer);
          // Room for the row: its ids, three numbers and an outcome.
          if (at + (groupEnd - start) + 80 > sizes.write) return false;
          const priced = priceChecked(c, answers, groupId, domainPoints);
          at += buffer.copy(out, at, start, groupEnd);
          out[at++] = COMMA;
          number(priced.points);
          out[at++] = COMMA;
          number(priced.weeklyPence);
          out[at++] = COMMA;
          number(priced.annualPence);
          at += outcomes.get(priced.outcome)!.copy(out, at);
          rows++;
          return true;
        },
        async drain() {
          if (at > 0) await target.write(out, 0, at);
          at = 0;
        },
      },
      { update: (bytes) => progress.update(bytes, `${rows.toLocaleString('en-GB')} rows`), finish() {} },
      sizes.read,
    );
    return plain ? rows : null;
  } finally {
    await target.close();
  }
}
