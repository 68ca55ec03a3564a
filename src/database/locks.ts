// Named locks across transactions and app instances, on PostgreSQL's advisory locks; one key per
// name. SQLite runs one write transaction at a time already, so there each lock is granted at once.
// - `lockFor`: the few read-then-write steps a constraint cannot guard (the next sort order, the
//   one draft methodology) wait for each other until their transaction ends.
// - `tryLockFor`: scheduled work skips, instead of waiting, while another instance runs it.
// - `whileHolding`: start-up, one instance at a time, across several transactions.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, engineOf } from './connect.js';
import type { Trx } from './executor.js';

/** A name's advisory lock key: 64 bits of its hash, as PostgreSQL's bigint. */
function lockKey(name: string): string {
  return createHash('sha256').update(`cartera:${name}`).digest().readBigInt64BE(0).toString();
}

/** Waits for the lock `name` until `trx` ends. */
export async function lockFor(trx: Trx, name: 'methodology' | 'reference-data'): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${lockKey(name)}::bigint)`.execute(trx);
}

/** Takes the lock `name` until `trx` ends; false when another transaction holds it. */
export async function tryLockFor(trx: Trx, name: string): Promise<boolean> {
  if (engineOf(trx) !== 'postgres') return true;
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(${lockKey(name)}::bigint) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/**
 * Runs `work` while holding the lock `name` on a connection of its own (released after): the next
 * caller, on any instance, waits. `work` uses the pool, never the locked connection.
 */
export async function whileHolding<T>(db: Db, name: string, work: () => Promise<T>): Promise<T> {
  if (engineOf(db) !== 'postgres') return work();
  const key = lockKey(name);
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${key}::bigint)`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(connection);
    }
  });
}
