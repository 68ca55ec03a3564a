// The two shapes a data function's first argument takes (house style: data functions take `db` or `trx`).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** What a query runs on: the database or an open transaction, whichever the caller holds. */
export type Executor = Kysely<Database>;

/** For a function that must run inside its caller's transaction (several writes that stand or fall together). */
export type Trx = Transaction<Database>;
