import type { Compilable, CompiledQuery } from 'kysely';
import type { Database } from './database.ts';

/** Stands for the n-th value of a statement while Kysely compiles it. */
class Placeholder {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

/**
 * A statement that Kysely builds and compiles once per database, then runs with each call's
 * values: for the few statements a service runs for every message, where building and
 * compiling the query (Kysely's immutable nodes, the camelCase pass over them) costs the
 * service more CPU than running it. `build` receives stand-ins for the values and may only use
 * each as a value (compare with it, set a column to it; more than once if need be), never look into it; what does not vary
 * between calls may be written into the statement as it is.
 */
export function compiledOnce<Values extends readonly unknown[], Row>(
  build: (db: Database, ...values: Values) => Compilable<Row>,
): (db: Database, ...values: Values) => Promise<Row[]> {
  const compiled = new WeakMap<Database, { query: CompiledQuery<Row>; slots: (number | undefined)[] }>();
  return async (db, ...values) => {
    let statement = compiled.get(db);
    if (!statement) {
      const standIns = values.map((_, index) => new Placeholder(index)) as unknown as Values;
      const query = build(db, ...standIns).compile();
      const slots = query.parameters.map((parameter) => (parameter instanceof Placeholder ? parameter.index : undefined));
      if (values.some((_, index) => !slots.includes(index))) throw new Error('compiledOnce: a value is not used as a parameter');
      statement = { query, slots };
      compiled.set(db, statement);
    }
    const { query, slots } = statement;
    const parameters = query.parameters.map((parameter, index) => {
      const slot = slots[index];
      return slot === undefined ? parameter : values[slot];
    });
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
