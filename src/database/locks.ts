// Named locks for the few read-then-write steps a constraint cannot guard (the next version or
// sort order, the one draft methodology). On PostgreSQL a transaction-level advisory lock makes
// transactions taking the same name wait for each other, across app instances, and is released
// when the transaction ends. SQLite already runs one write transaction at a time.
import { sql } from 'kysely';
import { engineOf } from './connect.js';
import type { Trx } from './executor.js';

export type LockName = 'methodology' | 'reference-data';

export async function lockFor(trx: Trx, name: LockName): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtext(${`cartera:${name}`}))`.execute(trx);
}
