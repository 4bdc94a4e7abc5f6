import { randomBytes } from "node:crypto";
import pg from "pg";

// The floor of a benchmark: the SQL statements one operation sent, recorded from node-postgres
// in this process (as bench/turn.ts does), replayed directly with `pg`. Statements are kept with
// the connection that sent them, so a transaction (BEGIN ... COMMIT on one connection) is
// replayed on one checked-out connection, the others one `pool.query` each: the round trips and
// the connection use of the original. Named statements keep their names (Prisma's adapter
// prepares each query shape once per connection), rows come back as arrays as Prisma asks.

export type Statement = { text: string; values: unknown[]; name?: string; rowMode?: string };
type Recorded = Statement & { connection: object };

/** A transaction's statements (one connection), or one statement on any connection. */
export type Unit = { transaction: boolean; statements: Statement[] };

const recorded: Recorded[] = [];
let recording = false;
let installed = false;

/** Wraps `pg.Client.prototype.query` once: statements are kept while recording is on. */
function install(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (recording) {
      const [config, values] = args as [
        string | { text: string; values?: unknown[]; name?: string; rowMode?: string },
        unknown,
      ];
      if (typeof config === "string") {
        recorded.push({
          connection: this,
          text: config,
          values: Array.isArray(values) ? values : [],
        });
      } else if (config && typeof config.text === "string") {
        recorded.push({
          connection: this,
          text: config.text,
          values: config.values ?? [],
          name: config.name,
          rowMode: config.rowMode,
        });
      }
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Records every statement node-postgres sends while `operation` runs. */
export async function recordStatements(operation: () => Promise<unknown>): Promise<Unit[]> {
  install();
  recorded.length = 0;
  recording = true;
  try {
    await operation();
  } finally {
    recording = false;
  }
  return unitsOf(recorded.splice(0).filter((s) => !/^\s*(SET|SHOW)\b/i.test(s.text)));
}

const BEGIN = /^\s*BEGIN\b/i;
const END = /^\s*(COMMIT|ROLLBACK)\b(?!\s+TO\b)/i;

/** Groups statements into transactions by connection, in the order each began. */
export function unitsOf(statements: Recorded[]): Unit[] {
  const units: Unit[] = [];
  const open = new Map<object, Unit>();
  for (const { connection, ...statement } of statements) {
    const transaction = open.get(connection);
    if (transaction) {
      transaction.statements.push(statement);
      if (END.test(statement.text)) open.delete(connection);
    } else if (BEGIN.test(statement.text)) {
      const unit: Unit = { transaction: true, statements: [statement] };
      units.push(unit);
      open.set(connection, unit);
    } else {
      units.push({ transaction: false, statements: [statement] });
    }
  }
  return units;
}

export const statementCount = (units: Unit[]) =>
  units.reduce((sum, unit) => sum + unit.statements.length, 0);

const CUID = /\bc[a-z0-9]{20,30}\b/g;

/**
 * The units with the ids the operation created replaced by fresh ones on every call (wherever
 * they appear: plain parameters, arrays, inside JSON text), so its inserts can repeat. `keep`:
 * ids of rows that existed before; `substitute`: whole values or ids to replace by others (the
 * thread of another client, its external id).
 */
export function replayable(
  units: Unit[],
  keep: ReadonlySet<string>,
  substitute: ReadonlyMap<string, string> = new Map(),
): () => Unit[] {
  return () => {
    const fresh = new Map<string, string>();
    const swap = (id: string) => {
      const other = substitute.get(id);
      if (other !== undefined) return other;
      if (keep.has(id)) return id;
      let next = fresh.get(id);
      if (next === undefined) {
        next = `c${randomBytes(12).toString("hex")}`;
        fresh.set(id, next);
      }
      return next;
    };
    const map = (value: unknown): unknown => {
      if (typeof value === "string") return substitute.get(value) ?? value.replace(CUID, swap);
      if (Array.isArray(value)) return value.map(map);
      return value;
    };
    return units.map((unit) => ({
      transaction: unit.transaction,
      statements: unit.statements.map((s) => ({ ...s, values: s.values.map(map) })),
    }));
  };
}

function query(client: pg.Pool | pg.PoolClient, s: Statement) {
  return client.query({
    text: s.text,
    values: s.values,
    ...(s.name && { name: s.name }),
    ...(s.rowMode === "array" && { rowMode: "array" as const }),
  });
}

/** Sends the units in order: a transaction on one checked-out connection, others one each. */
export async function replay(pool: pg.Pool, units: Unit[]): Promise<void> {
  for (const unit of units) {
    if (!unit.transaction) {
      await query(pool, unit.statements[0]!);
      continue;
    }
    const client = await pool.connect();
    let failed: unknown = null;
    try {
      for (const statement of unit.statements) await query(client, statement);
      // A transaction the recording ended inside never leaves its connection open.
      if (!END.test(unit.statements.at(-1)!.text)) await client.query("ROLLBACK");
    } catch (error) {
      failed = error;
      await client.query("ROLLBACK").catch(() => undefined);
    } finally {
      client.release();
    }
    if (failed) throw failed;
  }
}
