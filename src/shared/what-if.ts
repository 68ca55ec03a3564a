// Answers "what would this change do?" by making the change in a transaction that is always rolled back.
import type { Db } from '../database/connect.js';

class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('what-if transaction rolled back');
  }
}

/** Runs `work` in a transaction, returns its result and undoes everything it wrote. */
export async function whatIf<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  try {
    await db.transaction().execute(async (trx) => {
      throw new RolledBack(await work(trx));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.value as T;
    throw error;
  }
  throw new Error('unreachable: a what-if transaction always rolls back');
}
