import { PGlite } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';

/**
 * Kysely talks to PostgreSQL through a pool of clients. PGlite is one in-process connection, so
 * this adapter hands it out to one borrower at a time: a transaction keeps it until it commits,
 * and every other query waits its turn. Everything else is Kysely's own PostgreSQL dialect.
 */
/** Same as the pg driver: bigint as number, date as 'YYYY-MM-DD'. Passed on every query (clone() drops instance options). */
export const TYPE_PARSERS = {
  20: (value: string) => Number(value),
  1082: (value: string) => value,
};

class PgliteClientPool {
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async connect() {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.#queue;
    this.#queue = previous.then(() => turn);
    await previous;
    const pglite = this.pglite;
    return {
      async query(sql: string, parameters: unknown[]) {
        // As pg does: with no parameters, the simple protocol, which takes several statements (a
        // job queue's schema script); the last statement's rows are the answer.
        const result = parameters.length === 0 ? ((await pglite.exec(sql, { parsers: TYPE_PARSERS })).at(-1) ?? { rows: [], affectedRows: 0 }) : await pglite.query<Record<string, unknown>>(sql, parameters, { parsers: TYPE_PARSERS });
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release,
    };
  }

  async end() {
    // The owner of the PGlite instance closes it.
  }
}

function commandOf(sql: string): string {
  const match = /^\s*(insert|update|delete|merge)\b/i.exec(sql);
  return match ? match[1]!.toUpperCase() : 'SELECT';
}

export function pgliteDialect(pglite: PGlite): PostgresDialect {
  // The structural pool is all PostgresDialect uses; its type names pg's Pool.
  return new PostgresDialect({ pool: new PgliteClientPool(pglite) as never });
}
